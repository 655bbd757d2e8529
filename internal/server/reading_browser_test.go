package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tachawor/internal/browsertest"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/locales"
)

// evaluate runs js in the tab of ctx and returns its value.
func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80s: %v", js, err)
	}
	return v
}

// tileMapJS measures each label of the tile map as drawn: its size in CSS
// pixels (its font size in the map's units times the map's scale) and
// whether it stays inside its tile.
const tileMapJS = `document.fonts.ready.then(() => [...document.querySelectorAll('svg.tile-map a')].map(a => {
	const rect = a.querySelector('rect').getBoundingClientRect();
	const scale = a.ownerSVGElement.getScreenCTM().a;
	return [...a.querySelectorAll('text')].map(t => {
		const b = t.getBoundingClientRect();
		return {
			Text: t.textContent.trim(),
			Size: parseFloat(getComputedStyle(t).fontSize) * scale,
			Inside: b.left >= rect.left - 0.5 && b.right <= rect.right + 0.5 && b.top >= rect.top - 0.5 && b.bottom <= rect.bottom + 0.5,
		};
	});
}).flat())`

// The tile map's labels read at 12 px or more on a phone, and none spills
// out of its tile on a phone or a desk, in either language.
func TestTileMapLabelsAreReadableAndInsideTheirTiles(t *testing.T) {
	e := newEnv(t, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	b := browser.Get(t)
	type label struct {
		Text   string
		Size   float64
		Inside bool
	}
	for _, p := range []string{"/ar/regions", "/fr/regions", "/ar/", "/fr/"} {
		for _, width := range []int{375, 1280} {
			ctx := b.Page(t, width)
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p)); err != nil {
				t.Fatal(err)
			}
			labels := evaluate[[]label](t, ctx, tileMapJS)
			if len(labels) < 12+4 { // twelve names, the places in the series of the four demo meetings
				t.Fatalf("%s @%d: %d labels", p, width, len(labels))
			}
			for _, l := range labels {
				if width == 375 && l.Size < 12 {
					t.Errorf("%s @%d: %q drawn at %.1f px", p, width, l.Text, l.Size)
				}
				if !l.Inside {
					t.Errorf("%s @%d: %q spills out of its tile", p, width, l.Text)
				}
			}
		}
	}
}

// printedRecord is what printedJS reads of a printed page.
type printedRecord struct {
	Header      string   // the text of the print header, if shown
	Hidden      []string // what should not print but does
	Links       int      // links printed
	Unaddressed []string // of them, those printed without their full address
}

// pdfPage is a page object of a PDF file (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// printedJS reads, as the page prints, what the record must and must not
// show.
const printedJS = `(() => {
	const shown = el => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
	const header = document.querySelector('.print-header');
	const links = [...document.querySelectorAll('main a[href^="/"]')].filter(shown);
	return {
		Header: shown(header) ? header.innerText : '',
		Hidden: ['.site-header', '.site-nav', '.search-box', '.site-footer', '.comments', '#comment-form-heading', 'main form', '.breadcrumbs']
			.filter(s => [...document.querySelectorAll(s)].some(shown)),
		Links: links.length,
		Unaddressed: links.filter(a => {
			const u = a.parentElement.querySelector(':scope > .print-url');
			const iso = u && u.querySelector('[dir=ltr]');
			return !(shown(u) && iso && iso.textContent === 'http://portal.test' + a.getAttribute('href'));
		}).map(a => a.getAttribute('href')),
	};
})()`

// The Oujda meeting prints as a record to file, in each language: the
// portal, the ministry, the page's address and the day at the top; no
// navigation, search, footer or comments; each link followed by its full
// address, isolated; three A4 pages at most.
func TestMeetingPrintsAsARecord(t *testing.T) {
	e := newEnv(t, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	b := browser.Get(t)
	catalog := mustCatalog(t)
	for _, lang := range []string{"ar", "fr"} {
		t.Run(lang, func(t *testing.T) {
			l := catalog.For(i18n.Lang(lang))
			ctx := b.Page(t, 1280)
			path := fmt.Sprintf("/%s/meetings/%d", lang, id)
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
				t.Fatal(err)
			}
			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(browsertest.ScreenshotDir(), "print-meeting-"+lang+".pdf")
			os.MkdirAll(filepath.Dir(file), 0o755)
			os.WriteFile(file, pdf, 0o644)
			pages := len(pdfPage.FindAll(pdf, -1))
			t.Logf("%s prints on %d A4 pages (%s)", path, pages, file)
			if pages < 1 || pages > 3 {
				t.Errorf("%s prints on %d A4 pages, want 3 at most", path, pages)
			}

			if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			})); err != nil {
				t.Fatal(err)
			}
			printed := evaluate[printedRecord](t, ctx, printedJS)
			header := flat(printed.Header)
			today := l.Date(time.Now().In(casablanca))
			for _, want := range []string{l.T("portal_name"), l.T("ministry_name"), "http://portal.test" + path,
				l.TData("print_date", map[string]any{"Date": today})} {
				if !strings.Contains(header, flat(want)) {
					t.Errorf("printed header %q lacks %q", header, want)
				}
			}
			if len(printed.Hidden) > 0 {
				t.Errorf("printed with %v", printed.Hidden)
			}
			if printed.Links < 5 || len(printed.Unaddressed) > 0 {
				t.Errorf("%d links printed, without their full address: %v", printed.Links, printed.Unaddressed)
			}
		})
	}
}

// mustCatalog loads the portal's messages.
func mustCatalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// casablanca is where the portal's dates are read.
var casablanca = func() *time.Location {
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		panic(err)
	}
	return loc
}()

// In a long form, Enter in a text field saves (the default button comes
// first), and adding or removing a row brings the page back to the
// section it changed.
func TestFormKeysAndPlaces(t *testing.T) {
	e := newEnv(t, false)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	e.user(t, "agent@example.ma", domain.RoleStaff, 0)
	b := browser.Get(t)
	for _, lang := range []string{"ar", "fr"} {
		t.Run(lang, func(t *testing.T) {
			ctx := b.Visitor(t, 1280)
			browserSignIn(t, ctx, srv.URL, lang, "agent@example.ma")
			rows := func() int {
				return evaluate[int](t, ctx, `document.querySelectorAll('#f-grant fieldset.repeat-row').length`)
			}
			value := func(id string) string {
				return evaluate[string](t, ctx, `document.getElementById(`+fmt.Sprintf("%q", id)+`).value`)
			}
			// submit runs steps that send the form, and waits for the page
			// that comes back.
			submit := func(steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				mark := chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`)
				all := append([]chromedp.Action[chromedp.Void]{mark}, steps...)
				all = append(all, chromedp.WaitNotPresent(chromedp.CSS("body[data-before]")), chromedp.WaitReady(chromedp.CSS("footer")))
				if err := chromedp.Do(ctx, all...); err != nil {
					t.Fatal(err)
				}
			}
			checkPlace := func(what string) {
				t.Helper()
				loc, _ := chromedp.Run(ctx, chromedp.Location())
				if !strings.HasSuffix(loc, "#s-grant") {
					t.Errorf("after %s: at %s, want the section of the grants", what, loc)
				}
				top := evaluate[float64](t, ctx, `document.getElementById('s-grant').getBoundingClientRect().top`)
				if scrolled := evaluate[float64](t, ctx, `scrollY`); scrolled < 100 || top < -1 || top > 100 {
					t.Errorf("after %s: the section is at %.0f px, the page scrolled by %.0f", what, top, scrolled)
				}
			}
			err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+lang+"/staff/meetings/new"))
			if err != nil {
				t.Fatal(err)
			}
			before := rows()

			// Adding a row comes back to the grants, scrolled to them,
			// with what was typed.
			submit(
				chromedp.SendKeys(chromedp.CSS("#f-title_ar"), "لقاء تشاوري"),
				chromedp.SendKeys(chromedp.CSS("#f-grant-0-programme_ar"), "الشرق مبادرة"),
				chromedp.Click(chromedp.CSS(`button[name=add_row][value=grant]`)),
			)
			checkPlace("adding a row")
			if got := rows(); got <= before {
				t.Errorf("%d rows after adding one to %d", got, before)
			}
			if v := value("f-title_ar"); v != "لقاء تشاوري" {
				t.Errorf("title after adding a row: %q", v)
			}
			// Removing the first row comes back there too.
			submit(
				chromedp.SendKeys(chromedp.CSS("#f-grant-1-programme_ar"), "برنامج ثان"),
				chromedp.Click(chromedp.CSS(`button[name=remove_row][value="grant-0"]`)),
			)
			checkPlace("removing a row")
			if v := value("f-grant-0-programme_ar"); v != "برنامج ثان" {
				t.Errorf("first grant after removing the first one: %q", v)
			}
			before = rows()

			// Enter in a text field saves: with a required field missing,
			// the form comes back with its errors and no new row.
			submit(chromedp.SendKeys(chromedp.CSS("#f-venue_ar"), "مقر الولاية"+kb.Enter))
			if n := evaluate[int](t, ctx, `document.querySelectorAll('.error-summary li').length`); n == 0 {
				t.Error("Enter with required fields missing: no error summary")
			}
			if got := rows(); got != before {
				t.Errorf("Enter changed the rows: %d, want %d", got, before)
			}
			// Complete, Enter saves the meeting.
			submit(
				chromedp.SetValue(chromedp.CSS("#f-region"), "2"),
				chromedp.SetValue(chromedp.CSS("#f-format"), "hybrid"),
				chromedp.SetValue(chromedp.CSS("#f-date"), "19/01/2022"),
				chromedp.SendKeys(chromedp.CSS("#f-title_fr"), "Rencontre"+kb.Enter),
			)
			if evaluate[int](t, ctx, `document.querySelectorAll('.flash').length`) != 1 {
				t.Error("Enter in a complete form: no flash")
			}
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			if !regexp.MustCompile(`/staff/meetings/\d+$`).MatchString(loc) {
				t.Errorf("after Enter: at %s, want the saved meeting", loc)
			}
		})
	}
}
