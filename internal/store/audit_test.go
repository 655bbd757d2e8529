package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

func TestAudit(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	admin := mustCreateUser(t, db, "admin@social.gov.ma", domain.RoleAdmin, 0)
	staff := mustCreateUser(t, db, "redactrice@social.gov.ma", domain.RoleStaff, 0)

	write := func(userID int64, action, entity string, id int64, changes any) {
		t.Helper()
		err := pgx.BeginFunc(ctx, db.Pool(), func(tx pgx.Tx) error {
			return store.Audit(ctx, tx, userID, action, entity, id, changes)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	write(staff.ID, domain.AuditCreate, "meeting", 7, map[string]any{"title_ar": "لقاء تشاوري", "title_fr": "Rencontre d'Oujda"})
	write(staff.ID, domain.AuditUpdate, "meeting", 7, map[string]any{"venue_fr": map[string]string{"from": "Oujda", "to": "Oujda, wilaya"}})
	write(admin.ID, domain.AuditPublish, "meeting", 7, nil)
	write(0, domain.AuditCreate, "agreement", 7, json.RawMessage(`{"subject_fr": "Convention 100%_sure"}`))

	// An entry written in a transaction that rolls back is not kept.
	rollback := errors.New("rollback")
	err := pgx.BeginFunc(ctx, db.Pool(), func(tx pgx.Tx) error {
		if err := store.Audit(ctx, tx, admin.ID, domain.AuditArchive, "meeting", 7, nil); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}

	history, err := db.AuditLog(ctx, "meeting", 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 3 {
		t.Fatalf("history of meeting 7: %d entries, want 3", len(history))
	}
	if h := history[0]; h.Action != domain.AuditPublish || h.UserID != admin.ID || string(h.Changes) != "{}" {
		t.Errorf("newest entry %+v %s", h, h.Changes)
	}
	if h := history[2]; h.Action != domain.AuditCreate || h.UserEmail != staff.Email {
		t.Errorf("oldest entry %+v", h)
	}
	if history, _ := db.AuditLog(ctx, "meeting", 8); len(history) != 0 {
		t.Errorf("history of meeting 8: %+v", history)
	}

	for name, c := range map[string]struct {
		q    store.AuditQuery
		want int
	}{
		"everything":            {store.AuditQuery{}, 6}, // with the two accounts' creation
		"entity":                {store.AuditQuery{Entity: "meeting"}, 3},
		"action":                {store.AuditQuery{Action: "create"}, 4},
		"author":                {store.AuditQuery{UserID: staff.ID}, 2},
		"author's email":        {store.AuditQuery{Text: "REDACTRICE"}, 3}, // her two, and her account's creation
		"text in Arabic":        {store.AuditQuery{Text: "تشاوري"}, 1},
		"text in the changes":   {store.AuditQuery{Text: "wilaya"}, 1},
		"% is literal":          {store.AuditQuery{Text: "100%_"}, 1},
		"_ is literal":          {store.AuditQuery{Text: "a_b"}, 0},
		"from the future":       {store.AuditQuery{From: time.Now().Add(time.Hour)}, 0},
		"until now":             {store.AuditQuery{To: time.Now().Add(time.Hour)}, 6},
		"nothing matches":       {store.AuditQuery{Text: "introuvable"}, 0},
		"entity and action":     {store.AuditQuery{Entity: "meeting", Action: "create"}, 1},
		"command line entities": {store.AuditQuery{Entity: "agreement", Text: "convention"}, 1},
	} {
		p, err := db.SearchAudit(ctx, c.q)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if p.Total != c.want || len(p.Items) != c.want {
			t.Errorf("%s: total %d, %d items; want %d", name, p.Total, len(p.Items), c.want)
		}
	}
	p, err := db.SearchAudit(ctx, store.AuditQuery{Per: 4, Page: 2})
	if err != nil || p.Total != 6 || len(p.Items) != 2 || p.Items[1].Entity != "user" {
		t.Errorf("page 2 of 4: %+v, %v", p, err)
	}

	err = pgx.BeginFunc(ctx, db.Pool(), func(tx pgx.Tx) error {
		return store.Audit(ctx, tx, admin.ID, "update", "meeting", 7, func() {})
	})
	if err == nil {
		t.Error("changes that cannot be encoded were accepted")
	}
}
