package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// DashboardFilter narrows the dashboard to a region and/or an axis (zero:
// all of them).
type DashboardFilter struct {
	RegionID int16
	AxisID   int32
}

// dashboardQuery is one of the dashboard's aggregate queries with its
// arguments.
type dashboardQuery struct {
	name string
	sql  string
	args []any
}

// dashboardQueries builds the dashboard's four queries: a fixed number, each
// one GROUP BY in the database, whatever the number of records. The filters
// are written into the SQL only when set (with bound arguments), rather
// than as "$1 = 0 OR ...", so that each shape gets a plan of its own.
// With 200,000 expectations every shape reads indexes only (expectations'
// region and status indexes, expectation_axes' two) or the narrow
// expectation_axes table, and takes tens of milliseconds: see
// TestDashboardPlansAtScale.
func dashboardQueries(f DashboardFilter) []dashboardQuery {
	// Published expectations, filtered by region and axis (expectations e).
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	published := func() string {
		w := []string{"e.status <> 'draft'"}
		if f.RegionID != 0 {
			w = append(w, "e.region_id = "+arg(f.RegionID))
		}
		if f.AxisID != 0 {
			w = append(w, "EXISTS (SELECT 1 FROM expectation_axes x WHERE x.expectation_id = e.id AND x.axis_id = "+arg(f.AxisID)+")")
		}
		return strings.Join(w, " AND ")
	}
	take := func() []any { a := args; args = nil; return a }
	var qs []dashboardQuery

	where := published()
	only := ""
	if f.RegionID != 0 {
		only = "WHERE r.id = " + arg(f.RegionID)
	}
	qs = append(qs, dashboardQuery{"by region", `
		SELECT r.slug, r.name_ar, r.name_fr, coalesce(c.n, 0)::int
		FROM regions r
		LEFT JOIN (SELECT e.region_id, count(*) AS n FROM expectations e WHERE ` + where + ` GROUP BY e.region_id) c
		       ON c.region_id = r.id
		` + only + `
		ORDER BY r.id`, take()})

	// By axis, the links of published expectations to axes. Without a
	// region, they are every link but those of drafts: an anti-join on the
	// few drafts, rather than a join on every published expectation.
	var from string
	if f.RegionID != 0 {
		from = `expectation_axes x JOIN expectations e ON e.id = x.expectation_id
		           WHERE e.status <> 'draft' AND e.region_id = ` + arg(f.RegionID)
	} else {
		from = `expectation_axes x
		           WHERE NOT EXISTS (SELECT 1 FROM expectations d WHERE d.id = x.expectation_id AND d.status = 'draft')`
	}
	only = ""
	if f.AxisID != 0 {
		from += " AND x.axis_id = " + arg(f.AxisID)
		only = "WHERE a.id = " + arg(f.AxisID)
	}
	qs = append(qs, dashboardQuery{"by axis", `
		SELECT a.slug, a.name_ar, a.name_fr, coalesce(c.n, 0)::int
		FROM axes a
		LEFT JOIN (SELECT x.axis_id, count(*) AS n FROM ` + from + ` GROUP BY x.axis_id) c
		       ON c.axis_id = a.id
		` + only + `
		ORDER BY a.position`, take()})

	where = published()
	qs = append(qs, dashboardQuery{"by status", `
		SELECT s.status, coalesce(c.n, 0)::int, (sum(coalesce(c.n, 0)) OVER ())::int
		FROM unnest(` + arg(domain.ExpectationStatuses) + `::text[]) WITH ORDINALITY AS s(status, ord)
		LEFT JOIN (SELECT e.status, count(*) AS n FROM expectations e WHERE ` + where + ` GROUP BY e.status) c
		       ON c.status = s.status
		ORDER BY s.ord`, take()})

	// Published commitments by axis, and all of them (the grouping set ()).
	w := []string{"c.state = 'published'"}
	if f.RegionID != 0 {
		w = append(w, "c.region_id = "+arg(f.RegionID))
	}
	if f.AxisID != 0 {
		w = append(w, "c.axis_id = "+arg(f.AxisID))
	}
	qs = append(qs, dashboardQuery{"commitments", `
		SELECT a.slug, a.name_ar, a.name_fr, count(*)::int,
		       (count(*) FILTER (WHERE c.progress = 0))::int,
		       (count(*) FILTER (WHERE c.progress > 0 AND c.progress < 100))::int,
		       (count(*) FILTER (WHERE c.progress = 100))::int,
		       coalesce(round(100.0 * count(*) FILTER (WHERE c.progress = 0) / nullif(count(*), 0)), 0)::int,
		       coalesce(round(100.0 * count(*) FILTER (WHERE c.progress > 0 AND c.progress < 100) / nullif(count(*), 0)), 0)::int,
		       coalesce(round(100.0 * count(*) FILTER (WHERE c.progress = 100) / nullif(count(*), 0)), 0)::int,
		       coalesce(round(avg(c.progress)), 0)::int
		FROM commitments c JOIN axes a ON a.id = c.axis_id
		WHERE ` + strings.Join(w, " AND ") + `
		GROUP BY GROUPING SETS ((a.position, a.slug, a.name_ar, a.name_fr), ())
		ORDER BY a.position NULLS FIRST`, take()})
	return qs
}

// Dashboard counts the published expectations by region, axis and status,
// and sums up the published commitments' progress, in four aggregate
// queries read from one snapshot.
func (db *DB) Dashboard(ctx context.Context, f DashboardFilter) (domain.Dashboard, error) {
	var d domain.Dashboard
	qs := dashboardQueries(f)
	tally := func(row pgx.CollectableRow) (domain.Tally, error) {
		var t domain.Tally
		err := row.Scan(&t.Key, &t.Name.AR, &t.Name.FR, &t.Count)
		return t, err
	}
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		rows, _ := tx.Query(ctx, qs[0].sql, qs[0].args...)
		if d.ByRegion, err = pgx.CollectRows(rows, tally); err != nil {
			return fmt.Errorf("counting expectations by region: %w", err)
		}
		rows, _ = tx.Query(ctx, qs[1].sql, qs[1].args...)
		if d.ByAxis, err = pgx.CollectRows(rows, tally); err != nil {
			return fmt.Errorf("counting expectations by axis: %w", err)
		}
		rows, _ = tx.Query(ctx, qs[2].sql, qs[2].args...)
		d.ByStatus, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Tally, error) {
			var t domain.Tally
			err := row.Scan(&t.Key, &t.Count, &d.Expectations)
			return t, err
		})
		if err != nil {
			return fmt.Errorf("counting expectations by status: %w", err)
		}
		rows, _ = tx.Query(ctx, qs[3].sql, qs[3].args...)
		progress, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Progress, error) {
			var p domain.Progress
			var key, ar, fr *string
			err := row.Scan(&key, &ar, &fr, &p.Count, &p.NotStarted, &p.InProgress, &p.Completed,
				&p.NotStartedShare, &p.InProgressShare, &p.CompletedShare, &p.Average)
			if key != nil {
				p.Key, p.Name.AR, p.Name.FR = *key, *ar, *fr
			}
			return p, err
		})
		if err != nil {
			return fmt.Errorf("summing up commitments: %w", err)
		}
		// The grouping set () comes first: all the commitments.
		if len(progress) > 0 {
			d.Commitments, d.CommitmentsByAxis = progress[0], progress[1:]
		}
		return nil
	})
	if err != nil {
		return domain.Dashboard{}, fmt.Errorf("reading the dashboard: %w", err)
	}
	return d, nil
}
