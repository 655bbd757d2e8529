package backup_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/backup"
	"tachawor/internal/pagecache"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

// snapshot summarises what a backup must keep: every table's rows, and the
// attachments' bytes.
func snapshot(t *testing.T, url string) string {
	t.Helper()
	pool, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var s string
	err = pool.QueryRow(context.Background(), `
		SELECT (SELECT count(*) FROM meetings) || '/' || (SELECT count(*) FROM agreements) || '/' ||
		       (SELECT count(*) FROM agenda_items) || '/' || (SELECT count(*) FROM users) || '/' ||
		       (SELECT count(*) FROM audit_log) || '/' ||
		       coalesce((SELECT string_agg(encode(sha256(data), 'hex'), ',' ORDER BY id) FROM attachments), '') || '/' ||
		       coalesce((SELECT string_agg(title_ar, '|' ORDER BY id) FROM meetings), '')`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBackupAndRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := testdb.URL(t)
	pool, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	db := store.New(pool)
	if _, err := db.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n% un fichier joint\n%%EOF\n")
	var item int64
	if err := pool.QueryRow(ctx, `SELECT min(id) FROM agenda_items`).Scan(&item); err != nil {
		t.Fatal(err)
	}
	var meeting int64
	pool.QueryRow(ctx, `SELECT meeting_id FROM agenda_items WHERE id = $1`, item).Scan(&meeting)
	if _, err := db.AddAttachment(ctx, meeting, item, "الدراسة.pdf", "application/pdf", pdf, 0); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, src)

	var dump bytes.Buffer
	if err := backup.Dump(ctx, src, &dump); err != nil {
		t.Fatal(err)
	}
	// Into an empty database, and over a database with other content.
	empty := testdb.URL(t)
	other, err := store.Open(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	other.Exec(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	other.Close()
	for _, dst := range []string{empty, testdb.URL(t)} {
		// A portal listening for changes hears of the restore.
		listener, err := pgx.Connect(ctx, dst)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := listener.Exec(ctx, "LISTEN "+pagecache.Channel); err != nil {
			t.Fatal(err)
		}
		if err := backup.Restore(ctx, dst, bytes.NewReader(dump.Bytes())); err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if _, err := listener.WaitForNotification(wctx); err != nil {
			t.Errorf("no notification of the restore: %v", err)
		}
		cancel()
		listener.Close(ctx)
		if got := snapshot(t, dst); got != want {
			t.Errorf("restored %q, want %q", got, want)
		}
	}
	// A broken dump changes nothing.
	target := testdb.URL(t)
	before := snapshot(t, target)
	if err := backup.Restore(ctx, target, bytes.NewReader(dump.Bytes()[:dump.Len()/2])); err == nil {
		t.Error("a truncated dump restored without error")
	}
	if after := snapshot(t, target); after != before {
		t.Errorf("a failed restore changed the database: %q -> %q", before, after)
	}
}
