package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// MeetingFilter narrows a list of published meetings. Zero values mean "any".
type MeetingFilter struct {
	Region string // region slug
	Axis   string // axis slug
	Year   int
	Format string
	Page   int // 1-based
	Per    int
}

// Page is one page of a list and the total number of matching records.
type Page[T any] struct {
	Items []T
	Total int
	Page  int
	Per   int
}

// Pages is the number of pages of the list (at least 1).
func (p Page[T]) Pages() int {
	if p.Per <= 0 || p.Total == 0 {
		return 1
	}
	return (p.Total + p.Per - 1) / p.Per
}

func limits(page, per int) (int, int, int) {
	if per <= 0 || per > 100 {
		per = 20
	}
	if page < 1 {
		page = 1
	}
	return page, per, (page - 1) * per
}

const meetingSummaryColumns = `m.id, r.slug, r.name_ar, r.name_fr, coalesce(m.series_position, 0), m.title_ar, m.title_fr,
	m.venue_ar, m.venue_fr, m.starts_at, m.format, m.state, m.updated_at`

func scanMeetingSummary(row pgx.CollectableRow) (domain.MeetingSummary, error) {
	var m domain.MeetingSummary
	err := row.Scan(&m.ID, &m.RegionSlug, &m.RegionName.AR, &m.RegionName.FR, &m.SeriesPosition, &m.Title.AR, &m.Title.FR,
		&m.Venue.AR, &m.Venue.FR, &m.StartsAt, &m.Format, &m.State, &m.UpdatedAt)
	return m, err
}

// Meetings lists published meetings, newest first: one query counts, one
// reads the page.
func (db *DB) Meetings(ctx context.Context, f MeetingFilter) (Page[domain.MeetingSummary], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := `m.state = 'published'
		AND ($1 = '' OR r.slug = $1)
		AND ($2 = 0 OR (m.starts_at >= make_timestamptz($2, 1, 1, 0, 0, 0) AND m.starts_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0)))
		AND ($3 = '' OR m.format = $3)
		AND ($4 = '' OR EXISTS (SELECT 1 FROM meeting_axes ma JOIN axes a ON a.id = ma.axis_id WHERE ma.meeting_id = m.id AND a.slug = $4))`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM meetings m JOIN regions r ON r.id = m.region_id WHERE `+where,
		f.Region, f.Year, f.Format, f.Axis).Scan(&total); err != nil {
		return Page[domain.MeetingSummary]{}, fmt.Errorf("counting meetings: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+meetingSummaryColumns+`
		FROM meetings m JOIN regions r ON r.id = m.region_id
		WHERE `+where+`
		ORDER BY m.starts_at DESC, m.id DESC LIMIT $5 OFFSET $6`, f.Region, f.Year, f.Format, f.Axis, per, offset)
	if err != nil {
		return Page[domain.MeetingSummary]{}, fmt.Errorf("listing meetings: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanMeetingSummary)
	if err != nil {
		return Page[domain.MeetingSummary]{}, fmt.Errorf("listing meetings: %w", err)
	}
	return Page[domain.MeetingSummary]{Items: items, Total: total, Page: page, Per: per}, nil
}

// MeetingYears returns the years that have published meetings, newest first.
func (db *DB) MeetingYears(ctx context.Context) ([]int, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT DISTINCT extract(year FROM starts_at)::int AS y FROM meetings WHERE state = 'published' ORDER BY y DESC`)
	if err != nil {
		return nil, fmt.Errorf("listing meeting years: %w", err)
	}
	years, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, fmt.Errorf("listing meeting years: %w", err)
	}
	return years, nil
}

// Meeting returns a meeting with everything recorded of it. With public set,
// only a published meeting is found. Its parts are read in one round trip.
func (db *DB) Meeting(ctx context.Context, id int64, public bool) (domain.Meeting, error) {
	var m domain.Meeting
	b := &pgx.Batch{}
	b.Queue(`
		SELECT `+meetingSummaryColumns+`, m.ends_at, m.purpose_ar, m.purpose_fr, m.attendees_note_ar, m.attendees_note_fr,
		       m.outcomes_ar, m.outcomes_fr, m.minutes_ar, m.minutes_fr, m.demo, m.demo_note_ar, m.demo_note_fr, m.version,
		       o.id, o.name_ar, o.name_fr, o.title_ar, o.title_fr, coalesce(i.name_ar, ''), coalesce(i.name_fr, '')
		FROM meetings m JOIN regions r ON r.id = m.region_id
		LEFT JOIN officials o ON o.id = m.chair_id
		LEFT JOIN institutions i ON i.id = o.institution_id
		WHERE m.id = $1 AND (NOT $2 OR m.state = 'published')`, id, public).QueryRow(func(row pgx.Row) error {
		var chairID *int32
		var chair domain.Official
		var cn, ct [2]*string
		err := row.Scan(&m.ID, &m.RegionSlug, &m.RegionName.AR, &m.RegionName.FR, &m.SeriesPosition, &m.Title.AR, &m.Title.FR,
			&m.Venue.AR, &m.Venue.FR, &m.StartsAt, &m.Format, &m.State, &m.UpdatedAt,
			&m.EndsAt, &m.Purpose.AR, &m.Purpose.FR, &m.AttendeesNote.AR, &m.AttendeesNote.FR,
			&m.Outcomes.AR, &m.Outcomes.FR, &m.Minutes.AR, &m.Minutes.FR, &m.Demo, &m.DemoNote.AR, &m.DemoNote.FR, &m.Version,
			&chairID, &cn[0], &cn[1], &ct[0], &ct[1], &chair.Institution.AR, &chair.Institution.FR)
		if err != nil {
			return notFound(err, "reading meeting")
		}
		if chairID != nil {
			chair.ID, chair.Name, chair.Title = *chairID, domain.Text{AR: *cn[0], FR: *cn[1]}, domain.Text{AR: *ct[0], FR: *ct[1]}
			m.Chair = &chair
		}
		return nil
	})
	b.Queue(`
		SELECT o.id, o.name_ar, o.name_fr, o.title_ar, o.title_fr, coalesce(i.name_ar, ''), coalesce(i.name_fr, '')
		FROM meeting_attendees a JOIN officials o ON o.id = a.official_id
		LEFT JOIN institutions i ON i.id = o.institution_id
		WHERE a.meeting_id = $1 ORDER BY a.position`, id).Query(func(rows pgx.Rows) error {
		var err error
		m.Attendees, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Official, error) {
			var o domain.Official
			err := row.Scan(&o.ID, &o.Name.AR, &o.Name.FR, &o.Title.AR, &o.Title.FR, &o.Institution.AR, &o.Institution.FR)
			return o, err
		})
		return err
	})
	b.Queue(`
		SELECT g.id, g.title_ar, g.title_fr, g.presenter_ar, g.presenter_fr, g.summary_ar, g.summary_fr,
		       coalesce(array_agg(t.id ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL), '{}'),
		       coalesce(array_agg(t.filename ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL), '{}'),
		       coalesce(array_agg(t.content_type ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL), '{}'),
		       coalesce(array_agg(t.size_bytes ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL), '{}')
		FROM agenda_items g LEFT JOIN attachments t ON t.agenda_item_id = g.id
		WHERE g.meeting_id = $1 GROUP BY g.id ORDER BY g.position`, id).Query(func(rows pgx.Rows) error {
		var err error
		m.Agenda, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.AgendaItem, error) {
			var g domain.AgendaItem
			var ids []int64
			var names, types []string
			var sizes []int
			err := row.Scan(&g.ID, &g.Title.AR, &g.Title.FR, &g.Presenter.AR, &g.Presenter.FR, &g.Summary.AR, &g.Summary.FR,
				&ids, &names, &types, &sizes)
			for k := range ids {
				g.Attachments = append(g.Attachments, domain.Attachment{ID: ids[k], Filename: names[k], ContentType: types[k], Size: sizes[k]})
			}
			return g, err
		})
		return err
	})
	b.Queue(grantsSQL, id).
		Query(func(rows pgx.Rows) error {
			var err error
			m.Grants, err = pgx.CollectRows(rows, scanGrant)
			return err
		})
	b.Queue(visitsSQL, id).
		Query(func(rows pgx.Rows) error {
			var err error
			m.Visits, err = pgx.CollectRows(rows, scanVisit)
			return err
		})
	b.Queue(agreementSummarySQL(`a.meeting_id = $1 AND (NOT $2 OR a.state = 'published')`)+` ORDER BY a.id`, id, public).
		Query(func(rows pgx.Rows) error {
			var err error
			m.Agreements, err = pgx.CollectRows(rows, scanAgreementSummary)
			return err
		})
	b.Queue(`SELECT `+axisColumns+` FROM axes WHERE id IN (SELECT axis_id FROM meeting_axes WHERE meeting_id = $1) ORDER BY position`, id).
		Query(func(rows pgx.Rows) error {
			var err error
			m.Axes, err = pgx.CollectRows(rows, scanAxis)
			return err
		})
	b.Queue(`SELECT f.id, f.slug, f.name_ar, f.name_fr FROM fields f JOIN meeting_fields mf ON mf.field_id = f.id
		WHERE mf.meeting_id = $1 ORDER BY f.position`, id).Query(func(rows pgx.Rows) error {
		var err error
		m.Fields, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Field, error) {
			var f domain.Field
			err := row.Scan(&f.ID, &f.Slug, &f.Name.AR, &f.Name.FR)
			return f, err
		})
		return err
	})
	// Neighbours in the series: the published meetings just before and after
	// this one's place in it.
	neighbour := func(dst **domain.MeetingSummary, cond, order string) {
		b.Queue(`SELECT `+meetingSummaryColumns+` FROM meetings m JOIN regions r ON r.id = m.region_id
			WHERE m.state = 'published' AND m.series_position IS NOT NULL AND m.id <> $1
			  AND m.series_position `+cond+` (SELECT series_position FROM meetings WHERE id = $1)
			ORDER BY m.series_position `+order+` LIMIT 1`, id).Query(func(rows pgx.Rows) error {
			items, err := pgx.CollectRows(rows, scanMeetingSummary)
			if len(items) == 1 {
				*dst = &items[0]
			}
			return err
		})
	}
	neighbour(&m.Previous, "<", "DESC")
	neighbour(&m.Next, ">", "ASC")
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		if domain.ErrorCode(err) == domain.NotFound {
			return m, err
		}
		return m, fmt.Errorf("reading meeting %d: %w", id, err)
	}
	return m, nil
}

const (
	grantsSQL = `SELECT programme_ar, programme_fr, beneficiaries, amount_dh FROM support_grants WHERE meeting_id = $1 ORDER BY position`
	visitsSQL = `SELECT place_ar, place_fr, description_ar, description_fr FROM field_visits WHERE meeting_id = $1 ORDER BY position`
)

func scanGrant(row pgx.CollectableRow) (domain.Grant, error) {
	var g domain.Grant
	err := row.Scan(&g.Programme.AR, &g.Programme.FR, &g.Beneficiaries, &g.AmountDH)
	return g, err
}

func scanVisit(row pgx.CollectableRow) (domain.Visit, error) {
	var v domain.Visit
	err := row.Scan(&v.Place.AR, &v.Place.FR, &v.Description.AR, &v.Description.FR)
	return v, err
}

// MeetingsForFeed lists published meetings for the calendar feed, newest
// first, at most limit of them, each with its end and version.
func (db *DB) MeetingsForFeed(ctx context.Context, limit int) ([]domain.Meeting, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+meetingSummaryColumns+`, m.ends_at, m.version FROM meetings m JOIN regions r ON r.id = m.region_id
		WHERE m.state = 'published' ORDER BY m.starts_at DESC, m.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("listing meetings for the feed: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Meeting, error) {
		var m domain.Meeting
		err := row.Scan(&m.ID, &m.RegionSlug, &m.RegionName.AR, &m.RegionName.FR, &m.SeriesPosition, &m.Title.AR, &m.Title.FR,
			&m.Venue.AR, &m.Venue.FR, &m.StartsAt, &m.Format, &m.State, &m.UpdatedAt, &m.EndsAt, &m.Version)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing meetings for the feed: %w", err)
	}
	return out, nil
}

// Attachment returns a file attached to an agenda item of a meeting; with
// public set, only one of a published meeting.
func (db *DB) Attachment(ctx context.Context, meetingID, id int64, public bool) (domain.Attachment, []byte, time.Time, error) {
	var a domain.Attachment
	var data []byte
	var created time.Time
	err := db.pool.QueryRow(ctx, `
		SELECT t.id, t.filename, t.content_type, t.size_bytes, t.data, t.created_at
		FROM attachments t JOIN agenda_items g ON g.id = t.agenda_item_id JOIN meetings m ON m.id = g.meeting_id
		WHERE t.id = $1 AND m.id = $2 AND (NOT $3 OR m.state = 'published')`, id, meetingID, public).
		Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &data, &created)
	if err != nil {
		return a, nil, created, notFound(err, "reading attachment")
	}
	return a, data, created, nil
}

// StaffFilter narrows the staff's lists, which include drafts and archives.
type StaffFilter struct {
	State   string // draft, published, archived; "" for all but archived
	Region  string
	Mine    int64 // only the records this user created (0: anyone's)
	Overdue bool  // commitments only: past their due date, not done
	Page    int
	Per     int
}

// staffWhere is the condition of a staff list of entity (its table's
// alias a): the state ($1), the region's slug ($2, r), who created it ($3).
func staffWhere(a, entity string) string {
	return `((($1 = '' AND ` + a + `.state <> 'archived') OR ` + a + `.state = $1) AND ($2 = '' OR r.slug = $2)
		AND ($3 = 0 OR EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = '` + entity + `' AND l.entity_id = ` + a + `.id
			AND l.action = 'create' AND l.user_id = $3)))`
}

// StaffMeetings lists meetings for staff, most recently changed first.
func (db *DB) StaffMeetings(ctx context.Context, f StaffFilter) (Page[domain.MeetingSummary], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := staffWhere("m", "meeting")
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM meetings m JOIN regions r ON r.id = m.region_id WHERE `+where,
		f.State, f.Region, f.Mine).Scan(&total); err != nil {
		return Page[domain.MeetingSummary]{}, fmt.Errorf("counting meetings: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+meetingSummaryColumns+` FROM meetings m JOIN regions r ON r.id = m.region_id
		WHERE `+where+` ORDER BY m.updated_at DESC, m.id DESC LIMIT $4 OFFSET $5`, f.State, f.Region, f.Mine, per, offset)
	if err != nil {
		return Page[domain.MeetingSummary]{}, fmt.Errorf("listing meetings: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanMeetingSummary)
	if err != nil {
		return Page[domain.MeetingSummary]{}, fmt.Errorf("listing meetings: %w", err)
	}
	return Page[domain.MeetingSummary]{Items: items, Total: total, Page: page, Per: per}, nil
}
