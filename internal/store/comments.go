package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// commentLockClass is the first key of the advisory locks that serialize
// the comments of one client address (the second is a hash of the address),
// so that two processes cannot both let through the comment over the limit.
const commentLockClass = 7007

// CommentTarget returns what a comment would be on: the published meeting
// meetingID, or (meetingID 0) the axis axisSlug. A meeting that does not
// exist or is not published is not found.
func (db *DB) CommentTarget(ctx context.Context, meetingID int64, axisSlug string) (domain.CommentTarget, error) {
	var t domain.CommentTarget
	var err error
	if meetingID != 0 {
		t.MeetingID = meetingID
		err = db.pool.QueryRow(ctx, `SELECT title_ar, title_fr FROM meetings WHERE id = $1 AND state = 'published'`,
			meetingID).Scan(&t.Title.AR, &t.Title.FR)
	} else {
		err = db.pool.QueryRow(ctx, `SELECT id, slug, name_ar, name_fr FROM axes WHERE slug = $1`,
			axisSlug).Scan(&t.AxisID, &t.AxisSlug, &t.Title.AR, &t.Title.FR)
	}
	return t, notFound(err, "reading what a comment is on")
}

// targetIDs returns the meeting and axis columns of a target, NULL for the
// one it is not.
func targetIDs(t domain.CommentTarget) (*int64, *int32) {
	if t.MeetingID != 0 {
		return &t.MeetingID, nil
	}
	if t.AxisID != 0 {
		return nil, &t.AxisID
	}
	return nil, nil
}

// AddComment stores a visitor's comment, pending moderation, and returns
// its id. At most limit comments from one client address (in.IP) are
// accepted within window, counted in the database under a lock on that
// address so that the limit holds across portal processes:
// domain.ErrCommentThrottled beyond it. A meeting that is not published
// (any more) is not found.
func (db *DB) AddComment(ctx context.Context, in domain.CommentInput, limit int, window time.Duration) (int64, error) {
	meetingID, axisID := targetIDs(in.Target)
	if meetingID == nil && axisID == nil {
		return 0, domain.ErrNotFound
	}
	var id int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1::int, hashtext(($2::inet)::text))`, commentLockClass, in.IP); err != nil {
			return fmt.Errorf("locking the comments of an address: %w", err)
		}
		var recent int
		err := tx.QueryRow(ctx, `SELECT count(*) FROM comments WHERE ip = $1::inet AND created_at > now() - make_interval(secs => $2)`,
			in.IP, window.Seconds()).Scan(&recent)
		if err != nil {
			return fmt.Errorf("counting recent comments of an address: %w", err)
		}
		if recent >= limit {
			return domain.ErrCommentThrottled
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO comments (meeting_id, axis_id, name, email, body, ip)
			SELECT $1, $2, $3, $4, $5, $6::inet
			WHERE EXISTS (SELECT 1 FROM meetings WHERE id = $1 AND state = 'published')
			   OR EXISTS (SELECT 1 FROM axes WHERE id = $2)
			RETURNING id`, meetingID, axisID, in.Name, in.Email, in.Body, in.IP).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return domain.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("storing a comment: %w", checkViolation(err))
		}
		return nil
	})
	return id, err
}

// Comments returns one page of the approved comments on a target, newest
// first, and how many there are, in one round trip.
func (db *DB) Comments(ctx context.Context, t domain.CommentTarget, page, per int) (Page[domain.Comment], error) {
	page, per, offset := limits(page, per)
	out := Page[domain.Comment]{Page: page, Per: per}
	// One statement per kind of target, so that each uses its partial index.
	col, id := "axis_id", any(t.AxisID)
	if t.MeetingID != 0 {
		col, id = "meeting_id", t.MeetingID
	}
	where := ` FROM comments WHERE status = 'approved' AND ` + col + ` = $1`
	b := &pgx.Batch{}
	b.Queue(`SELECT count(*)`+where, id).QueryRow(func(row pgx.Row) error { return row.Scan(&out.Total) })
	b.Queue(`SELECT id, name, body, created_at`+where+` ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
		id, per, offset).Query(func(rows pgx.Rows) error {
		var err error
		out.Items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Comment, error) {
			c := domain.Comment{Target: t, Status: domain.CommentApproved}
			err := row.Scan(&c.ID, &c.Name, &c.Body, &c.CreatedAt)
			return c, err
		})
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return out, fmt.Errorf("listing comments: %w", err)
	}
	return out, nil
}

// CommentFilter narrows the moderators' list of comments.
type CommentFilter struct {
	Status string // pending when empty
	Page   int    // 1-based
	Per    int
}

// ModerationComments lists comments of one status for moderators, each
// with what it is on: the pending queue oldest first (first come, first
// moderated), the others newest first. The email is never read.
func (db *DB) ModerationComments(ctx context.Context, f CommentFilter) (Page[domain.Comment], error) {
	page, per, offset := limits(f.Page, f.Per)
	status := f.Status
	if status == "" {
		status = domain.CommentPending
	}
	out := Page[domain.Comment]{Page: page, Per: per}
	order := "DESC"
	if status == domain.CommentPending {
		order = "ASC"
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT count(*) FROM comments WHERE status = $1`, status).QueryRow(func(row pgx.Row) error { return row.Scan(&out.Total) })
	b.Queue(`
		SELECT c.id, coalesce(c.meeting_id, 0), coalesce(c.axis_id, 0), coalesce(a.slug, ''),
		       coalesce(m.title_ar, a.name_ar, ''), coalesce(m.title_fr, a.name_fr, ''),
		       c.name, c.body, c.status, c.reject_reason, c.created_at, c.moderated_at
		FROM (SELECT * FROM comments WHERE status = $1 ORDER BY created_at `+order+`, id `+order+` LIMIT $2 OFFSET $3) c
		LEFT JOIN meetings m ON m.id = c.meeting_id
		LEFT JOIN axes a ON a.id = c.axis_id
		ORDER BY c.created_at `+order+`, c.id `+order, status, per, offset).Query(func(rows pgx.Rows) error {
		var err error
		out.Items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Comment, error) {
			var c domain.Comment
			err := row.Scan(&c.ID, &c.Target.MeetingID, &c.Target.AxisID, &c.Target.AxisSlug, &c.Target.Title.AR, &c.Target.Title.FR,
				&c.Name, &c.Body, &c.Status, &c.RejectReason, &c.CreatedAt, &c.ModeratedAt)
			return c, err
		})
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return out, fmt.Errorf("listing comments for moderation: %w", err)
	}
	return out, nil
}

// ModerateComment applies a moderator's decision to comment id, if the
// comment is still in the status the moderator saw (m.From; else
// domain.ErrVersionConflict) and the move is allowed. The change and its
// audit line (action "approve", "reject" or "spam"; never the email nor
// the name) commit together.
func (db *DB) ModerateComment(ctx context.Context, id int64, m domain.Moderation, userID int64) error {
	if p := m.Problems(); len(p) > 0 {
		for _, field := range []string{"action", "reason"} {
			if msg, ok := p[field]; ok {
				return domain.Errorf(domain.Invalid, msg)
			}
		}
	}
	to := m.Status()
	reason := ""
	if to == domain.CommentRejected {
		reason = m.Reason
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		var from, oldReason string
		err := tx.QueryRow(ctx, `SELECT status, reject_reason FROM comments WHERE id = $1 FOR UPDATE`, id).Scan(&from, &oldReason)
		if err != nil {
			return notFound(err, "reading a comment's status")
		}
		if from != m.From {
			return domain.ErrVersionConflict
		}
		_, err = tx.Exec(ctx, `UPDATE comments SET status = $2, reject_reason = $3, moderated_at = now(), moderated_by = $4
			WHERE id = $1`, id, to, reason, nullUserID(userID))
		if err != nil {
			return fmt.Errorf("moderating comment %d: %w", id, checkViolation(err))
		}
		changes := map[string]any{"status": map[string]string{"from": from, "to": to}}
		if reason != oldReason {
			changes["reject_reason"] = map[string]string{"from": oldReason, "to": reason}
		}
		return Audit(ctx, tx, userID, m.Action, "comment", id, changes)
	})
}

// ForgetCommenters erases the network addresses of the comments posted
// more than ipAfter ago and the e-mail addresses of those posted more than
// emailAfter ago, keeping the comments, and says how many of each it
// erased. Run on a schedule, it enforces the retention the privacy notice
// states (domain.CommentIPRetention, domain.CommentEmailRetention).
func (db *DB) ForgetCommenters(ctx context.Context, ipAfter, emailAfter time.Duration) (ips, emails int64, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE comments SET ip = NULL
			WHERE ip IS NOT NULL AND created_at < now() - make_interval(secs => $1)`, ipAfter.Seconds())
		if err != nil {
			return fmt.Errorf("erasing commenters' network addresses: %w", err)
		}
		ips = tag.RowsAffected()
		tag, err = tx.Exec(ctx, `UPDATE comments SET email = NULL
			WHERE email IS NOT NULL AND created_at < now() - make_interval(secs => $1)`, emailAfter.Seconds())
		if err != nil {
			return fmt.Errorf("erasing commenters' e-mail addresses: %w", err)
		}
		emails = tag.RowsAffected()
		return nil
	})
	return ips, emails, err
}
