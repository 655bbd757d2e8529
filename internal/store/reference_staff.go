package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"tachawor/internal/domain"
)

// ErrSlugTaken is returned when a typed slug is already another
// institution's.
var ErrSlugTaken = &domain.Error{Code: domain.Conflict, MessageID: "institution_slug_taken"}

// ReferenceFilter narrows the staff's lists of institutions and officials.
type ReferenceFilter struct {
	Archived bool // the archived ones instead of the others
	Page     int
	Per      int
}

const institutionColumns = `i.id, i.name_ar, i.name_fr, i.short_name, i.slug, i.social_pole, i.archived_at, i.version, i.updated_at`

func scanInstitutionRecord(row pgx.CollectableRow) (domain.InstitutionRecord, error) {
	var i domain.InstitutionRecord
	err := row.Scan(&i.ID, &i.Input.Name.AR, &i.Input.Name.FR, &i.Input.Short, &i.Input.Slug, &i.SocialPole,
		&i.ArchivedAt, &i.Version, &i.UpdatedAt)
	return i, err
}

// StaffInstitutions lists institutions for staff, the social pole first,
// then by Arabic name.
func (db *DB) StaffInstitutions(ctx context.Context, f ReferenceFilter) (Page[domain.InstitutionRecord], error) {
	page, per, offset := limits(f.Page, f.Per)
	const where = ` WHERE (i.archived_at IS NOT NULL) = $1`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM institutions i`+where, f.Archived).Scan(&total); err != nil {
		return Page[domain.InstitutionRecord]{}, fmt.Errorf("counting institutions: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+institutionColumns+` FROM institutions i`+where+`
		ORDER BY i.social_pole DESC, i.name_ar, i.id LIMIT $2 OFFSET $3`, f.Archived, per, offset)
	if err != nil {
		return Page[domain.InstitutionRecord]{}, fmt.Errorf("listing institutions: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanInstitutionRecord)
	if err != nil {
		return Page[domain.InstitutionRecord]{}, fmt.Errorf("listing institutions: %w", err)
	}
	return Page[domain.InstitutionRecord]{Items: items, Total: total, Page: page, Per: per}, nil
}

// InstitutionOptions returns the institutions that may be chosen: those not
// archived, and include (what a record already names), archived or not.
func (db *DB) InstitutionOptions(ctx context.Context, include ...int32) ([]domain.InstitutionRecord, error) {
	if include == nil {
		include = []int32{}
	}
	rows, err := db.pool.Query(ctx, `SELECT `+institutionColumns+` FROM institutions i
		WHERE i.archived_at IS NULL OR i.id = ANY($1)
		ORDER BY i.archived_at IS NOT NULL, i.social_pole DESC, i.name_ar, i.id`, include)
	if err != nil {
		return nil, fmt.Errorf("listing institutions: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanInstitutionRecord)
	if err != nil {
		return nil, fmt.Errorf("listing institutions: %w", err)
	}
	return out, nil
}

// InstitutionForEdit reads an institution, archived or not.
func (db *DB) InstitutionForEdit(ctx context.Context, id int32) (domain.InstitutionRecord, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+institutionColumns+` FROM institutions i WHERE i.id = $1`, id)
	i, err := pgx.CollectExactlyOneRow(rows, scanInstitutionRecord)
	if err != nil {
		return i, notFound(err, "reading institution")
	}
	return i, nil
}

// freeSlug returns slug, or slug-2, slug-3 ... the first that no
// institution but id uses.
func freeSlug(ctx context.Context, tx pgx.Tx, slug string, id int32) (string, error) {
	rows, err := tx.Query(ctx, `SELECT slug FROM institutions WHERE (slug = $1 OR slug LIKE $1 || '-%') AND id <> $2`, slug, id)
	if err != nil {
		return "", fmt.Errorf("choosing a slug: %w", err)
	}
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("choosing a slug: %w", err)
	}
	used := map[string]bool{}
	for _, s := range taken {
		used[s] = true
	}
	for n := 1; ; n++ {
		try := slug
		if n > 1 {
			try = slug + "-" + strconv.Itoa(n)
		}
		if !used[try] {
			return try, nil
		}
	}
}

// institutionSlug settles the slug an institution is saved with: a
// generated one is made unique with a number; a typed one must be free.
func institutionSlug(ctx context.Context, tx pgx.Tx, in *domain.InstitutionInput, generated bool, id int32) error {
	if generated {
		slug, err := freeSlug(ctx, tx, in.Slug, id)
		in.Slug = slug
		return err
	}
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM institutions WHERE slug = $1 AND id <> $2)`, in.Slug, id).Scan(&taken); err != nil {
		return fmt.Errorf("checking slug: %w", err)
	}
	if taken {
		return ErrSlugTaken
	}
	return nil
}

// referenceError turns a refusal of the database the form should have
// caught into a domain error: a slug taken meanwhile, a record gone.
func referenceError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505" && strings.Contains(pe.ConstraintName, "slug"):
			return &domain.Error{Code: domain.Conflict, MessageID: "institution_slug_taken", Err: err}
		case pe.Code == "23503":
			return &domain.Error{Code: domain.Invalid, MessageID: "agreement_form_reference_gone", Err: err}
		case pe.Code == "23514" || pe.Code == "22001":
			return &domain.Error{Code: domain.Invalid, MessageID: "error_form_invalid", Err: err}
		}
	}
	return err
}

// CreateInstitution records a new institution with its audit line and
// returns its ID and the slug it was given. With generated set, in.Slug is
// a proposal, numbered if another institution has it.
func (db *DB) CreateInstitution(ctx context.Context, token string, in domain.InstitutionInput, generated bool, userID int64) (int32, string, error) {
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = created(ctx, tx, token, "institution", func() (int64, error) {
			if err := institutionSlug(ctx, tx, &in, generated, 0); err != nil {
				return 0, err
			}
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO institutions (slug, name_ar, name_fr, short_name, created_by, updated_by)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, in.Slug, in.Name.AR, in.Name.FR, in.Short, nullUserID(userID)).Scan(&id)
			if err != nil {
				return 0, fmt.Errorf("creating institution: %w", referenceError(err))
			}
			return id, auditVersion(ctx, tx, userID, "create", "institution", id, 1, Diff(domain.InstitutionInput{}, in))
		})
		return err
	})
	return int32(id), in.Slug, err
}

// UpdateInstitution saves an edit of institution id made from version, or
// refuses it with domain.ErrVersionConflict.
func (db *DB) UpdateInstitution(ctx context.Context, id int32, version int, in domain.InstitutionInput, generated bool, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+institutionColumns+` FROM institutions i WHERE i.id = $1 FOR UPDATE`, id)
		before, err := pgx.CollectExactlyOneRow(rows, scanInstitutionRecord)
		if err != nil {
			return notFound(err, "reading institution")
		}
		if before.Version != version {
			return domain.ErrVersionConflict
		}
		if err := institutionSlug(ctx, tx, &in, generated, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE institutions SET slug = $2, name_ar = $3, name_fr = $4, short_name = $5,
				updated_by = $6, updated_at = now(), version = version + 1 WHERE id = $1`,
			id, in.Slug, in.Name.AR, in.Name.FR, in.Short, nullUserID(userID))
		if err != nil {
			return fmt.Errorf("updating institution: %w", referenceError(err))
		}
		return auditVersion(ctx, tx, userID, "update", "institution", int64(id), version+1, Diff(before.Input, in))
	})
}

// setArchived archives (or restores) a row of table (institutions,
// officials) still at version, with its audit line.
func (db *DB) setArchived(ctx context.Context, table, entity string, id int32, version int, archive bool, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		var current int
		var archived bool
		err := tx.QueryRow(ctx, `SELECT version, archived_at IS NOT NULL FROM `+table+` WHERE id = $1 FOR UPDATE`, id).Scan(&current, &archived)
		if err != nil {
			return notFound(err, "reading "+entity)
		}
		if current != version {
			return domain.ErrVersionConflict
		}
		if archived == archive {
			return &domain.Error{Code: domain.Invalid, MessageID: "error_transition"}
		}
		_, err = tx.Exec(ctx, `UPDATE `+table+` SET archived_at = CASE WHEN $2 THEN now() END,
			updated_by = $3, updated_at = now(), version = version + 1 WHERE id = $1`, id, archive, nullUserID(userID))
		if err != nil {
			return fmt.Errorf("archiving %s: %w", entity, err)
		}
		action := "restore"
		if archive {
			action = "archive"
		}
		return auditVersion(ctx, tx, userID, action, entity, int64(id), version+1, map[string]any{"archived": map[string]bool{"from": archived, "to": archive}})
	})
}

// SetInstitutionArchived archives an institution (no longer offered in
// lists, still shown on the records that name it) or restores it.
func (db *DB) SetInstitutionArchived(ctx context.Context, id int32, version int, archive bool, userID int64) error {
	return db.setArchived(ctx, "institutions", "institution", id, version, archive, userID)
}

// SetOfficialArchived archives an official or restores them.
func (db *DB) SetOfficialArchived(ctx context.Context, id int32, version int, archive bool, userID int64) error {
	return db.setArchived(ctx, "officials", "official", id, version, archive, userID)
}

const officialColumns = `o.id, o.name_ar, o.name_fr, o.title_ar, o.title_fr, coalesce(o.institution_id, 0),
	coalesce(i.name_ar, ''), coalesce(i.name_fr, ''), o.archived_at, o.version, o.updated_at`

func scanOfficialRecord(row pgx.CollectableRow) (domain.OfficialRecord, error) {
	var o domain.OfficialRecord
	err := row.Scan(&o.ID, &o.Input.Name.AR, &o.Input.Name.FR, &o.Input.Title.AR, &o.Input.Title.FR, &o.Input.InstitutionID,
		&o.Institution.AR, &o.Institution.FR, &o.ArchivedAt, &o.Version, &o.UpdatedAt)
	return o, err
}

// StaffOfficials lists officials for staff, by Arabic name.
func (db *DB) StaffOfficials(ctx context.Context, f ReferenceFilter) (Page[domain.OfficialRecord], error) {
	page, per, offset := limits(f.Page, f.Per)
	const where = ` WHERE (o.archived_at IS NOT NULL) = $1`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM officials o`+where, f.Archived).Scan(&total); err != nil {
		return Page[domain.OfficialRecord]{}, fmt.Errorf("counting officials: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+officialColumns+` FROM officials o LEFT JOIN institutions i ON i.id = o.institution_id`+where+`
		ORDER BY o.name_ar, o.id LIMIT $2 OFFSET $3`, f.Archived, per, offset)
	if err != nil {
		return Page[domain.OfficialRecord]{}, fmt.Errorf("listing officials: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanOfficialRecord)
	if err != nil {
		return Page[domain.OfficialRecord]{}, fmt.Errorf("listing officials: %w", err)
	}
	return Page[domain.OfficialRecord]{Items: items, Total: total, Page: page, Per: per}, nil
}

// OfficialForEdit reads an official, archived or not.
func (db *DB) OfficialForEdit(ctx context.Context, id int32) (domain.OfficialRecord, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+officialColumns+` FROM officials o LEFT JOIN institutions i ON i.id = o.institution_id
		WHERE o.id = $1`, id)
	o, err := pgx.CollectExactlyOneRow(rows, scanOfficialRecord)
	if err != nil {
		return o, notFound(err, "reading official")
	}
	return o, nil
}

// CreateOfficial records a new official with its audit line.
func (db *DB) CreateOfficial(ctx context.Context, token string, in domain.OfficialInput, userID int64) (int32, error) {
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = created(ctx, tx, token, "official", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO officials (name_ar, name_fr, title_ar, title_fr, institution_id, created_by, updated_by)
				VALUES ($1, $2, $3, $4, nullif($5, 0), $6, $6) RETURNING id`,
				in.Name.AR, in.Name.FR, in.Title.AR, in.Title.FR, in.InstitutionID, nullUserID(userID)).Scan(&id)
			if err != nil {
				return 0, fmt.Errorf("creating official: %w", referenceError(err))
			}
			return id, auditVersion(ctx, tx, userID, "create", "official", id, 1, Diff(domain.OfficialInput{}, in))
		})
		return err
	})
	return int32(id), err
}

// UpdateOfficial saves an edit of official id made from version, or
// refuses it with domain.ErrVersionConflict.
func (db *DB) UpdateOfficial(ctx context.Context, id int32, version int, in domain.OfficialInput, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		var before domain.OfficialInput
		var current int
		err := tx.QueryRow(ctx, `SELECT name_ar, name_fr, title_ar, title_fr, coalesce(institution_id, 0), version
			FROM officials WHERE id = $1 FOR UPDATE`, id).Scan(&before.Name.AR, &before.Name.FR, &before.Title.AR, &before.Title.FR,
			&before.InstitutionID, &current)
		if err != nil {
			return notFound(err, "reading official")
		}
		if current != version {
			return domain.ErrVersionConflict
		}
		_, err = tx.Exec(ctx, `UPDATE officials SET name_ar = $2, name_fr = $3, title_ar = $4, title_fr = $5,
				institution_id = nullif($6, 0), updated_by = $7, updated_at = now(), version = version + 1 WHERE id = $1`,
			id, in.Name.AR, in.Name.FR, in.Title.AR, in.Title.FR, in.InstitutionID, nullUserID(userID))
		if err != nil {
			return fmt.Errorf("updating official: %w", referenceError(err))
		}
		return auditVersion(ctx, tx, userID, "update", "official", int64(id), version+1, Diff(before, in))
	})
}

// Officials returns the officials to choose from: those not archived, and
// include (those a record already names), archived or not.
func (db *DB) Officials(ctx context.Context, include ...int32) ([]domain.Official, error) {
	if include == nil {
		include = []int32{}
	}
	rows, err := db.pool.Query(ctx, `SELECT o.id, o.name_ar, o.name_fr, o.title_ar, o.title_fr, coalesce(i.name_ar, ''), coalesce(i.name_fr, '')
		FROM officials o LEFT JOIN institutions i ON i.id = o.institution_id
		WHERE o.archived_at IS NULL OR o.id = ANY($1) ORDER BY o.name_ar, o.id`, include)
	if err != nil {
		return nil, fmt.Errorf("listing officials: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Official, error) {
		var o domain.Official
		err := row.Scan(&o.ID, &o.Name.AR, &o.Name.FR, &o.Title.AR, &o.Title.FR, &o.Institution.AR, &o.Institution.FR)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing officials: %w", err)
	}
	return out, nil
}

// Institutions returns the institutions that are not archived, social pole first.
func (db *DB) Institutions(ctx context.Context) ([]domain.Institution, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, slug, name_ar, name_fr, short_name, social_pole FROM institutions
		WHERE archived_at IS NULL ORDER BY social_pole DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("listing institutions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Institution, error) {
		var i domain.Institution
		err := row.Scan(&i.ID, &i.Slug, &i.Name.AR, &i.Name.FR, &i.Short, &i.SocialPole)
		return i, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing institutions: %w", err)
	}
	return out, nil
}
