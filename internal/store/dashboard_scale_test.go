package store

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"tachawor/internal/testdb"
)

// TestDashboardPlansAtScale generates 200,000 expectations (5 % drafts, one
// or two axes each, descriptions of a realistic length) and 4,200
// commitments, then runs EXPLAIN ANALYZE on every shape of the dashboard's
// queries and logs the plans and timings. It takes about a minute, so it
// runs only with TACHAWOR_SCALE=1:
//
//	TACHAWOR_SCALE=1 go test ./internal/store/ -run DashboardPlansAtScale -v
func TestDashboardPlansAtScale(t *testing.T) {
	if os.Getenv("TACHAWOR_SCALE") == "" {
		t.Skip("set TACHAWOR_SCALE=1 to generate 200,000 expectations and explain the dashboard's queries")
	}
	ctx := context.Background()
	pool := testdb.New(t)
	for _, sql := range []string{
		`INSERT INTO expectations (region_id, title_ar, title_fr, description_ar, description_fr, status, demo,
		     answer_ar, answer_fr, created_at, submitted_at)
		 SELECT 1 + (hashint4(i) & 2147483647) % 12, 'انتظار رقم ' || i, 'Attente n° ' || i,
		        repeat('وصف الانتظار والحاجة المعبر عنها في الجهة ', 8), repeat('Description de l''attente exprimée par la région ', 7),
		        (ARRAY['draft','received','received','received','received','under_study','under_study','under_study','under_study',
		               'retained','retained','retained','retained','retained','partly_retained','partly_retained','partly_retained',
		               'not_retained','not_retained','not_retained'])[1 + (hashint4(i + 7) & 2147483647) % 20],
		        true, repeat('جواب الوزارة ', 10), repeat('Réponse du ministère ', 8), now(), now()
		 FROM generate_series(1, 200000) AS i`,
		`INSERT INTO expectation_axes (expectation_id, axis_id)
		 SELECT e.id, a.id FROM expectations e CROSS JOIN generate_series(0, 1) AS j
		 JOIN axes a ON a.position = 1 + (e.id + 3 * j) % 7
		 WHERE j <= e.id % 2`,
		`INSERT INTO commitments (region_id, axis_id, title_ar, institution_id, progress, state, demo)
		 SELECT 1 + i % 12, (SELECT id FROM axes WHERE position = 1 + (i / 12) % 7), 'التزام ' || i,
		        (SELECT min(id) FROM institutions), (hashint4(i) & 2147483647) % 101,
		        CASE WHEN i % 12 = 0 THEN 'draft' ELSE 'published' END, true
		 FROM generate_series(1, 4200) AS i`,
		`VACUUM ANALYZE`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatalf("%.80s: %v", sql, err)
		}
	}
	var region int16
	var axis int32
	if err := pool.QueryRow(ctx, `SELECT (SELECT id FROM regions WHERE slug = 'oriental'), (SELECT id FROM axes WHERE slug = 'digitalisation')`).Scan(&region, &axis); err != nil {
		t.Fatal(err)
	}
	explain := func(what, sql string, args ...any) {
		t.Helper()
		rows, err := pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s:\n%s", what, strings.Join(plan, "\n"))
	}
	for _, f := range []DashboardFilter{{}, {RegionID: region}, {AxisID: axis}, {RegionID: region, AxisID: axis}} {
		start := time.Now()
		if _, err := New(pool).Dashboard(ctx, f); err != nil {
			t.Fatal(err)
		}
		t.Logf("filter %+v: whole dashboard read in %v", f, time.Since(start))
		for _, q := range dashboardQueries(f) {
			explain(fmt.Sprintf("filter %+v, %s", f, q.name), q.sql, q.args...)
		}
	}
	for _, name := range []string{"expectations", "commitments"} {
		ds, _ := FindDataset(name)
		explain("dataset "+name, ds.SQL)
		start, n := time.Now(), 0
		if err := New(pool).Export(ctx, name, func([]any) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		t.Logf("dataset %s: %d rows exported in %v", name, n, time.Since(start))
	}
}
