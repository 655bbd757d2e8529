package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Each word of issue 13 finds the Oujda meeting, and the result says what
// tells it apart from the other meetings of the same title: its kind, its
// region, its date and its place in the series.
func TestSearchFindsTheOujdaMeeting(t *testing.T) {
	e := newEnv(t, true)
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	for _, c := range []struct{ lang, q, region, date, place string }{
		{"ar", "حيار", "الشرق", "2022-01-19", "6"},
		{"fr", "Hayar", "Oriental", "2022-01-19", "6e étape"},
		{"fr", "Bioui", "Oriental", "2022-01-19", "6e étape"},
		{"ar", "الجامعي", "الشرق", "2022-01-19", "6"},
		{"ar", "الهشاشة", "الشرق", "2022-01-19", "6"},
		{"fr", "vulnérabilité", "Oriental", "2022-01-19", "6e étape"},
		{"ar", "الدراسة الجهوية", "الشرق", "2022-01-19", "6"},
		{"ar", "زيارة ميدانية", "الشرق", "2022-01-19", "6"},
	} {
		doc := e.page(t, "/"+c.lang+"/search?q="+url.QueryEscape(c.q), http.StatusOK)
		var hit *goquery.Selection
		doc.Find("ol.item-list > li").Each(func(_ int, li *goquery.Selection) {
			if href, _ := li.Find("h2 a").Attr("href"); href == fmt.Sprintf("/%s/meetings/%d", c.lang, id) {
				hit = li
			}
		})
		if hit == nil {
			t.Errorf("%q does not find the Oujda meeting: %s", c.q, text(doc.Find("main")))
			continue
		}
		meta := text(hit.Find("ul.meta"))
		date, _ := hit.Find("ul.meta time").Attr("datetime")
		if !strings.Contains(meta, c.region) || date != c.date || !strings.Contains(meta, c.place) {
			t.Errorf("%q: the result says %q (date %s), want the region, the date and the place in the series", c.q, meta, date)
		}
		if hit.Find("mark").Length() == 0 && c.q != "Bioui" && c.q != "الجامعي" {
			t.Errorf("%q: nothing highlighted in %q", c.q, text(hit.Find("p")))
		}
	}
	// Past the ranked pages: no hit, the true count, where the results end.
	first := text(e.page(t, "/fr/search?q=Oujda", http.StatusOK).Find(`main p[role="status"]`))
	doc := e.page(t, "/fr/search?q=Oujda&page=11", http.StatusOK)
	if doc.Find("ol.item-list > li").Length() != 0 || text(doc.Find(`main p[role="status"]`)) != first ||
		!strings.Contains(text(doc.Find("main .empty")), "la liste s’arrête à la page") {
		t.Errorf("page 11: %s (page 1: %s)", text(doc.Find("main")), first)
	}
}
