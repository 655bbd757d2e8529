package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"tachawor/internal/domain"
)

// AgreementRecord is an agreement as staff edit it, with its publication
// state and the version an edit starts from.
type AgreementRecord struct {
	ID      int64
	Input   domain.AgreementInput
	State   string
	Version int
}

// AgreementForEdit reads an agreement, drafts and archives included, as the
// staff form edits it.
func (db *DB) AgreementForEdit(ctx context.Context, id int64) (AgreementRecord, error) {
	var rec AgreementRecord
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		rec, err = readAgreementRecord(ctx, tx, id, false)
		return err
	})
	return rec, err
}

// readAgreementRecord reads agreement id inside tx, locking its row first
// when lock is set (an edit about to be saved).
func readAgreementRecord(ctx context.Context, tx pgx.Tx, id int64, lock bool) (AgreementRecord, error) {
	rec := AgreementRecord{ID: id}
	in := &rec.Input
	forUpdate := ""
	if lock {
		forUpdate = " FOR UPDATE"
	}
	var meeting *int64
	var region *int16
	err := tx.QueryRow(ctx, `SELECT subject_ar, subject_fr, summary_ar, summary_fr, signed_on, meeting_id, region_id,
			duration_months, status, state, version
		FROM agreements WHERE id = $1`+forUpdate, id).Scan(&in.Subject.AR, &in.Subject.FR, &in.Summary.AR, &in.Summary.FR,
		&in.SignedOn, &meeting, &region, &in.DurationMonths, &in.Status, &rec.State, &rec.Version)
	if err != nil {
		return rec, notFound(err, "reading agreement")
	}
	if meeting != nil {
		in.MeetingID = *meeting
	}
	if region != nil {
		in.RegionID = *region
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT institution_id, amount_dh FROM agreement_parties WHERE agreement_id = $1 ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			in.Parties, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.PartyInput, error) {
				var p domain.PartyInput
				err := row.Scan(&p.InstitutionID, &p.AmountDH)
				return p, err
			})
			return err
		})
	ids := func(sql string, dst *[]int32) {
		b.Queue(sql, id).Query(func(rows pgx.Rows) error {
			var err error
			*dst, err = pgx.CollectRows(rows, pgx.RowTo[int32])
			return err
		})
	}
	ids(`SELECT province_id FROM agreement_provinces WHERE agreement_id = $1 ORDER BY province_id`, &in.ProvinceIDs)
	ids(`SELECT axis_id FROM agreement_axes WHERE agreement_id = $1 ORDER BY axis_id`, &in.AxisIDs)
	ids(`SELECT field_id FROM agreement_fields WHERE agreement_id = $1 ORDER BY field_id`, &in.FieldIDs)
	b.Queue(`SELECT title_ar, title_fr, due_on, percent FROM agreement_milestones WHERE agreement_id = $1 ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			in.Milestones, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.MilestoneInput, error) {
				var m domain.MilestoneInput
				err := row.Scan(&m.Title.AR, &m.Title.FR, &m.DueOn, &m.Percent)
				return m, err
			})
			return err
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return rec, fmt.Errorf("reading agreement %d: %w", id, err)
	}
	// Nothing is nil, as the form parses it with nothing ticked gives it, so that the
	// audit compares like with like.
	if len(in.Parties) == 0 {
		in.Parties = nil
	}
	if len(in.ProvinceIDs) == 0 {
		in.ProvinceIDs = nil
	}
	if len(in.AxisIDs) == 0 {
		in.AxisIDs = nil
	}
	if len(in.FieldIDs) == 0 {
		in.FieldIDs = nil
	}
	if len(in.Milestones) == 0 {
		in.Milestones = nil
	}
	return rec, nil
}

// CreateAgreement records a new agreement as a draft, with its parties,
// provinces, axes, fields and milestones, in one transaction with its
// audit line; it returns the new ID.
func (db *DB) CreateAgreement(ctx context.Context, token string, in domain.AgreementInput, userID int64) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = created(ctx, tx, token, "agreement", func() (int64, error) { return createAgreement(ctx, tx, in, userID) })
		return err
	})
	return id, err
}

func createAgreement(ctx context.Context, tx pgx.Tx, in domain.AgreementInput, userID int64) (int64, error) {
	var id int64
	{
		err := tx.QueryRow(ctx, `INSERT INTO agreements (subject_ar, subject_fr, summary_ar, summary_fr, signed_on, meeting_id,
				region_id, duration_months, status, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, nullif($6, 0), nullif($7, 0), $8, $9, $10, $10) RETURNING id`,
			append(agreementArgs(in), nullUserID(userID))...).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("creating agreement: %w", agreementError(err))
		}
	}
	if err := writeAgreementParts(ctx, tx, id, in); err != nil {
		return 0, err
	}
	return id, auditVersion(ctx, tx, userID, "create", "agreement", id, 1, Diff(domain.AgreementInput{}, in))
}

// UpdateAgreement saves an edit of agreement id made from version; an edit
// from an older version is refused with domain.ErrVersionConflict. The
// agreement, its replaced parts and the audit line of what changed are
// written together, or nothing is.
func (db *DB) UpdateAgreement(ctx context.Context, id int64, version int, in domain.AgreementInput, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		before, err := readAgreementRecord(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		_, err = tx.Exec(ctx, `UPDATE agreements SET subject_ar = $1, subject_fr = $2, summary_ar = $3, summary_fr = $4,
				signed_on = $5, meeting_id = nullif($6, 0), region_id = nullif($7, 0), duration_months = $8, status = $9,
				updated_by = $10, version = version + 1, updated_at = now()
			WHERE id = $11`, append(agreementArgs(in), nullUserID(userID), id)...)
		if err != nil {
			return fmt.Errorf("updating agreement: %w", agreementError(err))
		}
		if err := writeAgreementParts(ctx, tx, id, in); err != nil {
			return err
		}
		return auditVersion(ctx, tx, userID, "update", "agreement", id, version+1, Diff(before.Input, in))
	})
}

func agreementArgs(in domain.AgreementInput) []any {
	return []any{in.Subject.AR, in.Subject.FR, in.Summary.AR, in.Summary.FR, in.SignedOn, in.MeetingID, in.RegionID,
		in.DurationMonths, in.Status}
}

// writeAgreementParts replaces an agreement's parties, provinces, axes,
// fields and milestones.
func writeAgreementParts(ctx context.Context, tx pgx.Tx, id int64, in domain.AgreementInput) error {
	b := &pgx.Batch{}
	for _, table := range []string{"agreement_parties", "agreement_provinces", "agreement_axes", "agreement_fields", "agreement_milestones"} {
		b.Queue(`DELETE FROM `+table+` WHERE agreement_id = $1`, id)
	}
	for i, p := range in.Parties {
		b.Queue(`INSERT INTO agreement_parties (agreement_id, institution_id, position, amount_dh) VALUES ($1, $2, $3, $4)`,
			id, p.InstitutionID, i+1, p.AmountDH)
	}
	for _, p := range in.ProvinceIDs {
		b.Queue(`INSERT INTO agreement_provinces (agreement_id, province_id) VALUES ($1, $2)`, id, p)
	}
	for _, a := range in.AxisIDs {
		b.Queue(`INSERT INTO agreement_axes (agreement_id, axis_id) VALUES ($1, $2)`, id, a)
	}
	for _, f := range in.FieldIDs {
		b.Queue(`INSERT INTO agreement_fields (agreement_id, field_id) VALUES ($1, $2)`, id, f)
	}
	for i, m := range in.Milestones {
		b.Queue(`INSERT INTO agreement_milestones (agreement_id, position, title_ar, title_fr, due_on, percent)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, m.Title.AR, m.Title.FR, m.DueOn, m.Percent)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("writing agreement parts: %w", agreementError(err))
	}
	return nil
}

// agreementError turns the database's refusal of an agreement the form
// should have caught (a record removed meanwhile, a value out of range)
// into an invalid-input error rather than an internal one.
func agreementError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23503": // foreign_key_violation
			return &domain.Error{Code: domain.Invalid, MessageID: "agreement_form_reference_gone", Err: err}
		case "23505", "23514", "22001", "22003", "22007", "22008": // unique, check, too long, out of range, bad date
			return &domain.Error{Code: domain.Invalid, MessageID: "error_form_invalid", Err: err}
		}
	}
	return err
}

// StaffAgreements lists agreements for staff, drafts (and, asked for,
// archives) included, most recently changed first.
func (db *DB) StaffAgreements(ctx context.Context, f StaffFilter) (Page[domain.AgreementSummary], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := staffWhere("a", "agreement")
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM agreements a LEFT JOIN regions r ON r.id = a.region_id WHERE `+where,
		f.State, f.Region, f.Mine).Scan(&total); err != nil {
		return Page[domain.AgreementSummary]{}, fmt.Errorf("counting agreements: %w", err)
	}
	rows, err := db.pool.Query(ctx, agreementSummarySQL(where)+` ORDER BY a.updated_at DESC, a.id DESC LIMIT $4 OFFSET $5`,
		f.State, f.Region, f.Mine, per, offset)
	if err != nil {
		return Page[domain.AgreementSummary]{}, fmt.Errorf("listing agreements: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanAgreementSummary)
	if err != nil {
		return Page[domain.AgreementSummary]{}, fmt.Errorf("listing agreements: %w", err)
	}
	return Page[domain.AgreementSummary]{Items: items, Total: total, Page: page, Per: per}, nil
}

// AgreementOptions are what the agreement form offers to choose from.
type AgreementOptions struct {
	Institutions []domain.InstitutionRecord
	Meetings     []domain.MeetingSummary
	Regions      []domain.Region
	Provinces    []domain.Province
	Axes         []domain.Axis
	Fields       []domain.Field
}

// AgreementOptions reads the records an agreement may point to: the
// institutions and meetings that are not archived, and those the
// agreement id (0 for a new one) already points to, archived or not.
func (db *DB) AgreementOptions(ctx context.Context, id int64) (AgreementOptions, error) {
	var o AgreementOptions
	b := &pgx.Batch{}
	b.Queue(`SELECT `+institutionColumns+` FROM institutions i
		WHERE i.archived_at IS NULL OR i.id IN (SELECT institution_id FROM agreement_parties WHERE agreement_id = $1)
		ORDER BY i.archived_at IS NOT NULL, i.social_pole DESC, i.name_ar, i.id`, id).Query(func(rows pgx.Rows) error {
		var err error
		o.Institutions, err = pgx.CollectRows(rows, scanInstitutionRecord)
		return err
	})
	b.Queue(`SELECT `+meetingSummaryColumns+` FROM meetings m JOIN regions r ON r.id = m.region_id
		WHERE m.state <> 'archived' OR m.id = (SELECT meeting_id FROM agreements WHERE id = $1)
		ORDER BY m.starts_at DESC, m.id DESC`, id).Query(func(rows pgx.Rows) error {
		var err error
		o.Meetings, err = pgx.CollectRows(rows, scanMeetingSummary)
		return err
	})
	b.Queue(`SELECT id, slug, name_ar, name_fr, tile_col, tile_row FROM regions ORDER BY id`).Query(func(rows pgx.Rows) error {
		var err error
		o.Regions, err = pgx.CollectRows(rows, scanRegion)
		return err
	})
	b.Queue(`SELECT id, region_id, slug, kind, name_ar, name_fr FROM provinces ORDER BY region_id, kind DESC, name_fr`).
		Query(func(rows pgx.Rows) error {
			var err error
			o.Provinces, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Province, error) {
				var p domain.Province
				err := row.Scan(&p.ID, &p.RegionID, &p.Slug, &p.Kind, &p.Name.AR, &p.Name.FR)
				return p, err
			})
			return err
		})
	b.Queue(`SELECT ` + axisColumns + ` FROM axes ORDER BY position`).Query(func(rows pgx.Rows) error {
		var err error
		o.Axes, err = pgx.CollectRows(rows, scanAxis)
		return err
	})
	b.Queue(`SELECT id, slug, name_ar, name_fr FROM fields ORDER BY position`).Query(func(rows pgx.Rows) error {
		var err error
		o.Fields, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Field, error) {
			var f domain.Field
			err := row.Scan(&f.ID, &f.Slug, &f.Name.AR, &f.Name.FR)
			return f, err
		})
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return o, fmt.Errorf("reading agreement choices: %w", err)
	}
	return o, nil
}

// ProvinceRegions maps each province offered to its region, for the rule
// that an agreement's provinces are of its region.
func (o AgreementOptions) ProvinceRegions() map[int32]int16 {
	out := make(map[int32]int16, len(o.Provinces))
	for _, p := range o.Provinces {
		out[p.ID] = p.RegionID
	}
	return out
}
