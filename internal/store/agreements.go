package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// agreementSummarySQL selects agreement summaries with their parties'
// names aggregated, under the condition where.
func agreementSummarySQL(where string) string {
	return `
		SELECT a.id, a.subject_ar, a.subject_fr, a.signed_on, a.status, coalesce(r.slug, ''), coalesce(r.name_ar, ''), coalesce(r.name_fr, ''),
		       a.state, a.updated_at,
		       coalesce((SELECT array_agg(i.name_ar ORDER BY p.position) FROM agreement_parties p JOIN institutions i ON i.id = p.institution_id WHERE p.agreement_id = a.id), '{}'),
		       coalesce((SELECT array_agg(i.name_fr ORDER BY p.position) FROM agreement_parties p JOIN institutions i ON i.id = p.institution_id WHERE p.agreement_id = a.id), '{}')
		FROM agreements a LEFT JOIN regions r ON r.id = a.region_id
		WHERE ` + where
}

func scanAgreementSummary(row pgx.CollectableRow) (domain.AgreementSummary, error) {
	var a domain.AgreementSummary
	var ar, fr []string
	err := row.Scan(&a.ID, &a.Subject.AR, &a.Subject.FR, &a.SignedOn, &a.Status, &a.RegionSlug, &a.RegionName.AR, &a.RegionName.FR,
		&a.State, &a.UpdatedAt, &ar, &fr)
	for k := range ar {
		a.Parties = append(a.Parties, domain.Text{AR: ar[k], FR: fr[k]})
	}
	return a, err
}

// AgreementFilter narrows the registry of published agreements.
type AgreementFilter struct {
	Region string // region slug
	Axis   string // axis slug
	Party  string // institution slug
	Status string
	Year   int
	Page   int
	Per    int
}

// Agreements lists published agreements, most recently signed first, in one query.
func (db *DB) Agreements(ctx context.Context, f AgreementFilter) (Page[domain.AgreementSummary], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := `a.state = 'published'
		AND ($1 = '' OR r.slug = $1)
		AND ($2 = '' OR EXISTS (SELECT 1 FROM agreement_axes x JOIN axes ax ON ax.id = x.axis_id WHERE x.agreement_id = a.id AND ax.slug = $2))
		AND ($3 = '' OR EXISTS (SELECT 1 FROM agreement_parties p JOIN institutions i ON i.id = p.institution_id WHERE p.agreement_id = a.id AND i.slug = $3))
		AND ($4 = '' OR a.status = $4)
		AND ($5 = 0 OR (a.signed_on >= make_date($5, 1, 1) AND a.signed_on < make_date($5 + 1, 1, 1)))`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM agreements a LEFT JOIN regions r ON r.id = a.region_id WHERE `+where,
		f.Region, f.Axis, f.Party, f.Status, f.Year).Scan(&total); err != nil {
		return Page[domain.AgreementSummary]{}, fmt.Errorf("counting agreements: %w", err)
	}
	rows, err := db.pool.Query(ctx, agreementSummarySQL(where)+`
		ORDER BY a.signed_on DESC NULLS LAST, a.id DESC LIMIT $6 OFFSET $7`,
		f.Region, f.Axis, f.Party, f.Status, f.Year, per, offset)
	if err != nil {
		return Page[domain.AgreementSummary]{}, fmt.Errorf("listing agreements: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanAgreementSummary)
	if err != nil {
		return Page[domain.AgreementSummary]{}, fmt.Errorf("listing agreements: %w", err)
	}
	return Page[domain.AgreementSummary]{Items: items, Total: total, Page: page, Per: per}, nil
}

// AgreementYears returns the years in which published agreements were signed.
func (db *DB) AgreementYears(ctx context.Context) ([]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT extract(year FROM signed_on)::int AS y FROM agreements
		WHERE state = 'published' AND signed_on IS NOT NULL ORDER BY y DESC`)
	if err != nil {
		return nil, fmt.Errorf("listing agreement years: %w", err)
	}
	years, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, fmt.Errorf("listing agreement years: %w", err)
	}
	return years, nil
}

// Agreement returns an agreement with its parties, axes, fields, provinces
// and milestones, in one round trip. With public set, only a published one.
func (db *DB) Agreement(ctx context.Context, id int64, public bool) (domain.Agreement, error) {
	var a domain.Agreement
	b := &pgx.Batch{}
	b.Queue(agreementSummarySQL(`a.id = $1 AND (NOT $2 OR a.state = 'published')`), id, public).Query(func(rows pgx.Rows) error {
		s, err := pgx.CollectExactlyOneRow(rows, scanAgreementSummary)
		if err != nil {
			return notFound(err, "reading agreement")
		}
		a.AgreementSummary = s
		return nil
	})
	b.Queue(`SELECT a.summary_ar, a.summary_fr, a.meeting_id, coalesce(m.title_ar, ''), coalesce(m.title_fr, ''),
			a.duration_months, a.demo, a.demo_note_ar, a.demo_note_fr, a.version
		FROM agreements a LEFT JOIN meetings m ON m.id = a.meeting_id AND (NOT $2 OR m.state = 'published')
		WHERE a.id = $1`, id, public).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var mid *int64
			if err := rows.Scan(&a.Summary.AR, &a.Summary.FR, &mid, &a.MeetingTitle.AR, &a.MeetingTitle.FR,
				&a.DurationMonths, &a.Demo, &a.DemoNote.AR, &a.DemoNote.FR, &a.Version); err != nil {
				return err
			}
			if a.MeetingTitle.AR != "" {
				a.MeetingID = mid
			}
		}
		return rows.Err()
	})
	b.Queue(`SELECT i.id, i.slug, i.name_ar, i.name_fr, i.short_name, i.social_pole, p.amount_dh
		FROM agreement_parties p JOIN institutions i ON i.id = p.institution_id
		WHERE p.agreement_id = $1 ORDER BY p.position`, id).Query(func(rows pgx.Rows) error {
		var err error
		a.Parties, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Party, error) {
			var p domain.Party
			i := &p.Institution
			err := row.Scan(&i.ID, &i.Slug, &i.Name.AR, &i.Name.FR, &i.Short, &i.SocialPole, &p.AmountDH)
			return p, err
		})
		return err
	})
	b.Queue(`SELECT `+axisColumns+` FROM axes WHERE id IN (SELECT axis_id FROM agreement_axes WHERE agreement_id = $1) ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			a.Axes, err = pgx.CollectRows(rows, scanAxis)
			return err
		})
	b.Queue(`SELECT f.id, f.slug, f.name_ar, f.name_fr FROM fields f JOIN agreement_fields x ON x.field_id = f.id
		WHERE x.agreement_id = $1 ORDER BY f.position`, id).Query(func(rows pgx.Rows) error {
		var err error
		a.Fields, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Field, error) {
			var f domain.Field
			err := row.Scan(&f.ID, &f.Slug, &f.Name.AR, &f.Name.FR)
			return f, err
		})
		return err
	})
	b.Queue(`SELECT p.id, p.region_id, p.slug, p.kind, p.name_ar, p.name_fr FROM provinces p
		JOIN agreement_provinces x ON x.province_id = p.id WHERE x.agreement_id = $1 ORDER BY p.kind DESC, p.slug`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			a.Provinces, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Province, error) {
				var p domain.Province
				err := row.Scan(&p.ID, &p.RegionID, &p.Slug, &p.Kind, &p.Name.AR, &p.Name.FR)
				return p, err
			})
			return err
		})
	b.Queue(`SELECT title_ar, title_fr, due_on, percent FROM agreement_milestones WHERE agreement_id = $1 ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			a.Milestones, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Milestone, error) {
				var m domain.Milestone
				err := row.Scan(&m.Title.AR, &m.Title.FR, &m.DueOn, &m.Percent)
				return m, err
			})
			return err
		})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		if domain.ErrorCode(err) == domain.NotFound {
			return a, err
		}
		return a, fmt.Errorf("reading agreement %d: %w", id, err)
	}
	return a, nil
}

// AxisAgreements lists the newest published agreements of an axis, at most
// limit, without counting them all: for the axis page, which links to the
// full registry.
func (db *DB) AxisAgreements(ctx context.Context, axisSlug string, limit int) ([]domain.AgreementSummary, error) {
	rows, err := db.pool.Query(ctx, agreementSummarySQL(`a.state = 'published'
		AND a.id IN (SELECT x.agreement_id FROM agreement_axes x WHERE x.axis_id = (SELECT id FROM axes WHERE slug = $1))`)+`
		ORDER BY a.signed_on DESC NULLS LAST, a.id DESC LIMIT $2`, axisSlug, limit)
	if err != nil {
		return nil, fmt.Errorf("listing agreements of an axis: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanAgreementSummary)
	if err != nil {
		return nil, fmt.Errorf("listing agreements of an axis: %w", err)
	}
	return out, nil
}
