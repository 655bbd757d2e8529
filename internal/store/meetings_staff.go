package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// MeetingRecord is a meeting as staff edit it, with its publication state
// and the version the edit starts from.
type MeetingRecord struct {
	Input   domain.MeetingInput
	State   string
	Version int
	// Attachments of each agenda item, by agenda item ID.
	Attachments map[int64][]domain.Attachment
}

// MeetingForEdit reads a meeting, drafts and archives included, as the
// staff form edits it.
func (db *DB) MeetingForEdit(ctx context.Context, id int64) (MeetingRecord, error) {
	var rec MeetingRecord
	in := &rec.Input
	rec.Attachments = map[int64][]domain.Attachment{}
	b := &pgx.Batch{}
	b.Queue(`SELECT region_id, coalesce(series_position, 0), title_ar, title_fr, venue_ar, venue_fr, starts_at, ends_at, format,
			coalesce(chair_id, 0), purpose_ar, purpose_fr, attendees_note_ar, attendees_note_fr, outcomes_ar, outcomes_fr,
			minutes_ar, minutes_fr, state, version
		FROM meetings WHERE id = $1`, id).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&in.RegionID, &in.SeriesPosition, &in.Title.AR, &in.Title.FR, &in.Venue.AR, &in.Venue.FR, &in.StartsAt, &in.EndsAt,
			&in.Format, &in.ChairID, &in.Purpose.AR, &in.Purpose.FR, &in.AttendeesNote.AR, &in.AttendeesNote.FR,
			&in.Outcomes.AR, &in.Outcomes.FR, &in.Minutes.AR, &in.Minutes.FR, &rec.State, &rec.Version)
		return notFound(err, "reading meeting")
	})
	ids := func(sql string, dst *[]int32) {
		b.Queue(sql, id).Query(func(rows pgx.Rows) error {
			var err error
			*dst, err = pgx.CollectRows(rows, pgx.RowTo[int32])
			return err
		})
	}
	ids(`SELECT official_id FROM meeting_attendees WHERE meeting_id = $1 ORDER BY position`, &in.AttendeeIDs)
	ids(`SELECT axis_id FROM meeting_axes WHERE meeting_id = $1 ORDER BY axis_id`, &in.AxisIDs)
	ids(`SELECT field_id FROM meeting_fields WHERE meeting_id = $1 ORDER BY field_id`, &in.FieldIDs)
	b.Queue(`SELECT id, title_ar, title_fr, presenter_ar, presenter_fr, summary_ar, summary_fr FROM agenda_items
		WHERE meeting_id = $1 ORDER BY position`, id).Query(func(rows pgx.Rows) error {
		var err error
		in.Agenda, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.AgendaInput, error) {
			var a domain.AgendaInput
			err := row.Scan(&a.ID, &a.Title.AR, &a.Title.FR, &a.Presenter.AR, &a.Presenter.FR, &a.Summary.AR, &a.Summary.FR)
			return a, err
		})
		return err
	})
	b.Queue(`SELECT t.id, t.agenda_item_id, t.filename, t.content_type, t.size_bytes FROM attachments t
		JOIN agenda_items g ON g.id = t.agenda_item_id WHERE g.meeting_id = $1 ORDER BY t.id`, id).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var a domain.Attachment
			var item int64
			if err := rows.Scan(&a.ID, &item, &a.Filename, &a.ContentType, &a.Size); err != nil {
				return err
			}
			rec.Attachments[item] = append(rec.Attachments[item], a)
		}
		return rows.Err()
	})
	b.Queue(grantsSQL, id).Query(func(rows pgx.Rows) error {
		var err error
		in.Grants, err = pgx.CollectRows(rows, scanGrant)
		return err
	})
	b.Queue(visitsSQL, id).Query(func(rows pgx.Rows) error {
		var err error
		in.Visits, err = pgx.CollectRows(rows, scanVisit)
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		if domain.ErrorCode(err) == domain.NotFound {
			return rec, err
		}
		return rec, fmt.Errorf("reading meeting %d: %w", id, err)
	}
	return rec, nil
}

// CreateMeeting records a new meeting as a draft, with everything in it,
// in one transaction with its audit line; it returns the new ID. token is
// the create form's (see created).
func (db *DB) CreateMeeting(ctx context.Context, token string, in domain.MeetingInput, userID int64) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = created(ctx, tx, token, "meeting", func() (int64, error) { return createMeeting(ctx, tx, in, userID) })
		return err
	})
	return id, err
}

func createMeeting(ctx context.Context, tx pgx.Tx, in domain.MeetingInput, userID int64) (int64, error) {
	var id int64
	{
		err := tx.QueryRow(ctx, `INSERT INTO meetings (region_id, series_position, title_ar, title_fr, venue_ar, venue_fr, starts_at, ends_at,
				format, chair_id, purpose_ar, purpose_fr, attendees_note_ar, attendees_note_fr, outcomes_ar, outcomes_fr, minutes_ar, minutes_fr)
			VALUES ($1, nullif($2, 0), $3, $4, $5, $6, $7, $8, $9, nullif($10, 0), $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
			meetingArgs(in)...).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("creating meeting: %w", checkViolation(err))
		}
	}
	if err := writeMeetingParts(ctx, tx, id, in, nil); err != nil {
		return 0, err
	}
	return id, auditVersion(ctx, tx, userID, "create", "meeting", id, 1, Diff(domain.MeetingInput{}, in))
}

// UpdateMeeting saves an edit of meeting id made from version; an edit from
// an older version is refused with domain.ErrVersionConflict. Everything
// is written, with the audit line of what changed, or nothing.
func (db *DB) UpdateMeeting(ctx context.Context, id int64, version int, in domain.MeetingInput, userID int64) error {
	before, err := db.MeetingForEdit(ctx, id)
	if err != nil {
		return err
	}
	own := map[int64]bool{}
	for _, a := range before.Input.Agenda {
		own[a.ID] = true
	}
	keep := map[int64]bool{}
	for _, a := range in.Agenda {
		if a.ID != 0 && (!own[a.ID] || keep[a.ID]) {
			// Another meeting's item, or one item twice: refused, never dropped.
			return &domain.Error{Code: domain.Invalid, MessageID: "error_row_foreign"}
		}
		keep[a.ID] = true
	}
	for item, files := range before.Attachments {
		if !keep[item] && len(files) > 0 {
			return &domain.Error{Code: domain.Invalid, MessageID: "meeting_error_agenda_has_files"}
		}
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		var current int
		if err := tx.QueryRow(ctx, `SELECT version FROM meetings WHERE id = $1 FOR UPDATE`, id).Scan(&current); err != nil {
			return notFound(err, "locking meeting")
		}
		if current != version || before.Version != version {
			return domain.ErrVersionConflict
		}
		args := append(meetingArgs(in), id)
		_, err := tx.Exec(ctx, `UPDATE meetings SET region_id = $1, series_position = nullif($2, 0), title_ar = $3, title_fr = $4,
				venue_ar = $5, venue_fr = $6, starts_at = $7, ends_at = $8, format = $9, chair_id = nullif($10, 0),
				purpose_ar = $11, purpose_fr = $12, attendees_note_ar = $13, attendees_note_fr = $14, outcomes_ar = $15, outcomes_fr = $16,
				minutes_ar = $17, minutes_fr = $18, version = version + 1, updated_at = now()
			WHERE id = $19`, args...)
		if err != nil {
			return fmt.Errorf("updating meeting: %w", checkViolation(err))
		}
		if err := writeMeetingParts(ctx, tx, id, in, before.Input.Agenda); err != nil {
			return err
		}
		return auditVersion(ctx, tx, userID, "update", "meeting", id, version+1, Diff(before.Input, in))
	})
}

func meetingArgs(in domain.MeetingInput) []any {
	return []any{in.RegionID, in.SeriesPosition, in.Title.AR, in.Title.FR, in.Venue.AR, in.Venue.FR, in.StartsAt, in.EndsAt,
		in.Format, in.ChairID, in.Purpose.AR, in.Purpose.FR, in.AttendeesNote.AR, in.AttendeesNote.FR,
		in.Outcomes.AR, in.Outcomes.FR, in.Minutes.AR, in.Minutes.FR}
}

// writeMeetingParts replaces a meeting's attendees, axes, fields, support
// and visits, and updates its agenda in place: items keep their IDs (and
// attachments); an item that has attachments cannot be removed.
func writeMeetingParts(ctx context.Context, tx pgx.Tx, id int64, in domain.MeetingInput, oldAgenda []domain.AgendaInput) error {
	for _, stmt := range []string{`DELETE FROM meeting_attendees WHERE meeting_id = $1`, `DELETE FROM meeting_axes WHERE meeting_id = $1`,
		`DELETE FROM meeting_fields WHERE meeting_id = $1`, `DELETE FROM support_grants WHERE meeting_id = $1`,
		`DELETE FROM field_visits WHERE meeting_id = $1`} {
		if _, err := tx.Exec(ctx, stmt, id); err != nil {
			return fmt.Errorf("replacing meeting parts: %w", err)
		}
	}
	b := &pgx.Batch{}
	for i, o := range in.AttendeeIDs {
		b.Queue(`INSERT INTO meeting_attendees (meeting_id, official_id, position) VALUES ($1, $2, $3)`, id, o, i+1)
	}
	for _, a := range in.AxisIDs {
		b.Queue(`INSERT INTO meeting_axes (meeting_id, axis_id) VALUES ($1, $2)`, id, a)
	}
	for _, f := range in.FieldIDs {
		b.Queue(`INSERT INTO meeting_fields (meeting_id, field_id) VALUES ($1, $2)`, id, f)
	}
	for i, g := range in.Grants {
		b.Queue(`INSERT INTO support_grants (meeting_id, position, programme_ar, programme_fr, beneficiaries, amount_dh)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, g.Programme.AR, g.Programme.FR, g.Beneficiaries, g.AmountDH)
	}
	for i, v := range in.Visits {
		b.Queue(`INSERT INTO field_visits (meeting_id, position, place_ar, place_fr, description_ar, description_fr)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, v.Place.AR, v.Place.FR, v.Description.AR, v.Description.FR)
	}
	// Agenda: removed items first, then positions moved out of the way so
	// that the unique (meeting, position) holds while items are reordered.
	keep := map[int64]bool{}
	for _, a := range in.Agenda {
		if a.ID != 0 {
			keep[a.ID] = true
		}
	}
	for _, a := range oldAgenda {
		if !keep[a.ID] {
			b.Queue(`DELETE FROM agenda_items WHERE id = $1 AND meeting_id = $2`, a.ID, id)
		}
	}
	b.Queue(`UPDATE agenda_items SET position = -position WHERE meeting_id = $1`, id)
	for i, a := range in.Agenda {
		if a.ID != 0 {
			b.Queue(`UPDATE agenda_items SET position = $3, title_ar = $4, title_fr = $5, presenter_ar = $6, presenter_fr = $7,
				summary_ar = $8, summary_fr = $9 WHERE id = $1 AND meeting_id = $2`,
				a.ID, id, i+1, a.Title.AR, a.Title.FR, a.Presenter.AR, a.Presenter.FR, a.Summary.AR, a.Summary.FR)
		} else {
			b.Queue(`INSERT INTO agenda_items (meeting_id, position, title_ar, title_fr, presenter_ar, presenter_fr, summary_ar, summary_fr)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, i+1, a.Title.AR, a.Title.FR, a.Presenter.AR, a.Presenter.FR, a.Summary.AR, a.Summary.FR)
		}
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("writing meeting parts: %w", checkViolation(err))
	}
	return nil
}

// AddAttachment stores a file on an agenda item of a meeting, with its
// audit line.
func (db *DB) AddAttachment(ctx context.Context, meetingID, itemID int64, filename, contentType string, data []byte, userID int64) (int64, error) {
	var id int64
	sum := sha256.Sum256(data)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO attachments (agenda_item_id, filename, content_type, size_bytes, sha256, data)
			SELECT g.id, $3, $4, $5, $6, $7 FROM agenda_items g WHERE g.id = $1 AND g.meeting_id = $2 RETURNING id`,
			itemID, meetingID, filename, contentType, len(data), sum[:], data).Scan(&id)
		if err != nil {
			return notFound(err, "storing attachment")
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET updated_at = now() WHERE id = $1`, meetingID); err != nil {
			return err
		}
		return Audit(ctx, tx, userID, "upload", "meeting", meetingID, map[string]any{"Attachment": map[string]any{
			"agenda_item": itemID, "filename": filename, "content_type": contentType, "size": len(data), "at": time.Now().UTC()}})
	})
	return id, err
}

// HasAgendaItem reports whether item is one of the meeting's agenda items.
func (rec MeetingRecord) HasAgendaItem(item int64) bool {
	for _, a := range rec.Input.Agenda {
		if a.ID == item {
			return true
		}
	}
	return false
}
