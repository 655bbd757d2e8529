package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// ExpectationRecord is an expectation as its editors see it.
type ExpectationRecord struct {
	Input         domain.ExpectationInput
	Status        string
	Answer        domain.Text
	InstitutionID int32
	Version       int
}

// ExpectationForEdit reads an expectation, drafts included.
func (db *DB) ExpectationForEdit(ctx context.Context, id int64) (ExpectationRecord, error) {
	var rec ExpectationRecord
	in := &rec.Input
	err := db.pool.QueryRow(ctx, `
		SELECT region_id, coalesce(meeting_id, 0), title_ar, title_fr, description_ar, description_fr, coalesce(field_id, 0),
		       population_ar, population_fr, priority, coalesce(submitted_by_id, 0), status, answer_ar, answer_fr, coalesce(institution_id, 0), version,
		       coalesce((SELECT array_agg(axis_id ORDER BY axis_id) FROM expectation_axes WHERE expectation_id = e.id), '{}'),
		       coalesce((SELECT array_agg(province_id ORDER BY province_id) FROM expectation_provinces WHERE expectation_id = e.id), '{}')
		FROM expectations e WHERE id = $1`, id).
		Scan(&in.RegionID, &in.MeetingID, &in.Title.AR, &in.Title.FR, &in.Description.AR, &in.Description.FR, &in.FieldID,
			&in.Population.AR, &in.Population.FR, &in.Priority, &in.SubmittedByID, &rec.Status, &rec.Answer.AR, &rec.Answer.FR, &rec.InstitutionID,
			&rec.Version, &in.AxisIDs, &in.ProvinceIDs)
	if err != nil {
		return rec, notFound(err, "reading expectation")
	}
	return rec, nil
}

// CreateExpectation records a new expectation as a draft.
func (db *DB) CreateExpectation(ctx context.Context, token string, in domain.ExpectationInput, userID int64) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = created(ctx, tx, token, "expectation", func() (int64, error) { return createExpectation(ctx, tx, in, userID) })
		return err
	})
	return id, err
}

func createExpectation(ctx context.Context, tx pgx.Tx, in domain.ExpectationInput, userID int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO expectations (region_id, meeting_id, title_ar, title_fr, description_ar, description_fr,
			field_id, population_ar, population_fr, priority, submitted_by_id)
		VALUES ($1, nullif($2, 0), $3, $4, $5, $6, nullif($7, 0), $8, $9, $10, nullif($11, 0)) RETURNING id`, expectationArgs(in)...).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("creating expectation: %w", checkViolation(err))
	}
	if err := writeExpectationParts(ctx, tx, id, in); err != nil {
		return 0, err
	}
	return id, auditVersion(ctx, tx, userID, "create", "expectation", id, 1, Diff(domain.ExpectationInput{}, in))
}

func expectationArgs(in domain.ExpectationInput) []any {
	return []any{in.RegionID, in.MeetingID, in.Title.AR, in.Title.FR, in.Description.AR, in.Description.FR,
		in.FieldID, in.Population.AR, in.Population.FR, in.Priority, in.SubmittedByID}
}

func writeExpectationParts(ctx context.Context, tx pgx.Tx, id int64, in domain.ExpectationInput) error {
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM expectation_axes WHERE expectation_id = $1`, id)
	b.Queue(`DELETE FROM expectation_provinces WHERE expectation_id = $1`, id)
	for _, a := range in.AxisIDs {
		b.Queue(`INSERT INTO expectation_axes (expectation_id, axis_id) VALUES ($1, $2)`, id, a)
	}
	for _, p := range in.ProvinceIDs {
		// Only a province of the expectation's own region is accepted.
		b.Queue(`INSERT INTO expectation_provinces (expectation_id, province_id)
			SELECT $1, p.id FROM provinces p JOIN expectations e ON e.region_id = p.region_id WHERE p.id = $2 AND e.id = $1`, id, p)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("writing expectation parts: %w", checkViolation(err))
	}
	return nil
}

// lockExpectation locks an expectation for a change made from version.
func lockExpectation(ctx context.Context, tx pgx.Tx, id int64, version int) (string, error) {
	var status string
	var current int
	if err := tx.QueryRow(ctx, `SELECT status, version FROM expectations WHERE id = $1 FOR UPDATE`, id).Scan(&status, &current); err != nil {
		return "", notFound(err, "locking expectation")
	}
	if current != version {
		return "", domain.ErrVersionConflict
	}
	return status, nil
}

// UpdateExpectation saves an edit of a draft made from version.
func (db *DB) UpdateExpectation(ctx context.Context, id int64, version int, in domain.ExpectationInput, userID int64) error {
	before, err := db.ExpectationForEdit(ctx, id)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		status, err := lockExpectation(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if status != domain.StatusDraft {
			return &domain.Error{Code: domain.Invalid, MessageID: "expectation_error_not_draft"}
		}
		_, err = tx.Exec(ctx, `UPDATE expectations SET region_id = $1, meeting_id = nullif($2, 0), title_ar = $3, title_fr = $4,
				description_ar = $5, description_fr = $6, field_id = nullif($7, 0), population_ar = $8, population_fr = $9,
				priority = $10, submitted_by_id = nullif($11, 0), version = version + 1, updated_at = now() WHERE id = $12`, append(expectationArgs(in), id)...)
		if err != nil {
			return fmt.Errorf("updating expectation: %w", checkViolation(err))
		}
		if err := writeExpectationParts(ctx, tx, id, in); err != nil {
			return err
		}
		return auditVersion(ctx, tx, userID, "update", "expectation", id, version+1, Diff(before.Input, in))
	})
}

// SubmitExpectation sends a draft to the ministry: it becomes received,
// and public.
func (db *DB) SubmitExpectation(ctx context.Context, id int64, version int, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		status, err := lockExpectation(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if !domain.ExpectationTransition(status, domain.StatusReceived) {
			return &domain.Error{Code: domain.Invalid, MessageID: "error_transition"}
		}
		if _, err := tx.Exec(ctx, `UPDATE expectations SET status = 'received', submitted_at = now(), version = version + 1,
			updated_at = now() WHERE id = $1`, id); err != nil {
			return fmt.Errorf("submitting expectation: %w", err)
		}
		return auditVersion(ctx, tx, userID, "submit", "expectation", id, version+1, map[string]any{"status": map[string]string{"from": status, "to": domain.StatusReceived}})
	})
}

// DecideExpectation records staff's decision on an expectation made from
// version: its new status, the public answer and the institution in charge.
func (db *DB) DecideExpectation(ctx context.Context, id int64, version int, d domain.Decision, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		status, err := lockExpectation(ctx, tx, id, version)
		if err != nil {
			return err
		}
		return db.decide(ctx, tx, id, status, d, userID)
	})
}

func (db *DB) decide(ctx context.Context, tx pgx.Tx, id int64, from string, d domain.Decision, userID int64) error {
	if !domain.ExpectationTransition(from, d.Status) {
		return &domain.Error{Code: domain.Invalid, MessageID: "error_transition"}
	}
	_, err := tx.Exec(ctx, `UPDATE expectations SET status = $2, answer_ar = $3, answer_fr = $4, institution_id = nullif($5, 0),
		decided_at = CASE WHEN $2 IN ('retained', 'partly_retained', 'not_retained') THEN now() ELSE decided_at END,
		version = version + 1, updated_at = now() WHERE id = $1`, id, d.Status, d.Answer.AR, d.Answer.FR, d.InstitutionID)
	if err != nil {
		return fmt.Errorf("deciding expectation: %w", checkViolation(err))
	}
	var version int
	if err := tx.QueryRow(ctx, `SELECT version FROM expectations WHERE id = $1`, id).Scan(&version); err != nil {
		return fmt.Errorf("deciding expectation: %w", err)
	}
	if err := auditVersion(ctx, tx, userID, "decide", "expectation", id, version, map[string]any{
		"status": map[string]string{"from": from, "to": d.Status}, "answer": d.Answer, "institution": d.InstitutionID}); err != nil {
		return err
	}
	return db.notifyAnswered(ctx, tx, id, d.Status)
}

// BulkDecide applies one decision to several expectations, all or none:
// if any of them cannot make the move, nothing changes and the error says so.
func (db *DB) BulkDecide(ctx context.Context, ids []int64, d domain.Decision, userID int64) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, status FROM expectations WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
		if err != nil {
			return fmt.Errorf("locking expectations: %w", err)
		}
		type cur struct {
			id     int64
			status string
		}
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cur, error) {
			var c cur
			err := row.Scan(&c.id, &c.status)
			return c, err
		})
		if err != nil {
			return fmt.Errorf("locking expectations: %w", err)
		}
		if len(list) != len(ids) {
			return domain.ErrNotFound
		}
		for _, c := range list {
			if err := db.decide(ctx, tx, c.id, c.status, d, userID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExpectationFilter narrows the triage queue.
type ExpectationFilter struct {
	RegionID  int16 // 0: every region
	Axis      string
	Status    string // "" every status but drafts (drafts are their authors')
	OlderThan int    // days since submission; 0: any age
	Page      int
	Per       int
}

// QueueCountCap bounds the count of long lists of expectations (the triage
// queue, "you said, we did"): beyond it, counting would cost more than the
// page and tell the reader nothing more.
const QueueCountCap = 10000

// StaffExpectations lists expectations for triage or for a region's
// officials, oldest submission first (drafts, never submitted, last; the
// order the partial indexes of migration 9 keep); the page and its count
// (at most QueueCountCap) are two queries.
func (db *DB) StaffExpectations(ctx context.Context, f ExpectationFilter) (Page[domain.Expectation], error) {
	page, per, offset := limits(f.Page, f.Per)
	where := `($1 = 0 OR e.region_id = $1)
		AND (($2 = '' AND e.status <> 'draft') OR e.status = $2)
		AND ($3 = '' OR EXISTS (SELECT 1 FROM expectation_axes x JOIN axes a ON a.id = x.axis_id WHERE x.expectation_id = e.id AND a.slug = $3))
		AND ($4 = 0 OR e.submitted_at < now() - make_interval(days => $4))`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM expectations e WHERE `+where+` LIMIT $5) c`,
		f.RegionID, f.Status, f.Axis, f.OlderThan, QueueCountCap).Scan(&total); err != nil {
		return Page[domain.Expectation]{}, fmt.Errorf("counting expectations: %w", err)
	}
	rows, err := db.pool.Query(ctx, expectationSelect+` WHERE `+where+`
		ORDER BY e.submitted_at, e.id LIMIT $5 OFFSET $6`, f.RegionID, f.Status, f.Axis, f.OlderThan, per, offset)
	if err != nil {
		return Page[domain.Expectation]{}, fmt.Errorf("listing expectations: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanExpectation)
	if err != nil {
		return Page[domain.Expectation]{}, fmt.Errorf("listing expectations: %w", err)
	}
	return Page[domain.Expectation]{Items: items, Total: total, Page: page, Per: per}, nil
}

const expectationSelect = `
	SELECT e.id, e.region_id, r.slug, r.name_ar, r.name_fr, coalesce(e.meeting_id, 0), e.title_ar, e.title_fr,
	       e.description_ar, e.description_fr, e.status, e.answer_ar, e.answer_fr, coalesce(i.name_ar, ''), coalesce(i.name_fr, ''),
	       e.priority, e.created_at, e.submitted_at, e.version, e.demo,
	       coalesce((SELECT array_agg(a.name_ar ORDER BY a.position) FROM expectation_axes x JOIN axes a ON a.id = x.axis_id WHERE x.expectation_id = e.id), '{}'),
	       coalesce((SELECT array_agg(a.name_fr ORDER BY a.position) FROM expectation_axes x JOIN axes a ON a.id = x.axis_id WHERE x.expectation_id = e.id), '{}')
	FROM expectations e JOIN regions r ON r.id = e.region_id LEFT JOIN institutions i ON i.id = e.institution_id`

func scanExpectation(row pgx.CollectableRow) (domain.Expectation, error) {
	var e domain.Expectation
	var ar, fr []string
	err := row.Scan(&e.ID, &e.RegionID, &e.RegionSlug, &e.RegionName.AR, &e.RegionName.FR, &e.MeetingID, &e.Title.AR, &e.Title.FR,
		&e.Description.AR, &e.Description.FR, &e.Status, &e.Answer.AR, &e.Answer.FR, &e.Institution.AR, &e.Institution.FR,
		&e.Priority, &e.CreatedAt, &e.SubmittedAt, &e.Version, &e.Demo, &ar, &fr)
	for k := range ar {
		e.Axes = append(e.Axes, domain.Text{AR: ar[k], FR: fr[k]})
	}
	return e, err
}

// MeetingsOfRegion lists a region's published meetings, and current (the
// one an expectation already names, 0 for none) whatever its state: what
// an expectation may be tied to.
func (db *DB) MeetingsOfRegion(ctx context.Context, regionID int16, current int64) ([]domain.MeetingSummary, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+meetingSummaryColumns+` FROM meetings m JOIN regions r ON r.id = m.region_id
		WHERE m.region_id = $1 AND (m.state = 'published' OR m.id = $2) ORDER BY m.starts_at DESC LIMIT 200`, regionID, current)
	if err != nil {
		return nil, fmt.Errorf("listing meetings of a region: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanMeetingSummary)
	if err != nil {
		return nil, fmt.Errorf("listing meetings of a region: %w", err)
	}
	return out, nil
}

// Expectation reads one expectation with its region, axes and answer.
func (db *DB) Expectation(ctx context.Context, id int64) (domain.Expectation, error) {
	rows, _ := db.pool.Query(ctx, expectationSelect+` WHERE e.id = $1`, id)
	e, err := pgx.CollectExactlyOneRow(rows, scanExpectation)
	if err != nil {
		return e, notFound(err, "reading expectation")
	}
	return e, nil
}

// notifyAnswered tells, by e-mail when the portal sends mail, the active
// accounts that wrote or submitted expectation id that it was answered
// (a decision of retained, partly retained or not retained), each in
// their language, inside the decision's transaction.
func (db *DB) notifyAnswered(ctx context.Context, tx pgx.Tx, id int64, status string) error {
	if !db.mail || !slices.Contains([]string{domain.StatusRetained, domain.StatusPartlyRetained, domain.StatusNotRetained}, status) {
		return nil
	}
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT u.email, u.lang, CASE WHEN u.lang = 'fr' AND e.title_fr <> '' THEN e.title_fr ELSE coalesce(nullif(e.title_ar, ''), e.title_fr) END
		FROM audit_log a JOIN users u ON u.id = a.user_id JOIN expectations e ON e.id = a.entity_id
		WHERE a.entity = 'expectation' AND a.entity_id = $1 AND a.action IN ('create', 'submit') AND u.disabled_at IS NULL`, id)
	if err != nil {
		return fmt.Errorf("finding whom to tell of an answer: %w", err)
	}
	type recipient struct{ email, lang, title string }
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (recipient, error) {
		var r recipient
		err := row.Scan(&r.email, &r.lang, &r.title)
		return r, err
	})
	if err != nil {
		return fmt.Errorf("finding whom to tell of an answer: %w", err)
	}
	for _, r := range list {
		if err := db.EnqueueMail(ctx, tx, Mail{Kind: MailExpectationAnswered, To: r.email, Lang: r.lang,
			Params: map[string]string{"id": strconv.FormatInt(id, 10), "title": r.title, "status": status}}); err != nil {
			return err
		}
	}
	return nil
}
