package localpg

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// serverUser is the system account PostgreSQL runs as when we are root:
// the server refuses to run as root.
const serverUser = "postgres"

// runAs is the account initdb, pg_ctl and postgres run as.
type runAs struct {
	root   bool                // we are root and switch to serverUser
	name   string              // user name, for messages
	uid    int                 // uid of the account
	gid    int                 // primary gid
	groups []int               // all gids of the account, primary included
	home   string              // home directory (only set when root)
	cred   *syscall.Credential // nil when running as the current user
}

func currentRunAs() (*runAs, error) {
	if os.Geteuid() != 0 {
		groups, _ := os.Getgroups()
		r := &runAs{uid: os.Geteuid(), gid: os.Getegid(), groups: append(groups, os.Getegid())}
		if u, err := user.Current(); err == nil {
			r.name = u.Username
		} else {
			r.name = strconv.Itoa(r.uid)
		}
		return r, nil
	}
	u, err := user.Lookup(serverUser)
	if err != nil {
		return nil, fmt.Errorf("running as root, so PostgreSQL must run as the %q system user, but looking it up failed (%v): install PostgreSQL with \"apt-get install postgresql\" or run as a non-root user", serverUser, err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("user %q has a non-numeric uid/gid: %w", serverUser, err)
	}
	r := &runAs{root: true, name: serverUser, uid: uid, gid: gid, home: u.HomeDir, groups: []int{gid}}
	cred := &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}
	if ids, err := u.GroupIds(); err == nil {
		for _, s := range ids {
			if g, err := strconv.Atoi(s); err == nil && g != gid {
				r.groups = append(r.groups, g)
				cred.Groups = append(cred.Groups, uint32(g))
			}
		}
	}
	r.cred = cred
	return r, nil
}

// env is the environment of the server processes: ours without PG*
// variables (PGDATA, PGPORT... would override what we pass), and with
// HOME/USER/LOGNAME of the server user when we switch to it.
func (r *runAs) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") {
			continue
		}
		if r.root && (strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "USER=") || strings.HasPrefix(kv, "LOGNAME=")) {
			continue
		}
		env = append(env, kv)
	}
	if r.root {
		env = append(env, "HOME="+r.home, "USER="+r.name, "LOGNAME="+r.name)
	}
	return env
}

// canSearch reports whether the account may traverse a directory, judging
// by its mode bits (ACLs are not consulted).
func (r *runAs) canSearch(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	perm := fi.Mode().Perm()
	switch {
	case int(st.Uid) == r.uid:
		return perm&0o100 != 0
	case slices.Contains(r.groups, int(st.Gid)):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// checkReachable returns an error if the server account cannot traverse
// every parent directory of dir.
func (r *runAs) checkReachable(dir string) error {
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !r.canSearch(fi) {
			st, _ := fi.Sys().(*syscall.Stat_t)
			var owner uint32
			if st != nil {
				owner = st.Uid
			}
			return fmt.Errorf("PostgreSQL runs as user %q, which cannot traverse %s (mode %v, owner uid %d) to reach %s: use a directory it can reach, or make it traversable with \"chmod o+x %s\"",
				r.name, p, fi.Mode().Perm(), owner, dir, p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// chown gives path to the server account (root only; no-op otherwise).
func (r *runAs) chown(path string) error {
	if !r.root {
		return nil
	}
	return os.Lchown(path, r.uid, r.gid)
}

// chownTree gives everything under root to the server account, touching
// only entries whose owner differs (root only; no-op otherwise).
func (r *runAs) chownTree(root string) error {
	if !r.root {
		return nil
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) == r.uid && int(st.Gid) == r.gid {
			return nil
		}
		return os.Lchown(path, r.uid, r.gid)
	})
}
