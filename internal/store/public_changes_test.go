package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// privateTables are the tables no public page reads: a change to them
// notifies no portal process (migrations/000041_public_changes.up.sql).
var privateTables = []string{"audit_log", "form_tokens", "invitations", "login_attempts", "mail_outbox", "password_resets",
	"schema_migrations", "seed_log", "sessions", "users"}

// Every table either notifies the portals when it changes or is known to
// be private: a new table that is neither fails here, before a cached page
// can go stale because of it.
func TestEveryTableIsClassified(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	rows, err := db.Pool().Query(ctx, `
		SELECT c.relname, EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname LIKE 'public\_changed%')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	type table struct {
		Name     string
		Notifies bool
	}
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[table])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 30 {
		t.Fatalf("only %d tables", len(tables))
	}
	for _, tb := range tables {
		private := slices.Contains(privateTables, tb.Name)
		switch {
		case private && tb.Notifies:
			t.Errorf("table %s is private but notifies", tb.Name)
		case !private && !tb.Notifies:
			t.Errorf("table %s neither notifies the portals of its changes nor is listed as private: "+
				"SELECT public_changes_notify('%s') in a migration, or add it to privateTables", tb.Name, tb.Name)
		}
	}
}

// A committed change to what the public reads notifies tachawor_public,
// once per table and transaction; a rolled-back one, a pending comment or
// a session written do not.
func TestPublicChangesNotify(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	conn, err := db.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `LISTEN tachawor_public`); err != nil {
		t.Fatal(err)
	}
	received := func() []string {
		t.Helper()
		var got []string
		for {
			wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			n, err := conn.Conn().WaitForNotification(wctx)
			cancel()
			if err != nil {
				return got
			}
			got = append(got, n.Payload)
		}
	}
	exec := func(sqls ...string) {
		t.Helper()
		err := pgx.BeginFunc(ctx, db.Pool(), func(tx pgx.Tx) error {
			for _, s := range sqls {
				if _, err := tx.Exec(ctx, s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE meetings SET title_fr = title_fr || '.' WHERE ref = 'oujda-2022'`,
		`UPDATE meetings SET venue_fr = venue_fr || '.' WHERE ref = 'oujda-2022'`)
	if got := received(); !slices.Contains(got, "meetings") || len(got) != 2 || !slices.Contains(got, "search_documents") {
		t.Errorf("a meeting edited twice in one transaction: %v, want meetings and search_documents once each", got)
	}
	tx, _ := db.Pool().Begin(ctx)
	tx.Exec(ctx, `UPDATE agreements SET subject_fr = 'x'`)
	tx.Rollback(ctx)
	var meeting int64
	db.Pool().QueryRow(ctx, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`).Scan(&meeting)
	exec(`INSERT INTO sessions (token, data, expiry) VALUES ('t', '\x00', now() + interval '1 hour')`)
	if _, err := db.Pool().Exec(ctx, `INSERT INTO comments (meeting_id, name, email, body, ip) VALUES ($1, 'Salma', 's@example.ma', 'Merci', '192.0.2.1')`, meeting); err != nil {
		t.Fatal(err)
	}
	if got := received(); len(got) != 0 {
		t.Errorf("a rollback, a session, a pending comment notified %v", got)
	}
	exec(`UPDATE comments SET status = 'approved', moderated_at = now()`)
	if got := received(); !slices.Equal(got, []string{"comments"}) {
		t.Errorf("a comment approved: %v", got)
	}
}
