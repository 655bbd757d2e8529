package store_test

import (
	"context"
	"testing"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// Five published expectations and a draft in two regions; four commitments,
// one a draft and one archived.
const dashboardSQL = `
INSERT INTO expectations (ref, region_id, title_ar, status) VALUES
 ('a', 2, 'أ', 'received'), ('b', 2, 'ب', 'retained'), ('c', 9, 'ج', 'retained'),
 ('d', 9, 'د', 'partly_retained'), ('e', 9, 'ه', 'under_study'), ('x', 2, 'مسودة', 'draft');
INSERT INTO expectation_axes (expectation_id, axis_id)
SELECT e.id, a.id FROM (VALUES ('a', 'convergence'), ('b', 'convergence'), ('b', 'innovation'), ('c', 'innovation'),
    ('d', 'convergence'), ('e', 'partnerships'), ('x', 'innovation')) AS v(ref, axis)
JOIN expectations e ON e.ref = v.ref JOIN axes a ON a.slug = v.axis;
INSERT INTO commitments (region_id, axis_id, title_ar, institution_id, progress, state)
SELECT v.region, a.id, 'التزام', (SELECT min(id) FROM institutions), v.progress, v.state
FROM (VALUES (2, 'convergence', 10, 'published'), (9, 'convergence', 100, 'published'), (9, 'innovation', 0, 'published'),
    (2, 'innovation', 50, 'draft'), (2, 'convergence', 70, 'archived')) AS v(region, axis, progress, state)
JOIN axes a ON a.slug = v.axis;
`

func counts(ts []domain.Tally) map[string]int {
	m := map[string]int{}
	for _, t := range ts {
		m[t.Key] = t.Count
	}
	return m
}

func TestDashboardAggregates(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)

	// Nothing yet: every region, axis and status, at zero.
	d, err := db.Dashboard(ctx, store.DashboardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Expectations != 0 || len(d.ByRegion) != 12 || len(d.ByAxis) != 7 || len(d.ByStatus) != 5 ||
		d.Commitments.Count != 0 || d.Commitments.Average != 0 || len(d.CommitmentsByAxis) != 0 {
		t.Fatalf("empty dashboard: %+v", d)
	}

	if _, err := db.Pool().Exec(ctx, dashboardSQL); err != nil {
		t.Fatal(err)
	}
	var axes = map[string]int32{}
	rows, _ := db.Pool().Query(ctx, `SELECT slug, id FROM axes`)
	for rows.Next() {
		var slug string
		var id int32
		rows.Scan(&slug, &id)
		axes[slug] = id
	}
	if axes["innovation"] == 0 || axes["partnerships"] == 0 {
		t.Fatalf("axes %v", axes)
	}
	for _, c := range []struct {
		name     string
		f        store.DashboardFilter
		total    int
		region   map[string]int
		axis     map[string]int
		status   map[string]int
		regions  int
		axes     int
		commit   domain.Progress
		byAxis   int
		firstKey string
	}{
		{"all", store.DashboardFilter{}, 5,
			map[string]int{"oriental": 2, "souss-massa": 3, "fes-meknes": 0},
			map[string]int{"convergence": 3, "innovation": 2, "partnerships": 1, "digitalisation": 0},
			map[string]int{"received": 1, "under_study": 1, "retained": 2, "partly_retained": 1, "not_retained": 0},
			12, 7,
			domain.Progress{Count: 3, NotStarted: 1, InProgress: 1, Completed: 1, NotStartedShare: 33, InProgressShare: 33, CompletedShare: 33, Average: 37},
			2, "convergence"},
		{"oriental", store.DashboardFilter{RegionID: 2}, 2,
			map[string]int{"oriental": 2},
			map[string]int{"convergence": 2, "innovation": 1, "partnerships": 0},
			map[string]int{"received": 1, "retained": 1, "partly_retained": 0},
			1, 7,
			domain.Progress{Count: 1, InProgress: 1, InProgressShare: 100, Average: 10},
			1, "convergence"},
		{"innovation", store.DashboardFilter{AxisID: axes["innovation"]}, 2,
			map[string]int{"oriental": 1, "souss-massa": 1},
			map[string]int{"innovation": 2},
			map[string]int{"retained": 2, "received": 0},
			12, 1,
			domain.Progress{Count: 1, NotStarted: 1, NotStartedShare: 100},
			1, "innovation"},
		{"souss-massa and partnerships", store.DashboardFilter{RegionID: 9, AxisID: axes["partnerships"]}, 1,
			map[string]int{"souss-massa": 1},
			map[string]int{"partnerships": 1},
			map[string]int{"under_study": 1, "retained": 0},
			1, 1,
			domain.Progress{},
			0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := db.Dashboard(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if d.Expectations != c.total || len(d.ByRegion) != c.regions || len(d.ByAxis) != c.axes || len(d.ByStatus) != 5 {
				t.Errorf("total %d, %d regions, %d axes, %d statuses", d.Expectations, len(d.ByRegion), len(d.ByAxis), len(d.ByStatus))
			}
			for _, x := range []struct {
				got, want map[string]int
			}{{counts(d.ByRegion), c.region}, {counts(d.ByAxis), c.axis}, {counts(d.ByStatus), c.status}} {
				for k, n := range x.want {
					if got, ok := x.got[k]; !ok || got != n {
						t.Errorf("%s: %d (listed: %v), want %d", k, got, ok, n)
					}
				}
			}
			if d.ByStatus[0].Key != "received" || d.ByStatus[4].Key != "not_retained" {
				t.Errorf("statuses out of order: %v", d.ByStatus)
			}
			if d.Commitments != c.commit {
				t.Errorf("commitments %+v, want %+v", d.Commitments, c.commit)
			}
			if len(d.CommitmentsByAxis) != c.byAxis || c.byAxis > 0 && (d.CommitmentsByAxis[0].Key != c.firstKey || d.CommitmentsByAxis[0].Name.AR == "") {
				t.Errorf("commitments by axis %+v", d.CommitmentsByAxis)
			}
		})
	}
	// Region names come with the counts, in the official order.
	d, _ = db.Dashboard(ctx, store.DashboardFilter{})
	if d.ByRegion[0].Key != "tanger-tetouan-al-hoceima" || d.ByRegion[1].Name.FR != "L'Oriental" || d.ByAxis[0].Name.AR != "الإلتقائية" {
		t.Errorf("names: %+v %+v", d.ByRegion[:2], d.ByAxis[0])
	}
	conv := d.CommitmentsByAxis[0]
	if conv.Key != "convergence" || conv.Count != 2 || conv.Average != 55 || conv.Completed != 1 || conv.InProgress != 1 {
		t.Errorf("convergence commitments %+v", conv)
	}
}
