package store_test

import (
	"context"
	"testing"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

func TestMeetingsFilters(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	for _, c := range []struct {
		name string
		f    store.MeetingFilter
		want int
	}{
		{"all", store.MeetingFilter{}, 4},
		{"region", store.MeetingFilter{Region: "oriental"}, 1},
		{"unknown region", store.MeetingFilter{Region: "atlantis"}, 0},
		{"year 2021", store.MeetingFilter{Year: 2021}, 1},
		{"year 2022", store.MeetingFilter{Year: 2022}, 3},
		{"hybrid", store.MeetingFilter{Format: "hybrid"}, 1},
		{"axis", store.MeetingFilter{Axis: "digitalisation"}, 1},
		{"region and year", store.MeetingFilter{Region: "oriental", Year: 2021}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := db.Meetings(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != c.want || len(p.Items) != c.want {
				t.Fatalf("total %d, items %d, want %d", p.Total, len(p.Items), c.want)
			}
		})
	}
	// Newest first, paginated.
	p, err := db.Meetings(ctx, store.MeetingFilter{Per: 3, Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Pages() != 2 || len(p.Items) != 3 || p.Items[0].SeriesPosition != 12 || p.Items[2].SeriesPosition != 6 {
		t.Fatalf("page 1: pages %d, items %+v", p.Pages(), p.Items)
	}
	p, err = db.Meetings(ctx, store.MeetingFilter{Per: 3, Page: 2})
	if err != nil || len(p.Items) != 1 || p.Items[0].SeriesPosition != 1 || p.Total != 4 {
		t.Fatalf("page 2: %+v %v", p, err)
	}
	p, err = db.Meetings(ctx, store.MeetingFilter{Per: 3, Page: 9})
	if err != nil || len(p.Items) != 0 || p.Total != 4 {
		t.Fatalf("past the end: %+v %v", p, err)
	}
}

func TestMeetingDetail(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	var id int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	m, err := db.Meeting(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if m.SeriesPosition != 6 || m.RegionSlug != "oriental" || m.Format != "hybrid" || !m.Demo {
		t.Errorf("summary: %+v", m.MeetingSummary)
	}
	if m.Chair == nil || m.Chair.Name.AR != "عواطف حيار" || m.Chair.Name.FR != "Aawatif Hayar" {
		t.Errorf("chair: %+v", m.Chair)
	}
	if len(m.Attendees) != 3 || m.Attendees[1].Name.FR != "Mouad Jamai" || m.Attendees[2].Institution.FR != "Conseil de la Région de l'Oriental" {
		t.Errorf("attendees: %+v", m.Attendees)
	}
	if len(m.Agenda) != 4 || m.Agenda[1].Title.AR != "الدراسة الجهوية للهشاشة" {
		t.Errorf("agenda: %+v", m.Agenda)
	}
	if len(m.Agreements) != 2 || len(m.Grants) != 1 || len(m.Visits) != 1 || len(m.Axes) != 7 || len(m.Fields) != 4 {
		t.Errorf("agreements %d grants %d visits %d axes %d fields %d", len(m.Agreements), len(m.Grants), len(m.Visits), len(m.Axes), len(m.Fields))
	}
	if m.Previous == nil || m.Previous.SeriesPosition != 1 || m.Next == nil || m.Next.SeriesPosition != 8 {
		t.Errorf("neighbours: %+v %+v", m.Previous, m.Next)
	}
	if _, err := db.Meeting(ctx, 999999, true); domain.ErrorCode(err) != domain.NotFound {
		t.Errorf("unknown id: %v", err)
	}
}

// Drafts and archived records never reach the public; staff still see them.
func TestDraftsAreNotPublic(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	var id, aid int64
	err := db.Pool().QueryRow(ctx, `INSERT INTO meetings (region_id, title_ar, venue_ar, starts_at, format)
		VALUES (3, 'لقاء مسودة', 'فاس', now(), 'remote') RETURNING id`).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Pool().QueryRow(ctx, `INSERT INTO agreements (region_id, subject_ar, state) VALUES (3, 'اتفاقية مؤرشفة', 'archived') RETURNING id`).Scan(&aid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meeting(ctx, id, true); domain.ErrorCode(err) != domain.NotFound {
		t.Errorf("public read of a draft: %v", err)
	}
	if m, err := db.Meeting(ctx, id, false); err != nil || m.State != "draft" {
		t.Errorf("staff read of a draft: %v %v", m.State, err)
	}
	if p, _ := db.Meetings(ctx, store.MeetingFilter{Region: "fes-meknes"}); p.Total != 0 {
		t.Errorf("draft listed: %+v", p)
	}
	if _, err := db.Agreement(ctx, aid, true); domain.ErrorCode(err) != domain.NotFound {
		t.Errorf("public read of an archived agreement: %v", err)
	}
	if p, _ := db.Agreements(ctx, store.AgreementFilter{Region: "fes-meknes"}); p.Total != 0 {
		t.Errorf("archived agreement listed: %+v", p)
	}
	if res, _ := db.Search(ctx, "مسودة", 1, 20, 0); res.Total != 0 {
		t.Errorf("draft found by search: %+v", res)
	}
}

func TestAgreementsFilters(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	for _, c := range []struct {
		name string
		f    store.AgreementFilter
		want int
	}{
		{"all", store.AgreementFilter{}, 3},
		{"region", store.AgreementFilter{Region: "oriental"}, 3},
		{"other region", store.AgreementFilter{Region: "souss-massa"}, 0},
		{"axis", store.AgreementFilter{Axis: "partnerships"}, 3},
		{"axis 2", store.AgreementFilter{Axis: "territorial-equity"}, 1},
		{"party", store.AgreementFilter{Party: "anapec"}, 1},
		{"status", store.AgreementFilter{Status: "signed"}, 3},
		{"status none", store.AgreementFilter{Status: "suspended"}, 0},
		{"year", store.AgreementFilter{Year: 2022}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := db.Agreements(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != c.want || len(p.Items) != c.want {
				t.Fatalf("total %d, items %d, want %d", p.Total, len(p.Items), c.want)
			}
		})
	}
	var id int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM agreements WHERE ref = 'oujda-2022-mobile-emergency'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	a, err := db.Agreement(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Parties) != 3 || a.Parties[0].Institution.Slug != "msisf" || a.Parties[0].AmountDH == nil || *a.Parties[0].AmountDH != 6000000 {
		t.Errorf("parties: %+v", a.Parties)
	}
	if a.MeetingID == nil || len(a.Provinces) != 8 || len(a.Milestones) != 2 || a.Milestones[1].Percent != 60 || len(a.Axes) != 2 {
		t.Errorf("agreement: meeting %v provinces %d milestones %+v axes %d", a.MeetingID, len(a.Provinces), a.Milestones, len(a.Axes))
	}
}
