package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

func agreementInput(t *testing.T, db *store.DB) domain.AgreementInput {
	t.Helper()
	id := func(slug string) int32 {
		return int32(count(t, db, `SELECT id FROM institutions WHERE slug = $1`, slug))
	}
	amount := int64(1_250_000)
	signed := time.Date(2022, 1, 19, 0, 0, 0, 0, time.UTC)
	months := 24
	return domain.AgreementInput{
		Subject:        domain.Text{AR: "اتفاقية للاختبار", FR: "Convention d'essai"},
		Parties:        []domain.PartyInput{{InstitutionID: id("ads"), AmountDH: &amount}, {InstitutionID: id("en")}},
		SignedOn:       &signed,
		RegionID:       2,
		ProvinceIDs:    []int32{int32(count(t, db, `SELECT min(id) FROM provinces WHERE region_id = 2`))},
		DurationMonths: &months,
		Status:         "signed",
		Milestones:     []domain.MilestoneInput{{Title: domain.Text{AR: "مرحلة"}, Percent: 10}},
	}
}

func TestAgreementSavesAreWholeOrNothing(t *testing.T) {
	db := newDB(t, false)
	ctx := context.Background()
	in := agreementInput(t, db)
	id, err := db.CreateAgreement(ctx, "", in, 0)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := db.AgreementForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.State != "draft" || rec.Version != 1 {
		t.Errorf("new agreement: %s v%d", rec.State, rec.Version)
	}
	// What is read back is what was saved: the audit of an unchanged save is empty.
	if d := store.Diff(in, rec.Input); len(d) != 0 {
		t.Errorf("read back differs: %v", d)
	}

	// A party that does not exist fails the save at its last step: nothing
	// of it remains, not the new subject, not the audit line.
	bad := in
	bad.Subject.FR = "Ne doit pas rester"
	bad.Parties = append([]domain.PartyInput{}, in.Parties...)
	bad.Parties[1].InstitutionID = 999999
	err = db.UpdateAgreement(ctx, id, 1, bad, 0)
	if domain.ErrorCode(err) != domain.Invalid {
		t.Fatalf("update with a missing institution: %v", err)
	}
	if _, err := db.CreateAgreement(ctx, "", bad, 0); domain.ErrorCode(err) != domain.Invalid {
		t.Fatalf("create with a missing institution: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM agreements`); n != 1 {
		t.Errorf("%d agreements, want 1", n)
	}
	after, _ := db.AgreementForEdit(ctx, id)
	if after.Version != 1 || after.Input.Subject.FR != "Convention d'essai" || len(after.Input.Parties) != 2 || len(after.Input.Milestones) != 1 {
		t.Errorf("half-written: %+v", after)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'agreement'`); n != 1 {
		t.Errorf("%d audit lines, want 1", n)
	}

	// An edit records what changed, field by field.
	edit := in
	edit.Summary = domain.Text{AR: "ملخص"}
	edit.Milestones = nil
	if err := db.UpdateAgreement(ctx, id, 1, edit, 0); err != nil {
		t.Fatal(err)
	}
	var changes string
	if err := db.Pool().QueryRow(ctx, `SELECT changes::text FROM audit_log WHERE entity = 'agreement' AND action = 'update'`).Scan(&changes); err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(changes), &m); err != nil || len(m) != 2 || m["summary"] == nil || m["milestone"] == nil {
		t.Errorf("update audit: %s", changes)
	}
	if n := count(t, db, `SELECT count(*) FROM agreement_milestones WHERE agreement_id = $1`, id); n != 0 {
		t.Errorf("milestones not replaced: %d", n)
	}
	// The same version again is refused.
	if err := db.UpdateAgreement(ctx, id, 1, in, 0); !errors.Is(err, domain.ErrVersionConflict) {
		t.Errorf("stale update: %v", err)
	}
	if _, err := db.AgreementForEdit(ctx, 424242); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("missing agreement: %v", err)
	}
}

func TestStaffAgreementsListsDraftsAndArchives(t *testing.T) {
	db := newDB(t, true)
	ctx := context.Background()
	id, err := db.CreateAgreement(ctx, "", agreementInput(t, db), 0)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.StaffAgreements(ctx, store.StaffFilter{})
	if err != nil {
		t.Fatal(err)
	}
	drafts, _ := db.StaffAgreements(ctx, store.StaffFilter{State: "draft"})
	published, _ := db.StaffAgreements(ctx, store.StaffFilter{State: "published"})
	if all.Total != published.Total+1 || drafts.Total != 1 || drafts.Items[0].ID != id || all.Items[0].ID != id {
		t.Errorf("all %d, drafts %d, published %d", all.Total, drafts.Total, published.Total)
	}
	if _, err := db.SetState(ctx, "agreement", id, 1, "archived", 0); err != nil {
		t.Fatal(err)
	}
	archived, _ := db.StaffAgreements(ctx, store.StaffFilter{State: "archived"})
	now, _ := db.StaffAgreements(ctx, store.StaffFilter{})
	if archived.Total != 1 || now.Total != published.Total {
		t.Errorf("after archiving: %d archived, %d listed", archived.Total, now.Total)
	}
}
