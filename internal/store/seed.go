package store

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"
)

//go:embed data/reference.sql
var referenceSQL string

//go:embed data/demo.sql
var demoSQL string

// LoadReference loads the regions, provinces, institutions, the strategy,
// its axes, fields and indicators into a database that never had them; it
// reports whether it did. A database that had them keeps what staff made
// of them: reference data is never loaded twice (changes to it ship as
// migrations).
func (db *DB) LoadReference(ctx context.Context) (bool, error) {
	return db.seedOnce(ctx, "reference", referenceSQL)
}

// LoadDemo loads the demonstration content (the Oujda meeting and the
// series stops, expectations at every status with their answers,
// commitments, comments) into a database that never had it, and never
// after `tachawor demo remove`; it needs the reference data and reports
// whether it loaded anything.
func (db *DB) LoadDemo(ctx context.Context) (bool, error) {
	return db.seedOnce(ctx, "demo", demoSQL)
}

// seedOnce runs script, in one transaction, unless seed_log says name was
// loaded (or, for the demo, removed); processes starting together take
// turns under a lock.
func (db *DB) seedOnce(ctx context.Context, name, script string) (bool, error) {
	loaded := false
	err := db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('tachawor seed'))`); err != nil {
			return fmt.Errorf("waiting to seed: %w", err)
		}
		var done bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM seed_log WHERE name = $1 OR ($1 = 'demo' AND name = 'demo_removed'))`,
			name).Scan(&done)
		if err != nil || done {
			return err
		}
		// The simple protocol lets one Exec carry several statements.
		if _, err := tx.Exec(ctx, script, pgx.QueryExecModeSimpleProtocol); err != nil {
			return fmt.Errorf("loading %s data: %w", name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seed_log (name) VALUES ($1)`, name); err != nil {
			return fmt.Errorf("recording the %s data: %w", name, err)
		}
		loaded = true
		return nil
	})
	return loaded, err
}

// DemoRemoved counts what RemoveDemo deleted, by table, and the references
// to demonstration records it took off the records staff made.
type DemoRemoved struct {
	Deleted  map[string]int64
	Unlinked map[string]int64
}

// RemoveDemo deletes every demonstration record (marked demo: meetings,
// agreements, expectations, commitments, comments, and what hangs on them),
// never reference data nor what staff recorded: a record of theirs that
// pointed to a demonstration record loses only that link. All in one
// transaction, with its audit line; the demo content is then never loaded
// again.
func (db *DB) RemoveDemo(ctx context.Context, userID int64) (DemoRemoved, error) {
	res := DemoRemoved{Deleted: map[string]int64{}, Unlinked: map[string]int64{}}
	err := db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('tachawor seed'))`); err != nil {
			return fmt.Errorf("waiting to remove the demo: %w", err)
		}
		const demoMeetings = `(SELECT id FROM meetings WHERE demo)`
		const demoAgreements = `(SELECT id FROM agreements WHERE demo)`
		const demoExpectations = `(SELECT id FROM expectations WHERE demo)`
		const demoCommitments = `(SELECT id FROM commitments WHERE demo)`
		steps := []struct {
			kind  string // "unlinked" or "deleted"
			table string
			sql   string
		}{
			{"unlinked", "agreements", `UPDATE agreements SET meeting_id = NULL WHERE NOT demo AND meeting_id IN ` + demoMeetings},
			{"unlinked", "expectations", `UPDATE expectations SET meeting_id = NULL WHERE NOT demo AND meeting_id IN ` + demoMeetings},
			{"unlinked", "commitment_expectations", `DELETE FROM commitment_expectations WHERE
				(commitment_id IN ` + demoCommitments + `) <> (expectation_id IN ` + demoExpectations + `)`},
			{"unlinked", "commitment_agreements", `DELETE FROM commitment_agreements WHERE
				(commitment_id IN ` + demoCommitments + `) <> (agreement_id IN ` + demoAgreements + `)`},
			{"deleted", "comments", `DELETE FROM comments WHERE demo OR meeting_id IN ` + demoMeetings},
			{"deleted", "commitment_expectations", `DELETE FROM commitment_expectations WHERE commitment_id IN ` + demoCommitments},
			{"deleted", "commitment_milestones", `DELETE FROM commitment_milestones WHERE commitment_id IN ` + demoCommitments},
			{"deleted", "commitment_agreements", `DELETE FROM commitment_agreements WHERE commitment_id IN ` + demoCommitments},
			{"deleted", "commitment_progress", `DELETE FROM commitment_progress WHERE commitment_id IN ` + demoCommitments},
			{"deleted", "commitments", `DELETE FROM commitments WHERE demo`},
			{"deleted", "expectation_axes", `DELETE FROM expectation_axes WHERE expectation_id IN ` + demoExpectations},
			{"deleted", "expectation_provinces", `DELETE FROM expectation_provinces WHERE expectation_id IN ` + demoExpectations},
			{"deleted", "expectation_status_history", `DELETE FROM expectation_status_history WHERE expectation_id IN ` + demoExpectations},
			{"deleted", "expectations", `DELETE FROM expectations WHERE demo`},
			{"deleted", "agreement_parties", `DELETE FROM agreement_parties WHERE agreement_id IN ` + demoAgreements},
			{"deleted", "agreement_provinces", `DELETE FROM agreement_provinces WHERE agreement_id IN ` + demoAgreements},
			{"deleted", "agreement_axes", `DELETE FROM agreement_axes WHERE agreement_id IN ` + demoAgreements},
			{"deleted", "agreement_fields", `DELETE FROM agreement_fields WHERE agreement_id IN ` + demoAgreements},
			{"deleted", "agreement_milestones", `DELETE FROM agreement_milestones WHERE agreement_id IN ` + demoAgreements},
			{"deleted", "agreements", `DELETE FROM agreements WHERE demo`},
			{"deleted", "attachments", `DELETE FROM attachments WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id IN ` + demoMeetings + `)`},
			{"deleted", "agenda_items", `DELETE FROM agenda_items WHERE meeting_id IN ` + demoMeetings},
			{"deleted", "meeting_attendees", `DELETE FROM meeting_attendees WHERE meeting_id IN ` + demoMeetings},
			{"deleted", "meeting_axes", `DELETE FROM meeting_axes WHERE meeting_id IN ` + demoMeetings},
			{"deleted", "meeting_fields", `DELETE FROM meeting_fields WHERE meeting_id IN ` + demoMeetings},
			{"deleted", "support_grants", `DELETE FROM support_grants WHERE meeting_id IN ` + demoMeetings},
			{"deleted", "field_visits", `DELETE FROM field_visits WHERE meeting_id IN ` + demoMeetings},
			{"deleted", "meetings", `DELETE FROM meetings WHERE demo`},
		}
		for _, st := range steps {
			tag, err := tx.Exec(ctx, st.sql)
			if err != nil {
				return fmt.Errorf("removing the demo (%s): %w", st.table, err)
			}
			if st.kind == "unlinked" {
				res.Unlinked[st.table] += tag.RowsAffected()
			} else {
				res.Deleted[st.table] += tag.RowsAffected()
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seed_log (name) VALUES ('demo_removed') ON CONFLICT DO NOTHING`); err != nil {
			return fmt.Errorf("recording the demo's removal: %w", err)
		}
		return Audit(ctx, tx, userID, "demo_remove", "demo", 0, map[string]any{"deleted": res.Deleted, "unlinked": res.Unlinked})
	})
	return res, err
}
