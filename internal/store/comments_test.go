package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// commentOn returns a comment from ip on target.
func commentOn(target domain.CommentTarget, ip, body string) domain.CommentInput {
	return domain.CommentInput{Target: target, Name: "Salma", Email: "salma.secret@example.org", Body: body, IP: ip}
}

func meetingTarget(t *testing.T, db *store.DB) domain.CommentTarget {
	t.Helper()
	id := int64(count(t, db, `SELECT id FROM meetings WHERE ref = 'oujda-2022' AND state = 'published'`))
	target, err := db.CommentTarget(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	return target
}

func TestCommentsAreShownOnlyOnceApproved(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	meeting := meetingTarget(t, db)
	axis, err := db.CommentTarget(ctx, 0, "digitalisation")
	if err != nil || axis.AxisID == 0 || axis.Title.AR == "" {
		t.Fatalf("axis target: %+v %v", axis, err)
	}
	body := "  <script>alert(1)</script>\r\nسطر ثان  "
	onMeeting, err := db.AddComment(ctx, commentOn(meeting, "192.0.2.7", body), 5, domain.CommentWindow)
	if err != nil {
		t.Fatal(err)
	}
	onAxis, err := db.AddComment(ctx, commentOn(axis, "192.0.2.7", "Sur l'axe"), 5, domain.CommentWindow)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []domain.CommentTarget{meeting, axis} {
		if p, err := db.Comments(ctx, target, 1, 20); err != nil || p.Total != 0 || len(p.Items) != 0 {
			t.Fatalf("pending comments shown: %+v %v", p, err)
		}
	}
	// The queue: oldest first, each with what it is on.
	q, err := db.ModerationComments(ctx, store.CommentFilter{})
	if err != nil || q.Total != 2 || len(q.Items) != 2 || q.Items[0].ID != onMeeting || q.Items[1].ID != onAxis {
		t.Fatalf("queue: %+v %v", q, err)
	}
	if q.Items[0].Target.MeetingID != meeting.MeetingID || q.Items[0].Target.Title.AR == "" ||
		q.Items[1].Target.AxisSlug != "digitalisation" || q.Items[1].Target.Title.FR == "" {
		t.Fatalf("queue targets: %+v", q.Items)
	}

	staff := int64(count(t, db, `INSERT INTO users (email, password_hash, role) VALUES ('mod@example.ma', '$argon2id$x', 'staff') RETURNING id`))
	// A rejection needs its reason; a decision on a stale status is refused.
	if err := db.ModerateComment(ctx, onAxis, domain.Moderation{Action: "reject", From: "pending", Reason: " "}, staff); domain.ErrorCode(err) != domain.Invalid {
		t.Fatalf("reject without reason: %v", err)
	}
	if err := db.ModerateComment(ctx, onAxis, domain.Moderation{Action: "approve", From: "approved"}, staff); domain.ErrorCode(err) != domain.Invalid {
		t.Fatalf("approve from approved: %v", err)
	}
	if err := db.ModerateComment(ctx, onAxis, domain.Moderation{Action: "approve", From: "rejected"}, staff); !errors.Is(err, domain.ErrVersionConflict) {
		t.Fatalf("stale decision: %v", err)
	}
	if err := db.ModerateComment(ctx, 999999, domain.Moderation{Action: "approve", From: "pending"}, staff); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown comment: %v", err)
	}
	if err := db.ModerateComment(ctx, onMeeting, domain.Moderation{Action: "approve", From: "pending"}, staff); err != nil {
		t.Fatal(err)
	}
	if err := db.ModerateComment(ctx, onAxis, domain.Moderation{Action: "reject", From: "pending", Reason: "Hors sujet"}, staff); err != nil {
		t.Fatal(err)
	}
	p, err := db.Comments(ctx, meeting, 1, 20)
	if err != nil || p.Total != 1 || len(p.Items) != 1 || p.Items[0].Body != body || p.Items[0].Name != "Salma" {
		t.Fatalf("approved comment, stored as typed: %+v %v", p, err)
	}
	if p, err := db.Comments(ctx, axis, 1, 20); err != nil || p.Total != 0 {
		t.Fatalf("rejected comment shown: %+v %v", p, err)
	}
	rejected, err := db.ModerationComments(ctx, store.CommentFilter{Status: "rejected"})
	if err != nil || rejected.Total != 1 || rejected.Items[0].RejectReason != "Hors sujet" || rejected.Items[0].ModeratedAt == nil {
		t.Fatalf("rejected list: %+v %v", rejected, err)
	}
	// Withdrawn after approval: marked as spam, gone from the page.
	if err := db.ModerateComment(ctx, onMeeting, domain.Moderation{Action: "spam", From: "approved"}, staff); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Comments(ctx, meeting, 1, 20); err != nil || p.Total != 0 {
		t.Fatalf("spam shown: %+v %v", p, err)
	}
	// Every decision is in the audit log, by whom; never the email nor the name.
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'comment' AND user_id = $1 AND action IN ('approve', 'reject', 'spam')`, staff); n != 3 {
		t.Fatalf("audit lines: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE changes::text LIKE '%salma%' OR changes::text LIKE '%Salma%'`); n != 0 {
		t.Fatalf("the audit log holds the commenter's email or name")
	}
	if n := count(t, db, `SELECT count(*) FROM comments WHERE moderated_by = $1 AND moderated_at IS NOT NULL`, staff); n != 2 {
		t.Fatalf("moderated_by: %d", n)
	}
}

func TestCommentOnDraftMeetingIsNotFound(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	draft := int64(count(t, db, `INSERT INTO meetings (region_id, title_ar, venue_ar, starts_at, format)
		VALUES (2, 'مسودة', 'وجدة', now(), 'in_person') RETURNING id`))
	if _, err := db.CommentTarget(ctx, draft, ""); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("draft target: %v", err)
	}
	if _, err := db.CommentTarget(ctx, 0, "atlantis"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown axis: %v", err)
	}
	// Even when the meeting was unpublished after the target was read.
	if _, err := db.AddComment(ctx, commentOn(domain.CommentTarget{MeetingID: draft}, "192.0.2.1", "x"), 5, domain.CommentWindow); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("comment on a draft: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM comments`); n != 0 {
		t.Fatalf("%d comments stored", n)
	}
}

func TestCommentRateLimitPerAddress(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	target := meetingTarget(t, db)
	for i := 0; i < domain.CommentLimit; i++ {
		if _, err := db.AddComment(ctx, commentOn(target, "2001:db8:1:2::/64", "ok"), domain.CommentLimit, domain.CommentWindow); err != nil {
			t.Fatalf("comment %d: %v", i+1, err)
		}
	}
	_, err := db.AddComment(ctx, commentOn(target, "2001:db8:1:2::/64", "one too many"), domain.CommentLimit, domain.CommentWindow)
	if !errors.Is(err, domain.ErrCommentThrottled) || domain.ErrorCode(err) != domain.Throttled {
		t.Fatalf("6th comment: %v", err)
	}
	if _, err := db.AddComment(ctx, commentOn(target, "192.0.2.9", "another address"), domain.CommentLimit, domain.CommentWindow); err != nil {
		t.Fatalf("another address: %v", err)
	}
	// Once the window has passed, the address may comment again.
	db.Pool().Exec(ctx, `UPDATE comments SET created_at = created_at - interval '11 minutes' WHERE ip = '2001:db8:1:2::/64'`)
	if _, err := db.AddComment(ctx, commentOn(target, "2001:db8:1:2::/64", "later"), domain.CommentLimit, domain.CommentWindow); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// Concurrent comments from one address (as from several portal processes)
// never get past the limit: the count and the insert are serialized.
func TestCommentRateLimitHoldsUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	target := meetingTarget(t, db)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.AddComment(ctx, commentOn(target, "198.51.100.4", "race"), domain.CommentLimit, domain.CommentWindow)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	throttled := 0
	for err := range errs {
		switch {
		case errors.Is(err, domain.ErrCommentThrottled):
			throttled++
		case err != nil:
			t.Fatal(err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM comments`); n != domain.CommentLimit || throttled != 20-domain.CommentLimit {
		t.Fatalf("stored %d, throttled %d", n, throttled)
	}
}

// The database itself refuses what the forms refuse.
func TestCommentConstraints(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	meeting := meetingTarget(t, db)
	axis := count(t, db, `SELECT id FROM axes WHERE slug = 'digitalisation'`)
	for name, sql := range map[string]string{
		"both targets":          `INSERT INTO comments (meeting_id, axis_id, name, email, body, ip) VALUES ($1, $2, 'a', 'a@b.c', 'x', '192.0.2.1')`,
		"no target":             `INSERT INTO comments (name, email, body, ip) VALUES ('a', 'a@b.c', 'x', '192.0.2.1') RETURNING $1::bigint, $2::int`,
		"unknown status":        `INSERT INTO comments (meeting_id, name, email, body, ip, status, moderated_at) VALUES ($1, 'a', 'a@b.c', 'x', '192.0.2.1', 'shown', now()) RETURNING $2::int`,
		"rejected, no reason":   `INSERT INTO comments (meeting_id, name, email, body, ip, status, moderated_at) VALUES ($1, 'a', 'a@b.c', 'x', '192.0.2.1', 'rejected', now()) RETURNING $2::int`,
		"approved, not dated":   `INSERT INTO comments (meeting_id, name, email, body, ip, status) VALUES ($1, 'a', 'a@b.c', 'x', '192.0.2.1', 'approved') RETURNING $2::int`,
		"blank body":            `INSERT INTO comments (meeting_id, name, email, body, ip) VALUES ($1, 'a', 'a@b.c', '   ', '192.0.2.1') RETURNING $2::int`,
		"body too long":         `INSERT INTO comments (meeting_id, name, email, body, ip) VALUES ($1, 'a', 'a@b.c', repeat('x', 2001), '192.0.2.1') RETURNING $2::int`,
		"name too long":         `INSERT INTO comments (meeting_id, name, email, body, ip) VALUES ($1, repeat('n', 101), 'a@b.c', 'x', '192.0.2.1') RETURNING $2::int`,
		"no email":              `INSERT INTO comments (meeting_id, name, email, body, ip) VALUES ($1, 'a', '', 'x', '192.0.2.1') RETURNING $2::int`,
		"reason while approved": `INSERT INTO comments (meeting_id, name, email, body, ip, status, moderated_at, reject_reason) VALUES ($1, 'a', 'a@b.c', 'x', '192.0.2.1', 'approved', now(), 'r') RETURNING $2::int`,
	} {
		if _, err := db.Pool().Exec(ctx, sql, meeting.MeetingID, axis); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "violates") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// 2,000 characters with CRLF line breaks fit, as the browser counted them.
	long := strings.Repeat("ab\r\n", 500)
	if _, err := db.AddComment(ctx, commentOn(meeting, "192.0.2.1", long), 5, domain.CommentWindow); err != nil {
		t.Fatalf("2,000 characters with CRLF: %v", err)
	}
}

// With 50,000 comments the public page and the queue read one page through
// their indexes, never the whole table.
func TestCommentListsUseTheirIndexes(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	meeting := meetingTarget(t, db)
	axis := count(t, db, `SELECT id FROM axes WHERE slug = 'digitalisation'`)
	_, err := db.Pool().Exec(ctx, `
		INSERT INTO comments (meeting_id, axis_id, name, email, body, ip, status, moderated_at, reject_reason, created_at)
		SELECT CASE WHEN i % 2 = 0 THEN $1::bigint END, CASE WHEN i % 2 = 1 THEN $2::int END,
		       'n' || i, 'v' || i || '@example.org', 'text ' || i, ('10.0.' || (i / 250) % 250 || '.' || i % 250)::inet,
		       s, CASE WHEN s <> 'pending' THEN now() END, CASE WHEN s = 'rejected' THEN 'r' ELSE '' END,
		       now() - i * interval '1 minute'
		FROM generate_series(1, 50000) AS i,
		     LATERAL (SELECT CASE WHEN i % 20 < 16 THEN 'approved' WHEN i % 20 < 19 THEN 'pending' ELSE 'rejected' END AS s) st`,
		meeting.MeetingID, axis)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `ANALYZE comments`); err != nil {
		t.Fatal(err)
	}
	p, err := db.Comments(ctx, meeting, 3, 20)
	if err != nil || p.Total != 20000 || len(p.Items) != 20 || p.Pages() != 1000 || !p.Items[0].CreatedAt.After(p.Items[19].CreatedAt) {
		t.Fatalf("page 3 of the meeting's comments: total %d items %d %v", p.Total, len(p.Items), err)
	}
	q, err := db.ModerationComments(ctx, store.CommentFilter{Page: 2})
	if err != nil || q.Total != 7500 || len(q.Items) != 20 || q.Items[0].CreatedAt.After(q.Items[19].CreatedAt) {
		t.Fatalf("queue page 2: total %d items %d %v", q.Total, len(q.Items), err)
	}
	for name, sql := range map[string]string{
		"meeting page": `SELECT id, name, body, created_at FROM comments WHERE status = 'approved' AND meeting_id = ` + fmt.Sprint(meeting.MeetingID) + ` ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 40`,
		"axis page":    `SELECT id, name, body, created_at FROM comments WHERE status = 'approved' AND axis_id = ` + fmt.Sprint(axis) + ` ORDER BY created_at DESC, id DESC LIMIT 20`,
		"queue":        `SELECT * FROM comments WHERE status = 'pending' ORDER BY created_at ASC, id ASC LIMIT 20 OFFSET 20`,
		"rate limit":   `SELECT count(*) FROM comments WHERE ip = '10.0.1.1' AND created_at > now() - interval '10 minutes'`,
	} {
		var plan string
		rows, err := db.Pool().Query(ctx, `EXPLAIN `+sql)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var line string
			rows.Scan(&line)
			plan += line + "\n"
		}
		if strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s reads the whole table:\n%s", name, plan)
		}
	}
}

// withoutDemoComments deletes the demonstration comments, for tests that
// count comments from none.
func withoutDemoComments(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.Pool().Exec(context.Background(), `DELETE FROM comments WHERE demo`); err != nil {
		t.Fatal(err)
	}
}
