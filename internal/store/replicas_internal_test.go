package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// A standby's lag is the age of the newest of the primary's positions it
// has replayed, and unknown (more than the oldest's age) when it has
// replayed none of them.
func TestLagOf(t *testing.T) {
	now := time.Now()
	samples := []walSample{{now.Add(-3 * time.Second), 100}, {now.Add(-2 * time.Second), 200}, {now.Add(-time.Second), 200}, {now, 300}}
	for _, c := range []struct {
		replayed uint64
		lag      time.Duration
		known    bool
	}{
		{300, 0, true},
		{400, 0, true},
		{299, time.Second, true}, // the primary has not written since -2s, but flushed 300 by now
		{200, time.Second, true},
		{199, 3 * time.Second, true},
		{100, 3 * time.Second, true},
		{99, 3 * time.Second, false},
	} {
		lag, known := lagOf(samples, c.replayed, now)
		if lag != c.lag || known != c.known {
			t.Errorf("replayed %d: lag %v known %v, want %v %v", c.replayed, lag, known, c.lag, c.known)
		}
	}
	if _, known := lagOf(nil, 1, now); known {
		t.Error("a lag known without any position of the primary")
	}
}

// Which errors of a standby are retried on the primary, and which skip it.
func TestStandbyFault(t *testing.T) {
	for _, c := range []struct {
		err         error
		retry, down bool
	}{
		{errors.New("dial unix /run/.s.PGSQL.5432: connect: no such file or directory"), true, true},
		{fmt.Errorf("reading: %w", &pgconn.PgError{Code: "57P01"}), true, true}, // terminating connection due to administrator command
		{&pgconn.PgError{Code: "57P03"}, true, true},                            // the database system is starting up
		{&pgconn.PgError{Code: "53300"}, true, true},                            // too many connections
		{&pgconn.PgError{Code: "08006"}, true, true},
		{&pgconn.PgError{Code: "40001"}, true, false},  // conflict with recovery
		{&pgconn.PgError{Code: "25006"}, true, false},  // a write on a standby
		{&pgconn.PgError{Code: "57014"}, false, false}, // statement timeout: the primary's too
		{&pgconn.PgError{Code: "22P02"}, false, false}, // bad input
		{&pgconn.PgError{Code: "X"}, false, false},
	} {
		if retry, down := standbyFault(c.err); retry != c.retry || down != c.down {
			t.Errorf("%v: retry %v down %v, want %v %v", c.err, retry, down, c.retry, c.down)
		}
	}
}
