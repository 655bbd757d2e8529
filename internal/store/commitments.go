package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// CommitmentRecord is a commitment as staff edit it.
type CommitmentRecord struct {
	Input      domain.CommitmentInput
	Milestones []domain.Milestone
	State      string
	Version    int
}

// CommitmentForEdit reads a commitment, drafts and archives included.
func (db *DB) CommitmentForEdit(ctx context.Context, id int64) (CommitmentRecord, error) {
	var rec CommitmentRecord
	in := &rec.Input
	err := db.pool.QueryRow(ctx, `SELECT region_id, axis_id, title_ar, title_fr, description_ar, description_fr, institution_id,
			due_on, progress, state, version,
			coalesce((SELECT array_agg(expectation_id ORDER BY expectation_id) FROM commitment_expectations WHERE commitment_id = c.id), '{}'),
			coalesce((SELECT array_agg(agreement_id ORDER BY agreement_id) FROM commitment_agreements WHERE commitment_id = c.id), '{}')
		FROM commitments c WHERE id = $1`, id).
		Scan(&in.RegionID, &in.AxisID, &in.Title.AR, &in.Title.FR, &in.Description.AR, &in.Description.FR, &in.InstitutionID,
			&in.DueOn, &in.Progress, &rec.State, &rec.Version, &in.ExpectationIDs, &in.AgreementIDs)
	if err != nil {
		return rec, notFound(err, "reading commitment")
	}
	rows, err := db.pool.Query(ctx, `SELECT title_ar, title_fr, due_on, percent, done_on FROM commitment_milestones WHERE commitment_id = $1 ORDER BY position`, id)
	if err != nil {
		return rec, fmt.Errorf("reading milestones: %w", err)
	}
	rec.Milestones, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Milestone, error) {
		var m domain.Milestone
		err := row.Scan(&m.Title.AR, &m.Title.FR, &m.DueOn, &m.Percent, &m.DoneOn)
		return m, err
	})
	if err != nil {
		return rec, fmt.Errorf("reading milestones: %w", err)
	}
	return rec, nil
}

// commitmentChange is what the audit log compares of a commitment: its
// fields and its milestones.
type commitmentChange struct {
	domain.CommitmentInput
	Milestones []domain.Milestone `form:"milestone"`
}

// CreateCommitment records a new commitment, as a draft, with its
// milestones and the expectations it answers (of its region and past the
// draft); it returns the ID. token is the create form's (see created).
func (db *DB) CreateCommitment(ctx context.Context, token string, in domain.CommitmentInput, milestones []domain.Milestone, userID int64) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = created(ctx, tx, token, "commitment", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO commitments (region_id, axis_id, title_ar, title_fr, description_ar, description_fr,
				institution_id, due_on, progress) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, commitmentArgs(in)...).Scan(&id)
			if err != nil {
				return 0, fmt.Errorf("creating commitment: %w", checkViolation(err))
			}
			if err := writeCommitmentParts(ctx, tx, id, in, milestones, nil); err != nil {
				return 0, err
			}
			return id, auditVersion(ctx, tx, userID, "create", "commitment", id, 1,
				Diff(commitmentChange{}, commitmentChange{in, milestones}))
		})
		return err
	})
	return id, err
}

// UpdateCommitment saves an edit of commitment id made from version, or
// refuses it with domain.ErrVersionConflict.
func (db *DB) UpdateCommitment(ctx context.Context, id int64, version int, in domain.CommitmentInput, milestones []domain.Milestone, userID int64) error {
	before, err := db.CommitmentForEdit(ctx, id)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		var current int
		if err := tx.QueryRow(ctx, `SELECT version FROM commitments WHERE id = $1 FOR UPDATE`, id).Scan(&current); err != nil {
			return notFound(err, "locking commitment")
		}
		if current != version || before.Version != version {
			return domain.ErrVersionConflict
		}
		_, err := tx.Exec(ctx, `UPDATE commitments SET region_id = $1, axis_id = $2, title_ar = $3, title_fr = $4, description_ar = $5,
			description_fr = $6, institution_id = $7, due_on = $8, progress = $9, version = version + 1, updated_at = now()
			WHERE id = $10`, append(commitmentArgs(in), id)...)
		if err != nil {
			return fmt.Errorf("updating commitment: %w", checkViolation(err))
		}
		if err := writeCommitmentParts(ctx, tx, id, in, milestones, before.Milestones); err != nil {
			return err
		}
		return auditVersion(ctx, tx, userID, "update", "commitment", id, version+1,
			Diff(commitmentChange{before.Input, before.Milestones}, commitmentChange{in, milestones}))
	})
}

func commitmentArgs(in domain.CommitmentInput) []any {
	return []any{in.RegionID, in.AxisID, in.Title.AR, in.Title.FR, in.Description.AR, in.Description.FR, in.InstitutionID, in.DueOn, in.Progress}
}

// writeCommitmentParts replaces the expectations a commitment answers, the
// agreements that carry it out and its milestones (before, the milestones
// it had). A milestone at 100 % keeps the day it was done unless one is
// given (the database sets today's for a new one).
func writeCommitmentParts(ctx context.Context, tx pgx.Tx, id int64, in domain.CommitmentInput, milestones, before []domain.Milestone) error {
	var linked int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM expectations WHERE id = ANY($1) AND region_id = $2 AND status <> 'draft'`,
		in.ExpectationIDs, in.RegionID).Scan(&linked)
	if err != nil {
		return fmt.Errorf("checking expectations: %w", err)
	}
	if linked != len(in.ExpectationIDs) {
		return &domain.Error{Code: domain.Invalid, MessageID: "commitment_error_expectations"}
	}
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM commitment_expectations WHERE commitment_id = $1`, id)
	b.Queue(`DELETE FROM commitment_milestones WHERE commitment_id = $1`, id)
	b.Queue(`DELETE FROM commitment_agreements WHERE commitment_id = $1`, id)
	for _, e := range in.ExpectationIDs {
		b.Queue(`INSERT INTO commitment_expectations (commitment_id, expectation_id) VALUES ($1, $2)`, id, e)
	}
	for _, a := range in.AgreementIDs {
		b.Queue(`INSERT INTO commitment_agreements (commitment_id, agreement_id) VALUES ($1, $2)`, id, a)
	}
	for i, m := range milestones {
		if m.DoneOn == nil && i < len(before) && before[i].Title.AR == m.Title.AR {
			m.DoneOn = before[i].DoneOn
		}
		b.Queue(`INSERT INTO commitment_milestones (commitment_id, position, title_ar, title_fr, due_on, percent, done_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, i+1, m.Title.AR, m.Title.FR, m.DueOn, m.Percent, m.DoneOn)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("writing commitment parts: %w", checkViolation(err))
	}
	return nil
}

// StaffCommitments lists commitments for staff, most recently changed first.
func (db *DB) StaffCommitments(ctx context.Context, f StaffFilter) (Page[domain.CommitmentSummary], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := staffWhere("c", "commitment") + ` AND (NOT $4 OR (c.due_on < current_date AND c.progress < 100))`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM commitments c JOIN regions r ON r.id = c.region_id WHERE `+where,
		f.State, f.Region, f.Mine, f.Overdue).Scan(&total); err != nil {
		return Page[domain.CommitmentSummary]{}, fmt.Errorf("counting commitments: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT c.id, r.slug, r.name_ar, r.name_fr, c.title_ar, c.title_fr, i.name_ar, i.name_fr,
			c.due_on, c.progress, c.state
		FROM commitments c JOIN regions r ON r.id = c.region_id JOIN institutions i ON i.id = c.institution_id
		WHERE `+where+` ORDER BY c.updated_at DESC, c.id DESC LIMIT $5 OFFSET $6`, f.State, f.Region, f.Mine, f.Overdue, per, offset)
	if err != nil {
		return Page[domain.CommitmentSummary]{}, fmt.Errorf("listing commitments: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanCommitmentSummary)
	if err != nil {
		return Page[domain.CommitmentSummary]{}, fmt.Errorf("listing commitments: %w", err)
	}
	return Page[domain.CommitmentSummary]{Items: items, Total: total, Page: page, Per: per}, nil
}

// scanCommitmentSummary reads c.id, its region's slug and names, its
// title, its institution's names, c.due_on, c.progress and c.state.
func scanCommitmentSummary(row pgx.CollectableRow) (domain.CommitmentSummary, error) {
	var c domain.CommitmentSummary
	err := row.Scan(&c.ID, &c.RegionSlug, &c.RegionName.AR, &c.RegionName.FR, &c.Title.AR, &c.Title.FR,
		&c.Institution.AR, &c.Institution.FR, &c.DueOn, &c.Progress, &c.State)
	return c, err
}

// PublicCommitment reads a published commitment for its public page (any
// other is not found): the published expectations it answers, its
// milestones, its progress over time and the published agreements that
// carry it out, in one round trip.
func (db *DB) PublicCommitment(ctx context.Context, id int64) (domain.CommitmentDetail, error) {
	var c domain.CommitmentDetail
	b := &pgx.Batch{}
	b.Queue(`
		SELECT c.id, r.slug, r.name_ar, r.name_fr, c.title_ar, c.title_fr, i.name_ar, i.name_fr, c.due_on, c.progress, c.state,
		       c.description_ar, c.description_fr, a.slug, a.name_ar, a.name_fr, c.demo, c.updated_at
		FROM commitments c JOIN regions r ON r.id = c.region_id JOIN institutions i ON i.id = c.institution_id
		JOIN axes a ON a.id = c.axis_id
		WHERE c.id = $1 AND c.state = 'published'`, id).QueryRow(func(row pgx.Row) error {
		return notFound(row.Scan(&c.ID, &c.RegionSlug, &c.RegionName.AR, &c.RegionName.FR, &c.Title.AR, &c.Title.FR,
			&c.Institution.AR, &c.Institution.FR, &c.DueOn, &c.Progress, &c.State, &c.Description.AR, &c.Description.FR,
			&c.AxisSlug, &c.AxisName.AR, &c.AxisName.FR, &c.Demo, &c.LastModified), "reading commitment")
	})
	b.Queue(`
		SELECT e.id, r.slug, r.name_ar, r.name_fr, e.title_ar, e.title_fr, e.status, e.answer_ar, e.answer_fr
		FROM commitment_expectations ce JOIN expectations e ON e.id = ce.expectation_id AND e.status <> 'draft'
		JOIN regions r ON r.id = e.region_id
		WHERE ce.commitment_id = $1 ORDER BY e.id`, id).Query(func(rows pgx.Rows) error {
		var err error
		c.Expectations, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.ExpectationSummary, error) {
			var e domain.ExpectationSummary
			err := row.Scan(&e.ID, &e.RegionSlug, &e.RegionName.AR, &e.RegionName.FR, &e.Title.AR, &e.Title.FR, &e.Status, &e.Answer.AR, &e.Answer.FR)
			return e, err
		})
		return err
	})
	b.Queue(`SELECT title_ar, title_fr, due_on, percent, done_on FROM commitment_milestones WHERE commitment_id = $1 ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			c.Milestones, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Milestone, error) {
				var m domain.Milestone
				err := row.Scan(&m.Title.AR, &m.Title.FR, &m.DueOn, &m.Percent, &m.DoneOn)
				return m, err
			})
			return err
		})
	b.Queue(`SELECT at, progress FROM commitment_progress WHERE commitment_id = $1 ORDER BY at, id`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			c.Progression, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.ProgressPoint, error) {
				var p domain.ProgressPoint
				err := row.Scan(&p.At, &p.Progress)
				return p, err
			})
			return err
		})
	b.Queue(agreementSummarySQL(`a.state = 'published' AND a.id IN (SELECT agreement_id FROM commitment_agreements WHERE commitment_id = $1)`)+
		` ORDER BY a.signed_on DESC NULLS LAST, a.id`, id).Query(func(rows pgx.Rows) error {
		var err error
		c.Agreements, err = pgx.CollectRows(rows, scanAgreementSummary)
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		if domain.ErrorCode(err) == domain.NotFound {
			return c, err
		}
		return c, fmt.Errorf("reading commitment %d: %w", id, err)
	}
	return c, nil
}
