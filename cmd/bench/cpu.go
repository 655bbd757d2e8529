package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The machine is shared: what else ran during the loads is measured, so
// that a reader can tell a slow page from a busy machine. Linux only
// (/proc), as the portal's machines are.

const clockTicks = 100 // USER_HZ: /proc times are in 1/100 s on Linux

// cpuSample is the machine's busy time and the part of it spent by the
// processes of this run: this program and its reaped children (wrk), the
// portals, and the private cluster's server processes.
type cpuSample struct {
	at         time.Time
	busy, ours int64 // clock ticks
	portals    []int
	pgPM       int
}

func sampleCPU(portals []int, dataDir string) cpuSample {
	s := cpuSample{at: time.Now(), portals: portals}
	if b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid")); err == nil {
		s.pgPM, _ = strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0])
		var total int64
		for i, v := range f[1:] {
			n, _ := strconv.ParseInt(v, 10, 64)
			// Not idle nor iowait; guest times are already in user. The
			// irq and softirq ticks count: those that land in a process
			// are also in its system time.
			if i == 3 || i == 4 || i >= 8 {
				continue
			}
			total += n
		}
		s.busy = total
	}
	self := os.Getpid()
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		st, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command, which is in parentheses and may hold spaces.
		rest := string(st)
		if i := strings.LastIndexByte(rest, ')'); i >= 0 {
			rest = rest[i+2:]
		}
		f := strings.Fields(rest)
		if len(f) < 15 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		cutime, _ := strconv.ParseInt(f[13], 10, 64)
		cstime, _ := strconv.ParseInt(f[14], 10, 64)
		switch {
		case pid == self, s.pgPM != 0 && pid == s.pgPM:
			// With the children reaped: wrk runs, ended server processes.
			s.ours += utime + stime + cutime + cstime
		case slices.Contains(portals, pid), s.pgPM != 0 && ppid == s.pgPM, ppid == self:
			s.ours += utime + stime
		}
	}
	return s
}

// othersShare is the share of the machine's CPUs that processes foreign to
// this run used between two samples (0..1).
func othersShare(a, b cpuSample) float64 {
	capacity := b.at.Sub(a.at).Seconds() * clockTicks * float64(runtime.NumCPU())
	if capacity <= 0 {
		return 0
	}
	others := float64((b.busy - a.busy) - (b.ours - a.ours))
	return max(0, others/capacity)
}
