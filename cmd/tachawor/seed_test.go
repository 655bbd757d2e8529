package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"tachawor/internal/config"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

// What `make run` does at every start (serve --seed, here its seed step)
// never undoes what staff did in between; `demo remove` takes the
// demonstration content away for good.
func TestSeedingAgainKeepsWhatStaffDid(t *testing.T) {
	ctx := context.Background()
	url := testdb.URL(t)
	cfg := config.Config{DatabaseURL: url}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := run(ctx, cfg, log, "seed", nil); err != nil {
		t.Fatal(err)
	}
	pool, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	count := func(sql string) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count(`SELECT count(*) FROM meetings WHERE ref = 'oujda-2022'`) != 1 || count(`SELECT count(*) FROM expectations WHERE demo`) == 0 {
		t.Fatal("the first seed loaded no demo content")
	}
	// Staff rename an institution (slug included) and remove a grant and an attendee.
	for _, sql := range []string{
		`UPDATE institutions SET name_fr = 'Entraide (renommée)', slug = 'entraide' WHERE slug = 'en'`,
		`DELETE FROM support_grants`,
		`DELETE FROM meeting_attendees WHERE position = 3`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	institutions, attendees := count(`SELECT count(*) FROM institutions`), count(`SELECT count(*) FROM meeting_attendees`)
	if err := run(ctx, cfg, log, "seed", nil); err != nil {
		t.Fatal(err)
	}
	if count(`SELECT count(*) FROM institutions WHERE name_fr = 'Entraide (renommée)' AND slug = 'entraide'`) != 1 ||
		count(`SELECT count(*) FROM institutions`) != institutions || count(`SELECT count(*) FROM support_grants`) != 0 ||
		count(`SELECT count(*) FROM meeting_attendees`) != attendees {
		t.Fatal("seeding again undid what staff did")
	}
	if err := run(ctx, cfg, log, "demo", []string{"remove"}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, cfg, log, "seed", nil); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT (SELECT count(*) FROM meetings WHERE demo) + (SELECT count(*) FROM expectations WHERE demo) + (SELECT count(*) FROM comments WHERE demo)`); n != 0 {
		t.Errorf("%d demonstration records after demo remove and a seed", n)
	}
	if count(`SELECT count(*) FROM regions`) != 12 || count(`SELECT count(*) FROM institutions WHERE slug = 'entraide'`) != 1 {
		t.Error("demo remove touched reference data")
	}
	if err := run(ctx, cfg, log, "demo", []string{"nope"}); err == nil {
		t.Error("demo nope accepted")
	}
}
