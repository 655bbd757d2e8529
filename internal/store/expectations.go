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

// PublicExpectation reads an expectation for its public page, once it has
// left its draft (a draft is not found): where and on whose behalf it was
// raised, its status history, the ministry's answer and the published
// commitments it led to. Its parts are read in one round trip.
func (db *DB) PublicExpectation(ctx context.Context, id int64) (domain.ExpectationDetail, error) {
	var e domain.ExpectationDetail
	b := &pgx.Batch{}
	b.Queue(`
		SELECT e.id, r.slug, r.name_ar, r.name_fr, e.title_ar, e.title_fr, e.description_ar, e.description_fr,
		       e.population_ar, e.population_fr, coalesce(f.name_ar, ''), coalesce(f.name_fr, ''),
		       coalesce(s.name_ar, ''), coalesce(s.name_fr, ''), e.status, e.answer_ar, e.answer_fr,
		       coalesce(i.name_ar, ''), coalesce(i.name_fr, ''), e.submitted_at, e.demo, e.updated_at
		FROM expectations e JOIN regions r ON r.id = e.region_id
		LEFT JOIN fields f ON f.id = e.field_id
		LEFT JOIN institutions s ON s.id = e.submitted_by_id
		LEFT JOIN institutions i ON i.id = e.institution_id
		WHERE e.id = $1 AND e.status <> 'draft'`, id).QueryRow(func(row pgx.Row) error {
		return notFound(row.Scan(&e.ID, &e.RegionSlug, &e.RegionName.AR, &e.RegionName.FR, &e.Title.AR, &e.Title.FR,
			&e.Description.AR, &e.Description.FR, &e.Population.AR, &e.Population.FR, &e.Field.AR, &e.Field.FR,
			&e.SubmittedBy.AR, &e.SubmittedBy.FR, &e.Status, &e.Answer.AR, &e.Answer.FR,
			&e.Institution.AR, &e.Institution.FR, &e.SubmittedAt, &e.Demo, &e.LastModified), "reading expectation")
	})
	b.Queue(`SELECT p.name_ar, p.name_fr FROM expectation_provinces x JOIN provinces p ON p.id = x.province_id
		WHERE x.expectation_id = $1 ORDER BY p.kind DESC, p.name_fr`, id).Query(func(rows pgx.Rows) error {
		var err error
		e.Provinces, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Text, error) {
			var t domain.Text
			err := row.Scan(&t.AR, &t.FR)
			return t, err
		})
		return err
	})
	b.Queue(`SELECT `+axisColumns+` FROM axes WHERE id IN (SELECT axis_id FROM expectation_axes WHERE expectation_id = $1)
		ORDER BY position`, id).Query(func(rows pgx.Rows) error {
		var err error
		e.Axes, err = pgx.CollectRows(rows, scanAxis)
		return err
	})
	b.Queue(`SELECT `+meetingSummaryColumns+` FROM meetings m JOIN regions r ON r.id = m.region_id
		WHERE m.id = (SELECT meeting_id FROM expectations WHERE id = $1) AND m.state = 'published'`, id).Query(func(rows pgx.Rows) error {
		items, err := pgx.CollectRows(rows, scanMeetingSummary)
		if len(items) == 1 {
			e.Meeting = &items[0]
		}
		return err
	})
	b.Queue(`SELECT status, at FROM expectation_status_history WHERE expectation_id = $1 ORDER BY at, id`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			e.History, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.StatusChange, error) {
				var c domain.StatusChange
				err := row.Scan(&c.Status, &c.At)
				return c, err
			})
			return err
		})
	b.Queue(`
		SELECT c.id, r.slug, r.name_ar, r.name_fr, c.title_ar, c.title_fr, i.name_ar, i.name_fr, c.due_on, c.progress, c.state
		FROM commitment_expectations ce JOIN commitments c ON c.id = ce.commitment_id AND c.state = 'published'
		JOIN regions r ON r.id = c.region_id JOIN institutions i ON i.id = c.institution_id
		WHERE ce.expectation_id = $1 ORDER BY c.id`, id).Query(func(rows pgx.Rows) error {
		var err error
		e.Commitments, err = pgx.CollectRows(rows, scanCommitmentSummary)
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		if domain.ErrorCode(err) == domain.NotFound {
			return e, err
		}
		return e, fmt.Errorf("reading expectation %d: %w", id, err)
	}
	return e, nil
}

// MeetingExpectations lists the expectations raised at a meeting, past
// their draft, in the order they were submitted, at most limit.
func (db *DB) MeetingExpectations(ctx context.Context, meetingID int64, limit int) ([]domain.ExpectationSummary, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT e.id, r.slug, r.name_ar, r.name_fr, e.title_ar, e.title_fr, e.status, e.answer_ar, e.answer_fr
		FROM expectations e JOIN regions r ON r.id = e.region_id
		WHERE e.meeting_id = $1 AND e.status <> 'draft' ORDER BY e.submitted_at, e.id LIMIT $2`, meetingID, limit)
	if err != nil {
		return nil, fmt.Errorf("listing a meeting's expectations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.ExpectationSummary, error) {
		var e domain.ExpectationSummary
		err := row.Scan(&e.ID, &e.RegionSlug, &e.RegionName.AR, &e.RegionName.FR, &e.Title.AR, &e.Title.FR, &e.Status, &e.Answer.AR, &e.Answer.FR)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing a meeting's expectations: %w", err)
	}
	return out, nil
}

// YouSaidWeDid lists published expectations of a region and/or an axis,
// newest first, each with the published commitments answering it: one
// query for the count (at most QueueCountCap), one for the page, one for
// their commitments.
func (db *DB) YouSaidWeDid(ctx context.Context, regionSlug, axisSlug string, page, per int) (Page[domain.Expectation], error) {
	page, per, offset := limits(page, per)
	where := `e.status <> 'draft' AND ($1 = '' OR r.slug = $1)
		AND ($2 = '' OR EXISTS (SELECT 1 FROM expectation_axes x JOIN axes a ON a.id = x.axis_id WHERE x.expectation_id = e.id AND a.slug = $2))`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM expectations e JOIN regions r ON r.id = e.region_id WHERE `+where+` LIMIT $3) c`,
		regionSlug, axisSlug, QueueCountCap).Scan(&total); err != nil {
		return Page[domain.Expectation]{}, fmt.Errorf("counting expectations: %w", err)
	}
	rows, err := db.pool.Query(ctx, expectationSelect+` WHERE `+where+` ORDER BY e.id DESC LIMIT $3 OFFSET $4`, regionSlug, axisSlug, per, offset)
	if err != nil {
		return Page[domain.Expectation]{}, fmt.Errorf("listing expectations: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanExpectation)
	if err != nil {
		return Page[domain.Expectation]{}, fmt.Errorf("listing expectations: %w", err)
	}
	if len(items) > 0 {
		ids := make([]int64, len(items))
		at := map[int64]int{}
		for i, e := range items {
			ids[i], at[e.ID] = e.ID, i
		}
		rows, err := db.pool.Query(ctx, `
			SELECT ce.expectation_id, c.id, r.slug, r.name_ar, r.name_fr, c.title_ar, c.title_fr, i.name_ar, i.name_fr, c.due_on, c.progress
			FROM commitment_expectations ce JOIN commitments c ON c.id = ce.commitment_id AND c.state = 'published'
			JOIN regions r ON r.id = c.region_id JOIN institutions i ON i.id = c.institution_id
			WHERE ce.expectation_id = ANY($1) ORDER BY c.id`, ids)
		if err != nil {
			return Page[domain.Expectation]{}, fmt.Errorf("listing commitments: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var eid int64
			var c domain.CommitmentSummary
			if err := rows.Scan(&eid, &c.ID, &c.RegionSlug, &c.RegionName.AR, &c.RegionName.FR, &c.Title.AR, &c.Title.FR,
				&c.Institution.AR, &c.Institution.FR, &c.DueOn, &c.Progress); err != nil {
				return Page[domain.Expectation]{}, fmt.Errorf("listing commitments: %w", err)
			}
			items[at[eid]].Commitments = append(items[at[eid]].Commitments, c)
		}
		if err := rows.Err(); err != nil {
			return Page[domain.Expectation]{}, fmt.Errorf("listing commitments: %w", err)
		}
	}
	return Page[domain.Expectation]{Items: items, Total: total, Page: page, Per: per}, nil
}
