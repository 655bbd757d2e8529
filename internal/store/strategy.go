package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Strategy returns the strategy (the portal follows one: 2021-2026).
func (db *DB) Strategy(ctx context.Context) (domain.Strategy, error) {
	var s domain.Strategy
	err := db.pool.QueryRow(ctx, `
		SELECT id, slug, title_ar, title_fr, summary_ar, summary_fr, first_year, last_year
		FROM strategies ORDER BY first_year DESC LIMIT 1`).
		Scan(&s.ID, &s.Slug, &s.Title.AR, &s.Title.FR, &s.Summary.AR, &s.Summary.FR, &s.FirstYear, &s.LastYear)
	if err != nil {
		return s, notFound(err, "reading the strategy")
	}
	return s, nil
}

const axisColumns = `id, slug, position, name_ar, name_fr, description_ar, description_fr, objectives_ar, objectives_fr, demo`

func scanAxis(row pgx.CollectableRow) (domain.Axis, error) {
	var a domain.Axis
	err := row.Scan(&a.ID, &a.Slug, &a.Position, &a.Name.AR, &a.Name.FR, &a.Description.AR, &a.Description.FR,
		&a.Objectives.AR, &a.Objectives.FR, &a.Demo)
	return a, err
}

// Axes returns the strategy's axes in order.
func (db *DB) Axes(ctx context.Context) ([]domain.Axis, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+axisColumns+` FROM axes ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("listing axes: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanAxis)
	if err != nil {
		return nil, fmt.Errorf("listing axes: %w", err)
	}
	return out, nil
}

// Axis returns the axis with slug.
func (db *DB) Axis(ctx context.Context, slug string) (domain.Axis, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+axisColumns+` FROM axes WHERE slug = $1`, slug)
	a, err := pgx.CollectExactlyOneRow(rows, scanAxis)
	if err != nil {
		return a, notFound(err, "reading axis")
	}
	return a, nil
}

// Fields returns the fields of cooperation.
func (db *DB) Fields(ctx context.Context) ([]domain.Field, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, slug, name_ar, name_fr FROM fields ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("listing fields: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Field, error) {
		var f domain.Field
		err := row.Scan(&f.ID, &f.Slug, &f.Name.AR, &f.Name.FR)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing fields: %w", err)
	}
	return out, nil
}

// Indicators returns the indicators of one axis (axisSlug) or of all axes
// (axisSlug empty), each with its yearly targets, in two queries.
func (db *DB) Indicators(ctx context.Context, axisSlug string) ([]domain.Indicator, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT i.id, i.slug, a.slug, a.name_ar, a.name_fr, i.name_ar, i.name_fr, i.unit_ar, i.unit_fr, i.unit_key,
		       i.baseline::float8, i.baseline_year, i.latest::float8, i.latest_year, i.demo,
		       coalesce((SELECT array_agg(t.year ORDER BY t.year) FROM indicator_targets t WHERE t.indicator_id = i.id), '{}'),
		       coalesce((SELECT array_agg(t.target::float8 ORDER BY t.year) FROM indicator_targets t WHERE t.indicator_id = i.id), '{}')
		FROM indicators i JOIN axes a ON a.id = i.axis_id
		WHERE $1 = '' OR a.slug = $1
		ORDER BY a.position, i.position`, axisSlug)
	if err != nil {
		return nil, fmt.Errorf("listing indicators: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Indicator, error) {
		var i domain.Indicator
		var years []int
		var values []float64
		err := row.Scan(&i.ID, &i.Slug, &i.AxisSlug, &i.AxisName.AR, &i.AxisName.FR, &i.Name.AR, &i.Name.FR, &i.Unit.AR, &i.Unit.FR, &i.UnitKey,
			&i.Baseline, &i.BaselineYear, &i.Latest, &i.LatestYear, &i.Demo, &years, &values)
		for k := range years {
			i.Targets = append(i.Targets, domain.Target{Year: years[k], Value: values[k]})
		}
		return i, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing indicators: %w", err)
	}
	return out, nil
}
