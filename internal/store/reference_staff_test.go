package store_test

import (
	"context"
	"errors"
	"testing"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

func TestInstitutionSlugsAndArchiving(t *testing.T) {
	db := newDB(t, false)
	ctx := context.Background()
	in := domain.InstitutionInput{Name: domain.Text{AR: "وكالة", FR: "Agence de Développement Social"}}
	in.Slug = in.GenerateSlug()
	if in.Slug != "agence-de-developpement-social" {
		t.Fatalf("generated slug %q", in.Slug)
	}
	id1, slug1, err := db.CreateInstitution(ctx, "", in, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, slug2, err := db.CreateInstitution(ctx, "", in, true, 0)
	if err != nil || slug1 != "agence-de-developpement-social" || slug2 != "agence-de-developpement-social-2" {
		t.Errorf("generated slugs %q, %q (%v)", slug1, slug2, err)
	}
	typed := in
	typed.Slug = "ads"
	if _, _, err := db.CreateInstitution(ctx, "", typed, false, 0); !errors.Is(err, store.ErrSlugTaken) {
		t.Errorf("typed slug taken: %v", err)
	}
	// Saving with its own slug is no clash; a stale version is refused.
	rec, _ := db.InstitutionForEdit(ctx, id1)
	if err := db.UpdateInstitution(ctx, id1, rec.Version, rec.Input, false, 0); err != nil {
		t.Errorf("saving unchanged: %v", err)
	}
	if err := db.UpdateInstitution(ctx, id1, rec.Version, rec.Input, false, 0); !errors.Is(err, domain.ErrVersionConflict) {
		t.Errorf("stale save: %v", err)
	}
	if err := db.SetInstitutionArchived(ctx, id1, rec.Version+1, true, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.SetInstitutionArchived(ctx, id1, rec.Version+2, true, 0); domain.ErrorCode(err) != domain.Invalid {
		t.Errorf("archiving twice: %v", err)
	}
	offered, _ := db.InstitutionOptions(ctx)
	kept, _ := db.InstitutionOptions(ctx, id1)
	if len(kept) != len(offered)+1 {
		t.Errorf("options: %d offered, %d with the archived one included", len(offered), len(kept))
	}
	for _, i := range offered {
		if i.ID == id1 {
			t.Error("archived institution offered")
		}
	}
	public, _ := db.Institutions(ctx)
	if len(public) != len(offered) {
		t.Errorf("public list %d, options %d", len(public), len(offered))
	}
	var actions string
	if err := db.Pool().QueryRow(ctx, `SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity = 'institution' AND entity_id = $1`, id1).Scan(&actions); err != nil {
		t.Fatal(err)
	}
	if actions != "create,update,archive" {
		t.Errorf("audit: %s", actions)
	}
}
