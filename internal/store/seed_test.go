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
	if err := db.LoadReference(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.LoadDemo(ctx); err != nil {
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
