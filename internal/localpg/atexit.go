package localpg

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
)

// watcherScript waits for the end of its standard input, a pipe whose write
// end only this process holds: the kernel closes it when the process exits,
// however it exits (SIGKILL, a test timeout, SIGPIPE from `go test | head`).
// It then asks the postmaster for a fast shutdown (SIGINT), waits for it to
// exit, removes its socket directory if it was a temporary one
// (tachawor-pg-* under $3, the temporary directory) and optionally removes
// the cluster directory. $1 = data directory, $2 = directory to remove or
// "", $3 = the temporary directory.
const watcherScript = `read -r _
pidfile="$1/postmaster.pid"
sock=""
if [ -f "$pidfile" ]; then
	sock=$(sed -n 5p "$pidfile")
	pid=$(head -n 1 "$pidfile")
	if [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; then
		i=0
		# The postmaster removes postmaster.pid as it exits; kill -0 alone
		# would also wait for init to reap the zombie.
		while [ -f "$pidfile" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
	fi
fi
case "$sock" in "$3"/tachawor-pg-*) rm -rf -- "$sock" ;; esac
if [ -n "$2" ]; then rm -rf -- "$2"; fi
`

var (
	watchersMu sync.Mutex
	watchers   []*os.File // write ends, kept reachable so no finalizer closes them
)

// StopAtExit arranges for the server of the cluster in dir (Options.Dir)
// to be stopped, and with removeDir for dir to be removed, when this process
// exits, even if it is killed: a small watcher process (/bin/sh, in its own
// session) waits for a pipe that only this process holds to close. It is
// meant for tests, so that an interrupted `go test` leaves no server
// behind; call it before Start to cover a process killed during Start. It
// does nothing at exit if no server is running on dir by then (apart from
// removing dir).
func StopAtExit(dir string, removeDir bool) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	r, w, err := os.Pipe() // close-on-exec: only the watcher inherits r
	if err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	rm := ""
	if removeDir {
		rm = dir
	}
	cmd := exec.Command("/bin/sh", "-c", watcherScript, "localpg-watcher", filepath.Join(dir, "pgdata"), rm, filepath.Clean(os.TempDir()))
	cmd.Stdin = r
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // immune to the terminal's Ctrl-C
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("localpg: starting the exit watcher: %w", err)
	}
	r.Close()
	go cmd.Wait() // reap it if it ends while we live
	watchersMu.Lock()
	watchers = append(watchers, w)
	watchersMu.Unlock()
	return nil
}
