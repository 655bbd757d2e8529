package store

import (
	"context"
	"fmt"
	"strings"

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

// ExpectationChoice is an expectation as a form offers it to link to.
type ExpectationChoice struct {
	ID     int64
	Title  domain.Text
	Status string
}

// ExpectationChoices lists the expectations a commitment of region may
// answer: include (those already linked or ticked) first, then up to limit
// of the region's past the draft whose title holds words (or whose number
// is words), retained ones first, newest first.
func (db *DB) ExpectationChoices(ctx context.Context, region int16, words string, include []int64, limit int) ([]ExpectationChoice, error) {
	if include == nil {
		include = []int64{}
	}
	pattern := ""
	if words = strings.TrimSpace(words); words != "" {
		pattern = "%" + auditLikeEscaper.Replace(words) + "%"
	}
	rows, err := db.pool.Query(ctx, `
		(SELECT e.id, e.title_ar, e.title_fr, e.status, 0 AS rank FROM expectations e
		 WHERE e.id = ANY($3) AND e.status <> 'draft')
		UNION
		(SELECT e.id, e.title_ar, e.title_fr, e.status, CASE WHEN e.status IN ('retained', 'partly_retained') THEN 1 ELSE 2 END
		 FROM expectations e
		 WHERE $1 <> 0 AND e.region_id = $1 AND e.status <> 'draft' AND NOT e.id = ANY($3)
		   AND ($2 = '' OR e.title_ar ILIKE $2 OR e.title_fr ILIKE $2 OR e.id::text = $4)
		 ORDER BY 5, e.id DESC LIMIT $5)
		ORDER BY rank, id DESC`, region, pattern, include, words, limit)
	if err != nil {
		return nil, fmt.Errorf("listing expectations to link: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExpectationChoice, error) {
		var c ExpectationChoice
		var rank int
		err := row.Scan(&c.ID, &c.Title.AR, &c.Title.FR, &c.Status, &rank)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing expectations to link: %w", err)
	}
	return out, nil
}
