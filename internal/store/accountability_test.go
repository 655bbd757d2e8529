package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/migrations"
)

func exec(t *testing.T, db *store.DB, sql string, args ...any) {
	t.Helper()
	if _, err := db.Pool().Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%.80s: %v", sql, err)
	}
}

func statuses(h []domain.StatusChange) []string {
	var out []string
	for _, c := range h {
		out = append(out, c.Status)
	}
	return out
}

// An expectation's history is kept by the database whichever way it is
// written: a draft has none, each change of status adds its step dated when
// it is made, and a record inserted past its draft gets the steps its own
// dates tell.
func TestExpectationStatusHistory(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	var id int64
	if err := db.Pool().QueryRow(ctx, `INSERT INTO expectations (region_id, title_ar) VALUES (2, 'مسودة') RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublicExpectation(ctx, id); domain.ErrorCode(err) != domain.NotFound {
		t.Fatalf("a draft is public: %v", err)
	}
	exec(t, db, `UPDATE expectations SET status = 'received', submitted_at = '2024-01-10 09:00+00' WHERE id = $1`, id)
	exec(t, db, `UPDATE expectations SET title_fr = 'Titre' WHERE id = $1`, id) // no change of status, no step
	exec(t, db, `UPDATE expectations SET status = 'under_study' WHERE id = $1`, id)
	exec(t, db, `UPDATE expectations SET status = 'retained', decided_at = '2024-03-05 12:00+00', answer_ar = 'جواب',
		institution_id = (SELECT id FROM institutions WHERE slug = 'ads') WHERE id = $1`, id)
	e, err := db.PublicExpectation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(e.History); !slices.Equal(got, []string{"received", "under_study", "retained"}) {
		t.Fatalf("history %v", got)
	}
	for _, h := range e.History { // a change is dated when it is made
		if time.Since(h.At) > time.Minute || time.Since(h.At) < 0 {
			t.Errorf("dates %v", e.History)
		}
	}
	if e.Institution.FR == "" || e.Answer.AR != "جواب" {
		t.Errorf("answer %+v institution %+v", e.Answer, e.Institution)
	}
	// Inserted already decided: received at submission, then the decision.
	if err := db.Pool().QueryRow(ctx, `INSERT INTO expectations (region_id, title_ar, status, submitted_at, decided_at)
		VALUES (2, 'مستورد', 'not_retained', '2023-05-01 10:00+00', '2023-06-01 10:00+00') RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if e, err = db.PublicExpectation(ctx, id); err != nil || !slices.Equal(statuses(e.History), []string{"received", "not_retained"}) ||
		!e.History[1].At.Equal(time.Date(2023, 6, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("inserted decided: %v %v", err, e.History)
	}
}

// A commitment's progress is recorded each time it changes, and a
// milestone at 100 % is dated the day it got there; saving the commitment
// again keeps that day, and a milestone that falls back loses it.
func TestCommitmentProgressAndMilestones(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	var ads, agreement, expectation int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM institutions WHERE slug = 'ads'`).Scan(&ads); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM agreements WHERE ref = 'oujda-2022-mobile-emergency'`).Scan(&agreement); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool().QueryRow(ctx, `INSERT INTO expectations (region_id, title_ar, status, submitted_at) VALUES (2, 'انتظار', 'received', now()) RETURNING id`).Scan(&expectation); err != nil {
		t.Fatal(err)
	}
	in := domain.CommitmentInput{RegionID: 2, AxisID: 1, Title: domain.Text{AR: "التزام"}, InstitutionID: int32(ads), Progress: 10,
		ExpectationIDs: []int64{expectation}, AgreementIDs: []int64{agreement}}
	ms := []domain.Milestone{{Title: domain.Text{AR: "أولى"}, Percent: 100}, {Title: domain.Text{AR: "ثانية"}, Percent: 40}}
	id, err := db.CreateCommitment(ctx, "", in, ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublicCommitment(ctx, id); domain.ErrorCode(err) != domain.NotFound {
		t.Fatalf("a draft commitment is public: %v", err)
	}
	exec(t, db, `UPDATE commitments SET state = 'published', published_at = now() WHERE id = $1`, id)
	// The first milestone was done on a known day; saving again keeps it.
	exec(t, db, `UPDATE commitment_milestones SET done_on = '2024-02-01' WHERE commitment_id = $1 AND position = 1`, id)
	rec, err := db.CommitmentForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	in.Progress = 55
	ms[1].Percent = 100
	if err := db.UpdateCommitment(ctx, id, rec.Version, in, ms, 0); err != nil {
		t.Fatal(err)
	}
	c, err := db.PublicCommitment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Progression) != 2 || c.Progression[0].Progress != 10 || c.Progression[1].Progress != 55 || c.Progress != 55 {
		t.Errorf("progression %v", c.Progression)
	}
	if len(c.Milestones) != 2 || c.Milestones[0].DoneOn == nil || c.Milestones[0].DoneOn.Format("2006-01-02") != "2024-02-01" ||
		c.Milestones[1].DoneOn == nil {
		t.Errorf("milestones %+v", c.Milestones)
	}
	if len(c.Expectations) != 1 || c.Expectations[0].ID != expectation || len(c.Agreements) != 1 || c.Agreements[0].ID != agreement {
		t.Errorf("expectations %v agreements %v", c.Expectations, c.Agreements)
	}
	// Falling back below 100 % clears the day, whatever writes it.
	exec(t, db, `UPDATE commitment_milestones SET percent = 90 WHERE commitment_id = $1 AND position = 1`, id)
	if n := count(t, db, `SELECT count(*) FROM commitment_milestones WHERE commitment_id = $1 AND done_on IS NOT NULL`, id); n != 1 {
		t.Errorf("%d milestones done, want 1", n)
	}
	// A draft agreement linked to the commitment stays off its page.
	exec(t, db, `UPDATE agreements SET state = 'draft' WHERE id = $1`, agreement)
	if c, err = db.PublicCommitment(ctx, id); err != nil || len(c.Agreements) != 0 {
		t.Errorf("draft agreement shown: %v %v", err, c.Agreements)
	}
}

// Migration 30 rebuilds the past: status steps and progress from the
// audit log where it holds them, else from the records' own dates.
func TestAccountabilityMigrationRebuildsThePast(t *testing.T) {
	db := newDB(t, false)
	sql := func(name string) string {
		b, err := migrations.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	exec(t, db, sql("000030_accountability.down.sql"))
	exec(t, db, `
		INSERT INTO expectations (ref, region_id, title_ar, status, submitted_at, decided_at, created_at) VALUES
		 ('audited', 2, 'أ', 'retained', '2024-01-01 10:00+00', '2024-03-01 10:00+00', '2024-01-01 09:00+00'),
		 ('dated', 2, 'ب', 'not_retained', '2024-02-01 10:00+00', '2024-04-01 10:00+00', '2024-02-01 09:00+00'),
		 ('draft', 2, 'ج', 'draft', NULL, NULL, '2024-02-01 09:00+00');
		INSERT INTO audit_log (at, action, entity, entity_id, changes)
		SELECT a.at, a.action, 'expectation', e.id, a.changes::jsonb FROM expectations e, (VALUES
		 (timestamptz '2024-01-01 10:00+00', 'submit', '{"Status": {"from": "draft", "to": "received"}}'),
		 ('2024-02-01 10:00+00', 'decide', '{"Status": {"from": "received", "to": "under_study"}}'),
		 ('2024-03-01 10:00+00', 'decide', '{"Status": {"from": "under_study", "to": "retained"}}')) AS a(at, action, changes)
		WHERE e.ref = 'audited';
		INSERT INTO commitments (ref, region_id, axis_id, title_ar, institution_id, progress, created_at)
		VALUES ('c', 2, 1, 'د', 1, 70, '2024-01-05 10:00+00');
		INSERT INTO audit_log (at, action, entity, entity_id, changes)
		SELECT a.at, a.action, 'commitment', c.id, a.changes::jsonb FROM commitments c, (VALUES
		 (timestamptz '2024-01-05 10:00+00', 'create', '{"Progress": {"from": 0, "to": 20}}'),
		 ('2024-02-05 10:00+00', 'update', '{"Progress": {"from": 20, "to": 70}}')) AS a(at, action, changes)
		WHERE c.ref = 'c';`)
	exec(t, db, sql("000030_accountability.up.sql"))
	ctx := context.Background()
	history := func(ref string) []string {
		rows, err := db.Pool().Query(ctx, `SELECT h.status || '@' || to_char(h.at AT TIME ZONE 'UTC', 'MM-DD')
			FROM expectation_status_history h JOIN expectations e ON e.id = h.expectation_id WHERE e.ref = $1 ORDER BY h.at, h.id`, ref)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	if got := history("audited"); !slices.Equal(got, []string{"received@01-01", "under_study@02-01", "retained@03-01"}) {
		t.Errorf("audited: %v", got)
	}
	if got := history("dated"); !slices.Equal(got, []string{"received@02-01", "not_retained@04-01"}) {
		t.Errorf("dated: %v", got)
	}
	if got := history("draft"); len(got) != 0 {
		t.Errorf("draft: %v", got)
	}
	rows, err := db.Pool().Query(ctx, `SELECT p.progress FROM commitment_progress p JOIN commitments c ON c.id = p.commitment_id
		WHERE c.ref = 'c' ORDER BY p.at, p.id`)
	if err != nil {
		t.Fatal(err)
	}
	var progress []int
	for rows.Next() {
		var p int
		rows.Scan(&p)
		progress = append(progress, p)
	}
	if !slices.Equal(progress, []int{20, 70}) {
		t.Errorf("progress %v, want [20 70]", progress)
	}
}
