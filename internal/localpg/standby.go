package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// StartStandby starts, in opts.Dir, a hot standby of primary: a second
// private cluster, from the same server binaries, streaming primary's WAL
// and replaying it, open to read-only sessions. The first time, its data
// directory is made with pg_basebackup -R from primary, over primary's
// private socket (the standby runs as the same account, so it may enter
// that socket's directory); later calls start the standby already made,
// which resumes streaming where it stopped. The standby is a Cluster like
// any other, on a private socket of its own: Stop stops it, and Start (or
// StartStandby) starts it again.
//
// hot_standby_feedback is on, so that the primary's vacuum does not remove
// rows a query on the standby still reads, which would have the standby
// cancel that query ("conflict with recovery") or hold its replay back.
func StartStandby(ctx context.Context, primary *Cluster, opts Options) (*Cluster, error) {
	c, err := newCluster(opts)
	if err != nil {
		return nil, err
	}
	if err := c.baseBackup(ctx, primary, opts.Fast); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	opts.Settings = append([]string{"hot_standby_feedback=on"}, opts.Settings...)
	return Start(ctx, opts)
}

// baseBackup makes the data directory of a standby of primary, unless it
// exists. It copies into a temporary directory and renames it, so an
// interrupted copy never leaves a half-made pgdata.
func (c *Cluster) baseBackup(ctx context.Context, primary *Cluster, fast bool) error {
	unlock, err := lockFile(ctx, filepath.Join(c.dir, ".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if entries, err := os.ReadDir(c.dataDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists but is not an initialized PostgreSQL data directory (no PG_VERSION): remove it to make a new standby", c.dataDir)
	}
	os.Remove(c.dataDir)
	tmp := c.dataDir + ".basebackup"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("removing leftover %s: %w", tmp, err)
	}
	// -R writes standby.signal and primary_conninfo (the primary's
	// socket); -X stream copies the WAL written meanwhile; -c fast takes
	// the checkpoint at once rather than spread out.
	args := []string{"-D", tmp, "-h", primary.SocketDir(), "-p", strconv.Itoa(port), "-U", Superuser,
		"-R", "-X", "stream", "-c", "fast", "--no-password"}
	if fast {
		args = append(args, "--no-sync")
	}
	if out, err := c.run(ctx, "pg_basebackup", args...); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("copying the primary (pg_basebackup -D %s): %w: %s", tmp, err, lastLines(out, 15))
	}
	if err := os.Rename(tmp, c.dataDir); err != nil {
		return fmt.Errorf("moving the standby's data directory into place: %w", err)
	}
	return nil
}
