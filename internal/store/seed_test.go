package store_test

import (
	"context"
	"testing"

	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	url := testdb.URL(t)
	pool, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	db := store.New(pool)
	tables := `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`
	if n := count(t, db, tables); n < 20 {
		t.Fatalf("after up: %d tables, want the whole schema", n)
	}
	if err := store.MigrateDown(ctx, url); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n := count(t, db, tables); n != 0 {
		t.Fatalf("after down to zero: %d tables left", n)
	}
	if n := count(t, db, `SELECT count(*) FROM pg_proc WHERE proname IN ('normalize_ar', 'unaccent_fr', 'search_vector')`); n != 0 {
		t.Fatalf("after down: %d search functions left", n)
	}
	if err := store.Prepare(ctx, url); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM regions`); n != 12 {
		t.Fatalf("after up again: %d regions", n)
	}
	v, dirty, err := store.MigrationVersion(url)
	if err != nil || dirty || v < 4 {
		t.Fatalf("version %d dirty %v err %v", v, dirty, err)
	}
}

func TestReferenceData(t *testing.T) {
	db := newDB(t, false)
	for _, c := range []struct {
		sql  string
		want int
	}{
		{`SELECT count(*) FROM regions`, 12},
		{`SELECT count(*) FROM provinces p JOIN regions r ON r.id = p.region_id WHERE r.slug = 'oriental'`, 8},
		{`SELECT count(*) FROM institutions WHERE social_pole`, 4},
		{`SELECT count(*) FROM institutions`, 7},
		{`SELECT count(*) FROM axes`, 7},
		{`SELECT count(*) FROM fields`, 5},
		{`SELECT count(*) FROM strategies WHERE first_year = 2021 AND last_year = 2026`, 1},
		{`SELECT count(*) FROM regions WHERE name_ar = 'جهة الشرق' AND name_fr = 'L''Oriental' AND slug = 'oriental'`, 1},
		{`SELECT count(*) FROM axes WHERE name_ar = 'المساواة والعدالة المجالية' AND name_fr = 'Égalité et équité territoriale'`, 1},
		{`SELECT count(*) FROM indicator_targets`, 7 * 6},
	} {
		if got := count(t, db, c.sql); got != c.want {
			t.Errorf("%s = %d, want %d", c.sql, got, c.want)
		}
	}
}

// Loading the reference data and the demo content a second time must change
// nothing: no row added and none rewritten (xmin stays the same).
func TestLoadIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	snapshot := func() map[string]string {
		out := map[string]string{}
		for _, table := range []string{"regions", "provinces", "institutions", "strategies", "axes", "fields", "indicators",
			"indicator_targets", "officials", "meetings", "meeting_attendees", "agenda_items", "support_grants", "field_visits",
			"agreements", "agreement_parties", "agreement_axes", "agreement_milestones"} {
			var s string
			err := db.Pool().QueryRow(ctx, `SELECT count(*) || ':' || coalesce(string_agg(t.xmin::text || md5(t::text), ',' ORDER BY t::text), '') FROM `+table+` t`).Scan(&s)
			if err != nil {
				t.Fatal(err)
			}
			out[table] = s
		}
		return out
	}
	before := snapshot()
	if _, err := db.LoadReference(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	after := snapshot()
	for table, b := range before {
		if after[table] != b {
			t.Errorf("%s changed on the second load", table)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM meetings`); n != 4 {
		t.Errorf("%d meetings, want 4", n)
	}
}

// Seeding fills an empty database once: what staff then change or delete
// stays as they left it when the portal starts again with seeding, and
// nothing is added twice.
func TestSeedingNeverOverwrites(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.Pool().Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE institutions SET name_fr = 'Agence renommée', slug = 'ads-renommee' WHERE slug = 'ads'`)
	exec(`DELETE FROM support_grants WHERE meeting_id = (SELECT id FROM meetings WHERE ref = 'oujda-2022')`)
	exec(`DELETE FROM meeting_attendees WHERE official_id = (SELECT id FROM officials WHERE ref = 'bioui')`)
	exec(`UPDATE regions SET name_fr = 'Oriental (modifié)' WHERE slug = 'oriental'`)
	for i := 0; i < 2; i++ { // two restarts
		if loaded, err := db.LoadReference(ctx); err != nil || loaded {
			t.Fatalf("reference loaded again: %v %v", loaded, err)
		}
		if loaded, err := db.LoadDemo(ctx); err != nil || loaded {
			t.Fatalf("demo loaded again: %v %v", loaded, err)
		}
	}
	for sql, want := range map[string]int{
		`SELECT count(*) FROM institutions WHERE name_fr = 'Agence renommée' AND slug = 'ads-renommee'`: 1,
		`SELECT count(*) FROM institutions WHERE slug = 'ads'`:                                          0,
		`SELECT count(*) FROM institutions`:                                                             7,
		`SELECT count(*) FROM support_grants`:                                                           0,
		`SELECT count(*) FROM meeting_attendees`:                                                        2,
		`SELECT count(*) FROM regions WHERE name_fr = 'Oriental (modifié)'`:                             1,
	} {
		if got := count(t, db, sql); got != want {
			t.Errorf("%s = %d, want %d", sql, got, want)
		}
	}
}

// The demo content shows every page something: expectations of every
// region at every status, answers, published commitments with milestones,
// approved comments, each marked as demonstration data. Removing it takes
// every demonstration record away, in one transaction, and nothing else;
// a record staff made that pointed to one only loses that link; seeding
// does not bring it back.
func TestDemoContentAndItsRemoval(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	for sql, want := range map[string]int{
		`SELECT count(DISTINCT region_id) FROM expectations WHERE demo`:                                              12,
		`SELECT count(DISTINCT status) FROM expectations WHERE demo`:                                                 5,
		`SELECT count(*) FROM expectations WHERE demo AND status IN ('retained', 'not_retained') AND answer_ar = ''`: 0,
		`SELECT count(*) FROM commitments WHERE demo AND state = 'published' AND progress > 0`:                       20,
		`SELECT count(*) FROM comments WHERE demo AND status = 'approved'`:                                           4,
		`SELECT count(*) FROM expectations WHERE NOT demo`:                                                           0,
	} {
		if got := count(t, db, sql); (want == 20 && got < 10) || (want != 20 && got != want) {
			t.Errorf("%s = %d, want %d", sql, got, want)
		}
	}
	// Staff record an expectation at the demo meeting and a commitment
	// answering a demo expectation.
	var mine, commitment int64
	if err := db.Pool().QueryRow(ctx, `INSERT INTO expectations (region_id, meeting_id, title_ar, status)
		SELECT 2, id, 'انتظار حقيقي', 'received' FROM meetings WHERE ref = 'oujda-2022' RETURNING id`).Scan(&mine); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool().QueryRow(ctx, `INSERT INTO commitments (region_id, axis_id, title_ar, institution_id)
		SELECT 2, (SELECT min(id) FROM axes), 'التزام حقيقي', (SELECT min(id) FROM institutions) RETURNING id`).Scan(&commitment); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `INSERT INTO commitment_expectations SELECT $1, id FROM expectations WHERE demo LIMIT 1`, commitment); err != nil {
		t.Fatal(err)
	}
	reference := count(t, db, `SELECT (SELECT count(*) FROM regions) + (SELECT count(*) FROM institutions) + (SELECT count(*) FROM axes) + (SELECT count(*) FROM officials)`)
	res, err := db.RemoveDemo(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Deleted["meetings"] != 4 || res.Deleted["expectations"] == 0 || res.Unlinked["expectations"] != 1 || res.Unlinked["commitment_expectations"] != 1 {
		t.Errorf("removed %+v", res)
	}
	for sql, want := range map[string]int{
		`SELECT count(*) FROM meetings WHERE demo`: 0, `SELECT count(*) FROM agreements WHERE demo`: 0,
		`SELECT count(*) FROM expectations WHERE demo`: 0, `SELECT count(*) FROM commitments WHERE demo`: 0,
		`SELECT count(*) FROM comments WHERE demo`:                                                                                                     0,
		`SELECT count(*) FROM expectations WHERE title_ar = 'انتظار حقيقي' AND meeting_id IS NULL`:                                                     1,
		`SELECT count(*) FROM commitments WHERE title_ar = 'التزام حقيقي'`:                                                                             1,
		`SELECT count(*) FROM audit_log WHERE action = 'demo_remove'`:                                                                                  1,
		`SELECT (SELECT count(*) FROM regions) + (SELECT count(*) FROM institutions) + (SELECT count(*) FROM axes) + (SELECT count(*) FROM officials)`: reference,
	} {
		if got := count(t, db, sql); got != want {
			t.Errorf("%s = %d, want %d", sql, got, want)
		}
	}
	if loaded, err := db.LoadDemo(ctx); err != nil || loaded {
		t.Errorf("the demo came back after its removal: %v %v", loaded, err)
	}
}
