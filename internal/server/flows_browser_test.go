package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tachawor/internal/browsertest"
	"tachawor/internal/domain"
)

// browserSignIn signs email in through the sign-in page of lang.
func browserSignIn(t *testing.T, ctx context.Context, base, lang, email string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"+lang+"/login"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if err != nil {
		t.Fatalf("signing in %s: %v", email, err)
	}
}

// textOf returns the visible text of the first element matching sel.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// TestStaffRecordsAMeetingInTheBrowser: in each language, a staff member
// signs in, records a meeting through the form, publishes it, records an
// agreement signed at it and publishes that, and the public pages show
// both.
func TestStaffRecordsAMeetingInTheBrowser(t *testing.T) {
	e := newEnv(t, false)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	e.user(t, "agent@example.ma", domain.RoleStaff, 0)
	b := browser.Get(t)
	for _, c := range []struct{ lang, title, venue, flash, published string }{
		{"ar", "لقاء تشاوري جهوي بالرباط", "مقر ولاية جهة الرباط", "تم حفظ اللقاء", "تم نشر اللقاء"},
		{"fr", "Rencontre consultative à Rabat", "Siège de la wilaya de Rabat", "La rencontre a été enregistrée", "La rencontre a été publiée"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			ctx := b.Visitor(t, 1280)
			browserSignIn(t, ctx, srv.URL, c.lang, "agent@example.ma")
			titleAR := c.title
			if c.lang == "fr" {
				titleAR = "لقاء تشاوري جهوي بالرباط " + c.lang // Arabic is required whatever the reader's language
			}
			err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/"+c.lang+"/staff/meetings/new"),
				chromedp.SetValue(chromedp.CSS("#f-region"), "4"),
				chromedp.SendKeys(chromedp.CSS("#f-title_ar"), titleAR),
				chromedp.SendKeys(chromedp.CSS("#f-title_fr"), "Rencontre consultative à Rabat "+c.lang),
				chromedp.SendKeys(chromedp.CSS("#f-venue_ar"), c.venue),
				chromedp.SetValue(chromedp.CSS("#f-date"), "2022-01-14"),
				chromedp.SetValue(chromedp.CSS("#f-format"), "hybrid"),
				chromedp.SendKeys(chromedp.CSS("#f-agenda-0-title_ar"), "عرض حول الرقمنة"),
				chromedp.SendKeys(chromedp.CSS("#f-grant-0-programme_ar"), "دعم المقاولات الصغيرة جدا"),
				chromedp.SendKeys(chromedp.CSS("#f-grant-0-amount"), "250 000"),
				chromedp.Click(chromedp.CSS(`main form[method=post] .form-actions button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(".flash")),
			)
			if err != nil {
				t.Fatal(err)
			}
			if got := textOf(t, ctx, ".flash"); !strings.Contains(got, c.flash) {
				t.Fatalf("after saving: %q", got)
			}
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			var id int64
			if _, err := fmt.Sscanf(loc, srv.URL+"/"+c.lang+"/staff/meetings/%d", &id); err != nil {
				t.Fatalf("location %q", loc)
			}
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`form[action$="/state"] button`)),
				chromedp.WaitVisible(chromedp.CSS(".caption .tag-published")),
			)
			if err != nil {
				t.Fatal(err)
			}
			if got := textOf(t, ctx, ".flash"); !strings.Contains(got, c.published) {
				t.Errorf("after publishing: %q", got)
			}
			// The public page, as a visitor would find it from the list.
			err = chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/"+c.lang+"/meetings?region=rabat-sale-kenitra"),
				chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/%s/meetings/%d"]`, c.lang, id))),
				chromedp.WaitVisible(chromedp.CSS("h1")),
			)
			if err != nil {
				t.Fatal(err)
			}
			want := titleAR
			if c.lang == "fr" {
				want = "Rencontre consultative à Rabat fr"
			}
			if got := textOf(t, ctx, "h1"); got != want {
				t.Errorf("public heading %q, want %q", got, want)
			}
			if got := textOf(t, ctx, "main"); !strings.Contains(got, map[string]string{"ar": "250.000 درهم", "fr": "250 000 DH"}[c.lang]) {
				t.Errorf("public page lacks the grant amount")
			}
			// The agreement signed at the meeting.
			msisf, en := e.id(t, `SELECT id FROM institutions WHERE slug = 'msisf'`), e.id(t, `SELECT id FROM institutions WHERE slug = 'en'`)
			subject := map[string]string{"ar": "اتفاقية الإسعاف الاجتماعي بالرباط", "fr": "اتفاقية الإسعاف الاجتماعي بالرباط fr"}[c.lang]
			err = chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/"+c.lang+"/staff/agreements/new"),
				chromedp.SendKeys(chromedp.CSS("#f-subject_ar"), subject),
				chromedp.SendKeys(chromedp.CSS("#f-subject_fr"), "Convention d'assistance sociale à Rabat "+c.lang),
				chromedp.SetValue(chromedp.CSS("#f-party-0-institution"), fmt.Sprint(msisf)),
				chromedp.SendKeys(chromedp.CSS("#f-party-0-amount"), "1 250 000"),
				chromedp.SetValue(chromedp.CSS("#f-party-1-institution"), fmt.Sprint(en)),
				chromedp.SetValue(chromedp.CSS("#f-meeting"), fmt.Sprint(id)),
				chromedp.SetValue(chromedp.CSS("#f-region"), "4"),
				chromedp.SetValue(chromedp.CSS("#f-signed_on"), "2022-01-14"),
				chromedp.Click(chromedp.CSS(`main form[method=post] .form-actions button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`form[action$="/state"] button`)),
				chromedp.Click(chromedp.CSS(`form[action$="/state"] button`)),
				chromedp.WaitVisible(chromedp.CSS(".tag-published")),
				chromedp.Navigate(fmt.Sprintf("%s/%s/meetings/%d", srv.URL, c.lang, id)),
				chromedp.WaitVisible(chromedp.CSS("h1")),
			)
			if err != nil {
				t.Fatal(err)
			}
			wantAgreement := map[string]string{"ar": subject, "fr": "Convention d'assistance sociale à Rabat fr"}[c.lang]
			if got := textOf(t, ctx, "main"); !strings.Contains(got, wantAgreement) {
				t.Errorf("the meeting page does not show the agreement %q", wantAgreement)
			}
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`main a[href^="/`+c.lang+`/agreements/"]`)),
				chromedp.WaitVisible(chromedp.CSS("h1")),
			)
			if err != nil {
				t.Fatal(err)
			}
			if got := textOf(t, ctx, "main"); !strings.Contains(got, map[string]string{"ar": "1.250.000", "fr": "1 250 000 DH"}[c.lang]) {
				t.Errorf("the agreement page lacks the party's amount: %q", got)
			}
			shot, err := browsertest.Screenshot(ctx)
			if err != nil || len(shot) == 0 {
				t.Errorf("screenshot: %v", err)
			}
		})
	}
}

// TestExpectationJourneyInTheBrowser: in each language, a regional official
// submits an expectation and staff answer it; the answer is public.
func TestExpectationJourneyInTheBrowser(t *testing.T) {
	e := newEnv(t, false)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	e.user(t, "wali@example.ma", domain.RoleRegional, 2)
	e.user(t, "agent@example.ma", domain.RoleStaff, 0)
	axis := e.id(t, `SELECT id FROM axes WHERE slug = 'digitalisation'`)
	inst := e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`)
	b := browser.Get(t)
	for _, c := range []struct{ lang, title, answer, status string }{
		{"ar", "رقمنة مساطر الدعم الاجتماعي", "سيتم إطلاق منصة رقمية جهوية", "مقبول"},
		{"fr", "Numériser les démarches d'aide sociale", "Une plateforme régionale sera lancée", "retenue"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			official := b.Visitor(t, 375)
			browserSignIn(t, official, srv.URL, c.lang, "wali@example.ma")
			field := "#f-title_ar"
			if c.lang == "fr" {
				field = "#f-title_fr"
			}
			err := chromedp.Do(official,
				chromedp.Navigate(srv.URL+"/"+c.lang+"/staff/expectations/new"),
				chromedp.SendKeys(chromedp.CSS(field), c.title),
				chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=axes][value="%d"]`, axis))),
				chromedp.Click(chromedp.CSS(`main form[method=post] .form-actions button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`form[action$="/submit"] button`)),
				chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
				chromedp.WaitVisible(chromedp.CSS(".caption .tag-received")),
			)
			if err != nil {
				t.Fatal(err)
			}
			loc, _ := chromedp.Run(official, chromedp.Location())
			staff := b.Visitor(t, 1280)
			browserSignIn(t, staff, srv.URL, c.lang, "agent@example.ma")
			err = chromedp.Do(staff,
				chromedp.Navigate(strings.Replace(loc, "/ar/", "/"+c.lang+"/", 1)),
				chromedp.SetValue(chromedp.CSS("#f-status"), "retained"),
				chromedp.SendKeys(chromedp.CSS("#f-answer_"+c.lang), c.answer),
				chromedp.SetValue(chromedp.CSS("#f-institution"), fmt.Sprint(inst)),
				chromedp.Click(chromedp.CSS(`form[action$="/decision"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(".caption .tag-retained")),
			)
			if err != nil {
				t.Fatal(err)
			}
			// The official sees the answer on their list; the public on "you said, we did".
			err = chromedp.Do(official, chromedp.Navigate(srv.URL+"/"+c.lang+"/staff/expectations"))
			if err != nil {
				t.Fatal(err)
			}
			if got := textOf(t, official, "tbody"); !strings.Contains(got, c.title) || !strings.Contains(got, c.status) {
				t.Errorf("official's list: %q", got)
			}
			err = chromedp.Do(official, chromedp.Navigate(srv.URL+"/"+c.lang+"/expectations?region=oriental"))
			if err != nil {
				t.Fatal(err)
			}
			if got := textOf(t, official, "main"); !strings.Contains(got, c.title) || !strings.Contains(got, c.answer) {
				t.Errorf("public page: %q", got)
			}
		})
	}
}
