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
			coalesce((SELECT array_agg(expectation_id ORDER BY expectation_id) FROM commitment_expectations WHERE commitment_id = c.id), '{}')
		FROM commitments c WHERE id = $1`, id).
		Scan(&in.RegionID, &in.AxisID, &in.Title.AR, &in.Title.FR, &in.Description.AR, &in.Description.FR, &in.InstitutionID,
			&in.DueOn, &in.Progress, &rec.State, &rec.Version, &in.ExpectationIDs)
	if err != nil {
		return rec, notFound(err, "reading commitment")
	}
	rows, err := db.pool.Query(ctx, `SELECT title_ar, title_fr, due_on, percent FROM commitment_milestones WHERE commitment_id = $1 ORDER BY position`, id)
	if err != nil {
		return rec, fmt.Errorf("reading milestones: %w", err)
	}
	rec.Milestones, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Milestone, error) {
		var m domain.Milestone
		err := row.Scan(&m.Title.AR, &m.Title.FR, &m.DueOn, &m.Percent)
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
			if err := writeCommitmentParts(ctx, tx, id, in, milestones); err != nil {
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
		if err := writeCommitmentParts(ctx, tx, id, in, milestones); err != nil {
			return err
		}
		return auditVersion(ctx, tx, userID, "update", "commitment", id, version+1,
			Diff(commitmentChange{before.Input, before.Milestones}, commitmentChange{in, milestones}))
	})
}

func commitmentArgs(in domain.CommitmentInput) []any {
	return []any{in.RegionID, in.AxisID, in.Title.AR, in.Title.FR, in.Description.AR, in.Description.FR, in.InstitutionID, in.DueOn, in.Progress}
}

// writeCommitmentParts replaces the expectations a commitment answers and
// its milestones.
func writeCommitmentParts(ctx context.Context, tx pgx.Tx, id int64, in domain.CommitmentInput, milestones []domain.Milestone) error {
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
	for _, e := range in.ExpectationIDs {
		b.Queue(`INSERT INTO commitment_expectations (commitment_id, expectation_id) VALUES ($1, $2)`, id, e)
	}
	for i, m := range milestones {
		b.Queue(`INSERT INTO commitment_milestones (commitment_id, position, title_ar, title_fr, due_on, percent)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, m.Title.AR, m.Title.FR, m.DueOn, m.Percent)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("writing commitment parts: %w", checkViolation(err))
	}
	return nil
}

// StaffCommitments lists commitments for staff, most recently changed first.
func (db *DB) StaffCommitments(ctx context.Context, f StaffFilter) (Page[domain.CommitmentSummary], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := `(($1 = '' AND c.state <> 'archived') OR c.state = $1) AND ($2 = '' OR r.slug = $2)`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM commitments c JOIN regions r ON r.id = c.region_id WHERE `+where,
		f.State, f.Region).Scan(&total); err != nil {
		return Page[domain.CommitmentSummary]{}, fmt.Errorf("counting commitments: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT c.id, r.slug, r.name_ar, r.name_fr, c.title_ar, c.title_fr, i.name_ar, i.name_fr,
			c.due_on, c.progress, c.state
		FROM commitments c JOIN regions r ON r.id = c.region_id JOIN institutions i ON i.id = c.institution_id
		WHERE `+where+` ORDER BY c.updated_at DESC, c.id DESC LIMIT $3 OFFSET $4`, f.State, f.Region, per, offset)
	if err != nil {
		return Page[domain.CommitmentSummary]{}, fmt.Errorf("listing commitments: %w", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.CommitmentSummary, error) {
		var c domain.CommitmentSummary
		err := row.Scan(&c.ID, &c.RegionSlug, &c.RegionName.AR, &c.RegionName.FR, &c.Title.AR, &c.Title.FR,
			&c.Institution.AR, &c.Institution.FR, &c.DueOn, &c.Progress, &c.State)
		return c, err
	})
	if err != nil {
		return Page[domain.CommitmentSummary]{}, fmt.Errorf("listing commitments: %w", err)
	}
	return Page[domain.CommitmentSummary]{Items: items, Total: total, Page: page, Per: per}, nil
}
