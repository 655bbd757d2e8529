package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// PublicExpectations lists the expectations past the draft stage of a region
// (regionSlug) or an axis (axisSlug), newest first, at most limit. An
// axis's are read from the axis's own index, newest first, so that an axis
// with tens of thousands of expectations costs no more than a small one.
func (db *DB) PublicExpectations(ctx context.Context, regionSlug, axisSlug string, limit int) ([]domain.ExpectationSummary, error) {
	const columns = `e.id, r.slug, r.name_ar, r.name_fr, e.title_ar, e.title_fr, e.status, e.answer_ar, e.answer_fr`
	sql := `SELECT ` + columns + ` FROM expectations e JOIN regions r ON r.id = e.region_id
		WHERE e.status <> 'draft' AND r.slug = $1 ORDER BY e.id DESC LIMIT $2`
	arg := regionSlug
	if axisSlug != "" {
		sql = `SELECT ` + columns + ` FROM expectation_axes x JOIN expectations e ON e.id = x.expectation_id
			JOIN regions r ON r.id = e.region_id
			WHERE x.axis_id = (SELECT id FROM axes WHERE slug = $1) AND e.status <> 'draft'
			ORDER BY x.expectation_id DESC LIMIT $2`
		arg = axisSlug
	}
	rows, err := db.pool.Query(ctx, sql, arg, limit)
	if err != nil {
		return nil, fmt.Errorf("listing expectations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.ExpectationSummary, error) {
		var e domain.ExpectationSummary
		err := row.Scan(&e.ID, &e.RegionSlug, &e.RegionName.AR, &e.RegionName.FR, &e.Title.AR, &e.Title.FR, &e.Status, &e.Answer.AR, &e.Answer.FR)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing expectations: %w", err)
	}
	return out, nil
}

// StatusCount is how many expectations have a status.
type StatusCount struct {
	Status string
	Count  int
}

// ExpectationCounts counts a region's public expectations by status, in
// triage order.
func (db *DB) ExpectationCounts(ctx context.Context, regionSlug string) ([]StatusCount, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT s.status, count(e.id)::int
		FROM unnest($2::text[]) WITH ORDINALITY AS s(status, n)
		LEFT JOIN expectations e ON e.status = s.status
		     AND e.region_id = (SELECT id FROM regions WHERE slug = $1)
		GROUP BY s.status, s.n ORDER BY s.n`, regionSlug, domain.ExpectationStatuses)
	if err != nil {
		return nil, fmt.Errorf("counting expectations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (StatusCount, error) {
		var c StatusCount
		err := row.Scan(&c.Status, &c.Count)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("counting expectations: %w", err)
	}
	return out, nil
}

// PublicCommitments lists published commitments of a region or an axis.
func (db *DB) PublicCommitments(ctx context.Context, regionSlug, axisSlug string, limit int) ([]domain.CommitmentSummary, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT c.id, r.slug, r.name_ar, r.name_fr, c.title_ar, c.title_fr, i.name_ar, i.name_fr, c.due_on, c.progress
		FROM commitments c JOIN regions r ON r.id = c.region_id JOIN axes a ON a.id = c.axis_id
		JOIN institutions i ON i.id = c.institution_id
		WHERE c.state = 'published' AND ($1 = '' OR r.slug = $1) AND ($2 = '' OR a.slug = $2)
		ORDER BY c.id DESC LIMIT $3`, regionSlug, axisSlug, limit)
	if err != nil {
		return nil, fmt.Errorf("listing commitments: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.CommitmentSummary, error) {
		var c domain.CommitmentSummary
		err := row.Scan(&c.ID, &c.RegionSlug, &c.RegionName.AR, &c.RegionName.FR, &c.Title.AR, &c.Title.FR,
			&c.Institution.AR, &c.Institution.FR, &c.DueOn, &c.Progress)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing commitments: %w", err)
	}
	return out, nil
}
