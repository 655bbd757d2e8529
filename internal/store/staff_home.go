package store

import (
	"context"
	"fmt"
)

// Waiting is what waits for a member of staff: expectations received and
// not yet triaged, comments to moderate, their own drafts, and commitments
// past their due date that are not done.
type Waiting struct {
	ToTriage, ToModerate                   int
	DraftMeetings, DraftAgreements, Drafts int // Drafts: commitments
	Overdue                                int
}

// WaitingFor counts what waits for user, each count bounded by
// QueueCountCap: one round trip.
func (db *DB) WaitingFor(ctx context.Context, user int64) (Waiting, error) {
	var w Waiting
	mine := func(table, entity string) string {
		return `(SELECT count(*) FROM (SELECT 1 FROM ` + table + ` x WHERE x.state = 'draft' AND EXISTS (SELECT 1 FROM audit_log l
			WHERE l.entity = '` + entity + `' AND l.entity_id = x.id AND l.action = 'create' AND l.user_id = $1) LIMIT $2) n)`
	}
	err := db.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM expectations WHERE status = 'received' LIMIT $2) n),
		(SELECT count(*) FROM (SELECT 1 FROM comments WHERE status = 'pending' LIMIT $2) n),
		`+mine("meetings", "meeting")+`, `+mine("agreements", "agreement")+`, `+mine("commitments", "commitment")+`,
		(SELECT count(*) FROM (SELECT 1 FROM commitments WHERE state <> 'archived' AND due_on < current_date AND progress < 100 LIMIT $2) n)`,
		user, QueueCountCap).Scan(&w.ToTriage, &w.ToModerate, &w.DraftMeetings, &w.DraftAgreements, &w.Drafts, &w.Overdue)
	if err != nil {
		return w, fmt.Errorf("counting what waits: %w", err)
	}
	return w, nil
}
