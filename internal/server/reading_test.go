package server_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
)

// The header names the portal in both scripts and the ministry in the
// reader's language; the footer leads to the privacy notice, the
// accessibility statement and the contact page, which answer in both
// languages.
func TestHeaderAndFooterSayWhoRunsThePortal(t *testing.T) {
	e := newEnv(t, true)
	c := mustCatalog(t)
	for _, lang := range []string{"ar", "fr"} {
		l := c.For(i18n.Lang(lang))
		doc := e.page(t, "/"+lang+"/meetings", http.StatusOK)
		brand := text(doc.Find("header .brand"))
		for _, want := range []string{"تشاور", "Tachawor", l.T("ministry_name")} {
			if !strings.Contains(brand, flat(want)) {
				t.Errorf("%s: the header %q does not name %q", lang, brand, want)
			}
		}
		if doc.Find("header details.menu > summary").Length() != 1 || doc.Find("header details.menu nav.site-nav a").Length() != 8 {
			t.Errorf("%s: the navigation is not in the header's disclosure", lang)
		}
		for _, p := range []string{"/privacy", "/accessibility", "/contact"} {
			a := doc.Find(`footer a[href="/` + lang + p + `"]`)
			if a.Length() != 1 || text(a) == "" {
				t.Errorf("%s: the footer does not link %s", lang, p)
				continue
			}
			page := e.page(t, "/"+lang+p, http.StatusOK)
			if h1 := text(page.Find("main h1")); h1 == "" || !strings.Contains(text(page.Find("title")), h1) {
				t.Errorf("%s%s: heading %q, title %q", lang, p, h1, text(page.Find("title")))
			}
		}
	}
}

// The privacy notice says what comments collect, why, for how long (the
// periods the portal enforces), who to write to, under law 09-08 and the
// CNDP.
func TestPrivacyNoticeStatesWhatThePortalEnforces(t *testing.T) {
	e := newEnv(t, false)
	c := mustCatalog(t)
	for _, lang := range []string{"ar", "fr"} {
		l := c.For(i18n.Lang(lang))
		doc := e.page(t, "/"+lang+"/privacy", http.StatusOK)
		main := text(doc.Find("main"))
		days := func(d int) string { return l.N("days_count", d) }
		for _, want := range []string{
			days(int(domain.CommentIPRetention.Hours() / 24)),
			days(int(domain.CommentEmailRetention.Hours() / 24)),
			days(int(auth.AttemptRetention.Hours() / 24)),
			map[string]string{"ar": "09.08", "fr": "09-08"}[lang],
			"www.cndp.ma",
			l.T("privacy_collect_email"), l.T("privacy_collect_network"), l.T("privacy_why"),
		} {
			if !strings.Contains(main, flat(want)) {
				t.Errorf("%s: the notice lacks %q", lang, want)
			}
		}
		if doc.Find(`main a[href="/`+lang+`/contact"]`).Length() == 0 {
			t.Errorf("%s: the notice does not say who to write to", lang)
		}
	}
	if days := domain.CommentIPRetention.Hours() / 24; days != 30 {
		t.Errorf("network addresses kept %v days; the notice's words were written for 30", days)
	}
}

// A meeting held within one day gives its date once, with its hours; one
// over several days gives both ends.
func TestMeetingDateIsWrittenOnce(t *testing.T) {
	e := newEnv(t, true)
	ctx := context.Background()
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	for _, c := range []struct {
		end    string
		ar, fr string
	}{
		{"2022-01-19 13:00:00+01", "19 يناير 2022، من 10:00 إلى 13:00", "19 janvier 2022, de 10 h 00 à 13 h 00"},
		{"2022-01-20 12:30:00+01", "من 19 يناير 2022 على الساعة 10:00 إلى 20 يناير 2022 على الساعة 12:30",
			"Du 19 janvier 2022 à 10 h 00 au 20 janvier 2022 à 12 h 30"},
	} {
		if _, err := e.db.Pool().Exec(ctx, `UPDATE meetings SET ends_at = $2 WHERE id = $1`, id, c.end); err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string]string{"ar": c.ar, "fr": c.fr} {
			doc := e.page(t, fmt.Sprintf("/%s/meetings/%d", lang, id), http.StatusOK)
			if got := text(rowValue(doc, map[string]string{"ar": "التاريخ", "fr": "Date"}[lang])); got != want {
				t.Errorf("%s, ending %s: %q, want %q", lang, c.end, got, want)
			}
		}
	}
}

// An attachment says what it is in words and how big, in the reader's
// language.
func TestAttachmentsAreDescribedInWords(t *testing.T) {
	e := newEnv(t, true)
	ctx := context.Background()
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	item := e.id(t, fmt.Sprintf(`SELECT id FROM agenda_items WHERE meeting_id = %d ORDER BY position LIMIT 1`, id))
	data := make([]byte, 27*1024-100)
	sum := sha256.Sum256(data)
	for _, ct := range []string{"application/pdf", "image/png"} {
		if _, err := e.db.Pool().Exec(ctx, `INSERT INTO attachments (agenda_item_id, filename, content_type, size_bytes, sha256, data)
			VALUES ($1, 'etude.pdf', $2, $3, $4, $5)`, item, ct, len(data), sum[:], data); err != nil {
			t.Fatal(err)
		}
	}
	for lang, want := range map[string][]string{
		"ar": {"(PDF، 27 ك.ب)", "(صورة PNG، 27 ك.ب)"},
		"fr": {"(PDF, 27 Ko)", "(image PNG, 27 Ko)"},
	} {
		doc := e.page(t, fmt.Sprintf("/%s/meetings/%d", lang, id), http.StatusOK)
		var got []string
		doc.Find(`a[href*="/attachments/"] + span.muted`).Each(func(_ int, s *goquery.Selection) { got = append(got, text(s)) })
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: attachments described as %q, want %q", lang, got, want)
		}
		if strings.Contains(text(doc.Find("main")), "application/") || strings.Contains(text(doc.Find("main")), "KB") {
			t.Errorf("%s: a content type or KB shows", lang)
		}
	}
}

// Required fields say so in words in their label; the empty choice of a
// select says "—" or that nothing is stated, and a filter's "all" agrees
// with its noun.
func TestFormsMarkRequiredFieldsAndEmptyChoicesInWords(t *testing.T) {
	e := newEnv(t, true)
	staff := e.as(t, domain.RoleStaff, 0)
	doc := e.page2(t, staff, "/fr/staff/meetings/new")
	for id, want := range map[string]string{
		"f-region":   "Région (obligatoire)",
		"f-title_ar": "Titre (en arabe, obligatoire)",
		"f-title_fr": "Titre (en français)",
		"f-series":   "Rang dans la série",
	} {
		if got := text(doc.Find(`label[for="` + id + `"]`)); got != want {
			t.Errorf("label of %s: %q, want %q", id, got, want)
		}
	}
	if got := text(doc.Find("#f-chair option").First()); got != "Non précisé" {
		t.Errorf("the chair's empty choice: %q", got)
	}
	if got := text(doc.Find("#f-region option").First()); got != "—" {
		t.Errorf("the region's empty choice: %q", got)
	}
	ar := e.page2(t, staff, "/ar/staff/meetings/new")
	if got := text(ar.Find(`label[for="f-title_ar"]`)); got != "العنوان (بالعربية، إلزامي)" {
		t.Errorf("Arabic label: %q", got)
	}
	for _, opt := range []struct{ path, sel, want string }{
		{"/fr/meetings", "#f-region", "Toutes les régions"},
		{"/fr/meetings", "#f-year", "Toutes les années"},
		{"/fr/meetings", "#f-format", "Tous les formats"},
		{"/fr/agreements", "#f-axis", "Tous les axes"},
		{"/ar/meetings", "#f-region", "كل الجهات"},
	} {
		if got := text(e.page(t, opt.path, http.StatusOK).Find(opt.sel + " option").First()); got != opt.want {
			t.Errorf("%s %s: %q, want %q", opt.path, opt.sel, got, opt.want)
		}
	}
}
