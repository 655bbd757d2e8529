package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestRootRedirectsToTheReadersLanguage(t *testing.T) {
	e := newEnv(t, false)
	for _, c := range []struct {
		accept, cookie, want string
	}{
		{"", "", "/ar/"},
		{"fr-FR,fr;q=0.9,en;q=0.8", "", "/fr/"},
		{"en-US,en;q=0.9", "", "/ar/"},
		{"ar-MA,fr;q=0.5", "", "/ar/"},
		{"fr", "ar", "/ar/"},
		{"", "fr", "/fr/"},
		{"", "xx", "/ar/"},
	} {
		h := map[string]string{"Accept-Language": c.accept}
		if c.cookie != "" {
			h["Cookie"] = "lang=" + c.cookie
		}
		res := e.do(t, http.MethodGet, "/", h, nil)
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != c.want {
			t.Errorf("Accept-Language %q cookie %q: %d %q, want %s", c.accept, c.cookie, res.StatusCode, res.Header.Get("Location"), c.want)
		}
	}
}

func TestLanguageSwitchRemembersTheChoice(t *testing.T) {
	e := newEnv(t, false)
	res := e.get(t, "/lang/fr?next=%2Ffr%2Fmeetings%3Fregion%3Doriental")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/meetings?region=oriental" {
		t.Fatalf("switch: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c := res.Cookies(); len(c) != 1 || c[0].Name != "lang" || c[0].Value != "fr" || !c[0].HttpOnly {
		t.Fatalf("cookie: %+v", c)
	}
	// Never a redirect off the site or to the other language.
	for _, next := range []string{"https://evil.example/", "//evil.example/fr/", "/ar/meetings", "javascript:alert(1)", "/fr", "%2F%2Fevil"} {
		res := e.get(t, "/lang/fr?next="+next)
		if loc := res.Header.Get("Location"); loc != "/fr/" && loc != "/fr" {
			t.Errorf("next=%s went to %q", next, loc)
		}
	}
	if res := e.get(t, "/lang/en?next=/en/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
}

// publicPaths are the pages every public test walks, with the demo content.
var publicPaths = []string{"/", "/strategy", "/strategy/convergence", "/strategy/territorial-equity", "/regions",
	"/regions/oriental", "/regions/souss-massa", "/meetings", "/meetings?region=oriental", "/meetings/1",
	"/agreements", "/agreements?axis=partnerships&status=signed", "/agreements/1", "/search?q=%D8%A7%D8%B3%D8%AA%D8%B1%D8%A7%D8%AA%D9%8A%D8%AC%D9%8A%D8%A9", "/data", "/dashboard",
	"/expectations", "/expectations?region=oriental"}

func TestEveryPublicPageInBothLanguages(t *testing.T) {
	e := newEnv(t, true)
	for _, lang := range []string{"ar", "fr"} {
		dir := map[string]string{"ar": "rtl", "fr": "ltr"}[lang]
		other := map[string]string{"ar": "fr", "fr": "ar"}[lang]
		for _, p := range publicPaths {
			t.Run(lang+p, func(t *testing.T) {
				doc := e.page(t, "/"+lang+p, http.StatusOK)
				html := doc.Find("html")
				if l, _ := html.Attr("lang"); l != lang {
					t.Errorf("lang=%q", l)
				}
				if d, _ := html.Attr("dir"); d != dir {
					t.Errorf("dir=%q", d)
				}
				if title := text(doc.Find("title")); title == "" || strings.HasPrefix(title, "·") {
					t.Errorf("title %q", title)
				}
				if n := doc.Find("h1").Length(); n != 1 {
					t.Errorf("%d h1", n)
				}
				if h, _ := doc.Find(`link[rel=alternate][hreflang=` + other + `]`).Attr("href"); h != "http://portal.test/"+other+p {
					t.Errorf("hreflang %s: %q", other, h)
				}
				if h, _ := doc.Find(`link[rel=canonical]`).Attr("href"); h != "http://portal.test/"+lang+p {
					t.Errorf("canonical: %q", h)
				}
				sw := doc.Find("a.lang-switch")
				if l, _ := sw.Attr("lang"); l != other {
					t.Errorf("switch lang=%q", l)
				}
				if h, _ := sw.Attr("href"); !strings.HasPrefix(h, "/lang/"+other+"?next=") {
					t.Errorf("switch href %q", h)
				}
				if doc.Find("a.skip-link[href='#content']").Length() != 1 || doc.Find("main#content").Length() != 1 {
					t.Error("no skip link to the content")
				}
				body, _ := doc.Html()
				if i := strings.Index(body, "[["); i >= 0 {
					t.Errorf("missing message: %.80s", body[i:])
				}
			})
		}
	}
}

func TestHomeShowsStrategyAxesAndRegionsInBothLanguages(t *testing.T) {
	e := newEnv(t, false)
	for _, lang := range []string{"ar", "fr"} {
		doc := e.page(t, "/"+lang+"/", http.StatusOK)
		axes := doc.Find("#strategy-h ~ ol.grid > li")
		if axes.Length() != 7 {
			t.Fatalf("%s: %d axes", lang, axes.Length())
		}
		page := text(doc.Find("main"))
		for _, want := range []string{"الإلتقائية", "Convergence", "المساواة والعدالة المجالية", "Égalité et équité territoriale",
			"جهة الشرق", "L'Oriental", "جهة الداخلة وادي الذهب", "Dakhla-Oued Ed-Dahab", "Tanger-Tétouan-Al Hoceïma"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s home lacks %q", lang, want)
			}
		}
		if n := doc.Find("#regions-h ~ div ul.item-list > li").Length(); n != 12 {
			t.Errorf("%s: %d regions listed", lang, n)
		}
		if n := doc.Find("svg.tile-map a").Length(); n != 12 {
			t.Errorf("%s: %d tiles", lang, n)
		}
	}
	// Arabic plural forms come through: 0 meetings in an empty database.
	doc := e.page(t, "/ar/", http.StatusOK)
	if got := text(doc.Find("ul.meta li").First()); got != "لا لقاء" {
		t.Errorf("meetings count %q", got)
	}
}

func TestMeetingPageShowsEverythingRecorded(t *testing.T) {
	e := newEnv(t, true)
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	doc := e.page(t, fmt.Sprintf("/fr/meetings/%d", id), http.StatusOK)
	summary := text(doc.Find("dl.summary"))
	for _, want := range []string{"L'Oriental", "Siège de la Wilaya de la Région de l'Oriental, Oujda", "19 janvier 2022",
		"hybride", "6e étape", "Aawatif Hayar"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q: %s", want, summary)
		}
	}
	if n := doc.Find("table tbody tr").First().Parent().Children().Length(); n != 3 {
		t.Errorf("%d officials", n)
	}
	main := text(doc.Find("main"))
	for _, want := range []string{"Mouad Jamai", "Abdennabi Bioui", "Étude régionale sur la vulnérabilité",
		"province de Berkane", "services mobiles d'assistance sociale", "autonomisation économique des femmes",
		"Al Charq Moubadara", "Oujda", "Données de démonstration", "Procès-verbal", "1re étape", "8e étape"} {
		if !strings.Contains(main, want) {
			t.Errorf("meeting page lacks %q", want)
		}
	}
	ar := e.page(t, fmt.Sprintf("/ar/meetings/%d", id), http.StatusOK)
	arMain := text(ar.Find("main"))
	for _, want := range []string{"مقر ولاية جهة الشرق بوجدة", "19 يناير 2022", "حضوري وعن بعد", "المحطة 6", "عواطف حيار", "الدراسة الجهوية للهشاشة"} {
		if !strings.Contains(arMain, want) {
			t.Errorf("Arabic meeting page lacks %q", want)
		}
	}
}

// A record without the reader's language shows the other one, marked.
func TestMissingTranslationFallsBackVisibly(t *testing.T) {
	e := newEnv(t, false)
	id := e.id(t, `INSERT INTO meetings (region_id, title_ar, venue_ar, starts_at, format, state)
		VALUES (7, 'لقاء بمراكش', 'مراكش', '2022-01-12 10:00+01', 'in_person', 'published') RETURNING id`)
	doc := e.page(t, fmt.Sprintf("/fr/meetings/%d", id), http.StatusOK)
	span := doc.Find("h1 span.fallback")
	if l, _ := span.Attr("lang"); l != "ar" || text(span) != "لقاء بمراكش" {
		t.Fatalf("fallback title: lang %q text %q", l, text(span))
	}
	if d, _ := span.Attr("dir"); d != "rtl" {
		t.Errorf("fallback dir %q", d)
	}
	if !strings.Contains(text(doc.Find("h1")), "en arabe") {
		t.Errorf("fallback not announced: %q", text(doc.Find("h1")))
	}
}

func TestUnknownAddressesAreLocalized404(t *testing.T) {
	e := newEnv(t, true)
	for _, c := range []struct{ path, lang, heading string }{
		{"/ar/meetings/999999", "ar", "الصفحة غير موجودة"},
		{"/fr/meetings/999999", "fr", "Page introuvable"},
		{"/fr/meetings/abc", "fr", "Page introuvable"},
		{"/fr/meetings/01", "fr", "Page introuvable"},
		{"/ar/agreements/0", "ar", "الصفحة غير موجودة"},
		{"/fr/strategy/nope", "fr", "Page introuvable"},
		{"/ar/regions/atlantis", "ar", "الصفحة غير موجودة"},
		{"/fr/nothing/here", "fr", "Page introuvable"},
		{"/nothing", "ar", "الصفحة غير موجودة"},
		{"/data/secrets.csv", "ar", "الصفحة غير موجودة"},
		{"/static/app.css", "ar", ""},
	} {
		res := e.get(t, c.path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", c.path, res.StatusCode)
			continue
		}
		if c.heading == "" {
			continue
		}
		doc := e.page(t, c.path, http.StatusNotFound)
		if l, _ := doc.Find("html").Attr("lang"); l != c.lang || text(doc.Find("h1")) != c.heading {
			t.Errorf("%s: lang %q h1 %q", c.path, l, text(doc.Find("h1")))
		}
	}
}

func TestMalformedFiltersGive400(t *testing.T) {
	e := newEnv(t, true)
	for _, p := range []string{"/ar/meetings?page=abc", "/ar/meetings?page=-1", "/fr/meetings?page=0", "/fr/meetings?year=20x",
		"/fr/meetings?year=99999999999999999999", "/ar/meetings?format=zzz", "/ar/meetings?region=Oriental%27--",
		"/fr/agreements?status=lost", "/fr/agreements?party=%3Cscript%3E", "/ar/meetings?region=a&region=b",
		"/ar/search?q=" + strings.Repeat("x", 201), "/ar/search?q=%FF%FE"} {
		doc := e.page(t, p, http.StatusBadRequest)
		if text(doc.Find("h1")) == "" {
			t.Errorf("%s: no heading", p)
		}
	}
	// A page past the end is not an error: it says where the list ends,
	// and does not claim that nothing matches.
	doc := e.page(t, "/fr/meetings?page=40", http.StatusOK)
	if got := text(doc.Find("main .empty")); !strings.Contains(got, "la liste s’arrête à la page 1") || strings.Contains(got, "Aucune rencontre ne correspond") {
		t.Errorf("past the last page: %q", got)
	}
	if href, _ := doc.Find("main .empty a").Attr("href"); href != "/fr/meetings" {
		t.Errorf("link to the last page %q", href)
	}
}

func TestEmptyStatesSaySoInWords(t *testing.T) {
	e := newEnv(t, false)
	doc := e.page(t, "/fr/regions/oriental", http.StatusOK)
	if !strings.Contains(text(doc.Find("main")), "Aucune rencontre enregistrée pour cette région") {
		t.Error("region page: no empty state for meetings")
	}
	if n := doc.Find("ul.grid li").Length(); n != 8 {
		t.Errorf("%d provinces of the Oriental", n)
	}
	doc = e.page(t, "/ar/meetings", http.StatusOK)
	if !strings.Contains(text(doc.Find("p.empty")), "لا يوجد لقاء") {
		t.Errorf("meetings: %q", text(doc.Find("p.empty")))
	}
}
