package server_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// atomDoc is what RFC 4287 requires of a feed and its entries, as read
// by encoding/xml in the Atom namespace.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel      string `xml:"rel,attr"`
		Type     string `xml:"type,attr"`
		Href     string `xml:"href,attr"`
		Hreflang string `xml:"hreflang,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Category struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Summary struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
	} `xml:"entry"`
}

func readAtom(t *testing.T, e *env, path string) atomDoc {
	t.Helper()
	res := e.get(t, path)
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("%s: %d %q", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	var f atomDoc
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	// RFC 4287 4.1.1: one id, title and updated; an author (here the
	// feed's); a self link. 4.1.2: each entry an id, a title, an updated
	// and an alternate link. Dates are RFC 3339.
	if f.ID == "" || f.Title == "" || len(f.Author) != 1 || f.Author[0].Name == "" {
		t.Errorf("%s: feed %+v", path, f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("%s: updated %q", path, f.Updated)
	}
	var self bool
	for _, l := range f.Links {
		self = self || l.Rel == "self" && l.Href == "http://portal.test"+path
	}
	if !self {
		t.Errorf("%s: no self link: %+v", path, f.Links)
	}
	ids := map[string]bool{}
	for _, en := range f.Entries {
		at, err := time.Parse(time.RFC3339, en.Updated)
		if en.ID == "" || ids[en.ID] || en.Title == "" || err != nil || en.Link.Rel != "alternate" ||
			!strings.HasPrefix(en.Link.Href, "http://portal.test/") || en.Summary.Type != "text" || en.Summary.Text == "" {
			t.Errorf("%s: entry %+v", path, en)
		}
		if f.Updated < en.Updated || at.After(time.Now().Add(time.Minute)) {
			t.Errorf("%s: entry updated %s after the feed's %s", path, en.Updated, f.Updated)
		}
		ids[en.ID] = true
	}
	return f
}

func TestAtomFeeds(t *testing.T) {
	e, ids := newAccountabilityEnv(t)
	fr := readAtom(t, e, "/fr/feed.atom")
	if fr.Lang != "fr" || fr.Title != msg(t, "fr", "feed_title") {
		t.Errorf("lang %q title %q", fr.Lang, fr.Title)
	}
	kinds := map[string]int{}
	links := map[string]bool{}
	for _, en := range fr.Entries {
		kinds[en.Category.Term]++
		links[en.Link.Href] = true
	}
	// Four meetings and three agreements published, five answers given
	// (t3, t4, t6, t7 and nothing of drafts), the progress of c1, c2 (three
	// values) and c3, never of the draft cd.
	if kinds["meeting"] != 4 || kinds["agreement"] != 3 || kinds["answer"] != 4 || kinds["progress"] != 5 {
		t.Errorf("entries by kind %v", kinds)
	}
	for _, want := range []string{fmt.Sprintf("/fr/meetings/%d", ids["oujda-2022"]), fmt.Sprintf("/fr/agreements/%d", ids["al-charq-moubadara"]),
		fmt.Sprintf("/fr/expectations/%d", ids["t3"]), fmt.Sprintf("/fr/commitments/%d", ids["c2"])} {
		if !links["http://portal.test"+want] {
			t.Errorf("feed does not link %s", want)
		}
	}
	for _, draft := range []string{fmt.Sprintf("/fr/commitments/%d", ids["cd"]), fmt.Sprintf("/fr/meetings/%d", ids["draft-meeting"]),
		fmt.Sprintf("/fr/agreements/%d", ids["draft-agreement"])} {
		if links["http://portal.test"+draft] {
			t.Errorf("feed links the draft %s", draft)
		}
	}
	// In Arabic: the same entries, in Arabic, with ids of their own.
	ar := readAtom(t, e, "/ar/feed.atom")
	if ar.Lang != "ar" || ar.Title != msg(t, "ar", "feed_title") || len(ar.Entries) != len(fr.Entries) || ar.Entries[0].ID == fr.Entries[0].ID {
		t.Errorf("ar feed: lang %q title %q, %d entries", ar.Lang, ar.Title, len(ar.Entries))
	}
	// A region's feed has that region's news only (and no national ones).
	souss := readAtom(t, e, "/fr/regions/souss-massa/feed.atom")
	if !strings.Contains(souss.Title, "Souss-Massa") {
		t.Errorf("region feed title %q", souss.Title)
	}
	var got []string
	for _, en := range souss.Entries {
		got = append(got, en.Category.Term+" "+strings.TrimPrefix(en.Link.Href, "http://portal.test"))
	}
	want := map[string]bool{fmt.Sprintf("answer /fr/expectations/%d", ids["t6"]): true, fmt.Sprintf("answer /fr/expectations/%d", ids["t7"]): true,
		fmt.Sprintf("progress /fr/commitments/%d", ids["c3"]): true}
	if len(got) != len(want) {
		t.Errorf("souss-massa feed %v", got)
	}
	for _, g := range got {
		if !want[g] {
			t.Errorf("souss-massa feed has %s", g)
		}
	}
	// An empty region's feed is still a valid feed.
	if f := readAtom(t, e, "/ar/regions/guelmim-oued-noun/feed.atom"); len(f.Entries) != 0 {
		t.Errorf("guelmim feed: %d entries", len(f.Entries))
	}
	for _, p := range []string{"/fr/regions/atlantis/feed.atom", "/fr/regions/ORIENTAL/feed.atom"} {
		if res := e.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	// Every page's head offers the site's feed in its language; a region's
	// pages offer the region's too.
	for path, feeds := range map[string][]string{
		"/ar/":                 {"/ar/feed.atom"},
		"/fr/meetings":         {"/fr/feed.atom"},
		"/fr/regions/oriental": {"/fr/feed.atom", "/fr/regions/oriental/feed.atom"},
		fmt.Sprintf("/ar/meetings/%d", ids["oujda-2022"]): {"/ar/feed.atom", "/ar/regions/oriental/feed.atom"},
	} {
		doc := e.page(t, path, http.StatusOK)
		for _, f := range feeds {
			l := doc.Find(`head link[rel=alternate][type="application/atom+xml"][href="` + f + `"]`)
			if title, _ := l.Attr("title"); l.Length() != 1 || title == "" {
				t.Errorf("%s: no link to %s", path, f)
			}
		}
	}
}
