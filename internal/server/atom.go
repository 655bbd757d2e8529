package server

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/web/layout"
)

// Atom feeds (RFC 4287) of what is new, so that a reader can follow the
// portal, or one region, without an account: meetings published,
// agreements signed, answers given, commitments' progress. In the reader's
// language; records keep their fallback to the other one.

// atomSize is how many entries a feed carries, newest first.
const atomSize = 50

// atomType is the media type of an Atom document.
const atomType = "application/atom+xml"

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Author   atomAuthor  `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Entries  []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
	URI  string `xml:"uri"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomEntry struct {
	ID       string     `xml:"id"`
	Title    string     `xml:"title"`
	Updated  string     `xml:"updated"`
	Link     atomLink   `xml:"link"`
	Category atomCat    `xml:"category"`
	Summary  atomString `xml:"summary"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomString struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// atom is the site-wide feed.
func (s *Server) atom(w http.ResponseWriter, r *http.Request) {
	s.writeAtom(w, r, "", domain.Text{})
}

// regionAtom is one region's feed; an unknown region is not found.
func (s *Server) regionAtom(w http.ResponseWriter, r *http.Request) {
	reg, err := s.db.Region(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeAtom(w, r, reg.Slug, reg.Name)
}

func (s *Server) writeAtom(w http.ResponseWriter, r *http.Request, region string, regionName domain.Text) {
	entries, err := s.db.Feed(r.Context(), region, atomSize)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	l := string(lang(r))
	loc := i18n.FromContext(r.Context())
	base := s.cfg.BaseURL + "/" + l
	self, home, title := base+"/feed.atom", base+"/", tr(r, "feed_title")
	if region != "" {
		name, _ := regionName.In(l)
		self, home = base+"/regions/"+region+"/feed.atom", base+"/regions/"+region
		title = loc.TData("feed_region_title", map[string]any{"Region": name})
	}
	f := atomFeed{Lang: l, ID: self, Title: title, Subtitle: tr(r, "feed_subtitle"),
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Author:  atomAuthor{Name: tr(r, "feed_author"), URI: s.cfg.BaseURL + "/" + l + "/"},
		Links: []atomLink{{Rel: "self", Type: atomType, Href: self}, {Rel: "alternate", Type: "text/html", Href: home},
			{Rel: "alternate", Type: atomType, Hreflang: string(i18n.Lang(l).Other()),
				Href: s.cfg.BaseURL + "/" + string(i18n.Lang(l).Other()) + self[len(base):]}}}
	if len(entries) > 0 {
		f.Updated = entries[0].At.UTC().Format(time.RFC3339)
	}
	for _, e := range entries {
		f.Entries = append(f.Entries, s.atomEntry(r, e))
	}
	writeXML(w, atomType, f)
}

// atomEntry words an entry of the feed: its title says what happened, its
// summary gives the record's place and state; its id is the record's
// address, with the history line's number for what happens more than once.
func (s *Server) atomEntry(r *http.Request, e domain.FeedEntry) atomEntry {
	l := string(lang(r))
	loc := i18n.FromContext(r.Context())
	title, _ := e.Title.In(l)
	region, _ := e.RegionName.In(l)
	if region == "" {
		region = tr(r, "feed_national")
	}
	data := map[string]any{"Title": title, "Region": region}
	var path, id, summary string
	switch e.Kind {
	case "meeting":
		path = fmt.Sprintf("/meetings/%d", e.ID)
		id = s.cfg.BaseURL + "/" + l + path
		summary = loc.TData("feed_meeting_summary", data)
	case "agreement":
		path = fmt.Sprintf("/agreements/%d", e.ID)
		id = s.cfg.BaseURL + "/" + l + path
		summary = loc.TData("feed_agreement_summary", data)
		if e.SignedOn != nil {
			data["Date"] = loc.Date(*e.SignedOn)
			summary = loc.TData("feed_agreement_summary_signed", data)
		}
	case "answer":
		path = fmt.Sprintf("/expectations/%d", e.ID)
		id = fmt.Sprintf("%s/%s%s#status-%d", s.cfg.BaseURL, l, path, e.Event)
		answer, _ := e.Answer.In(l)
		data["Status"], data["Answer"] = tr(r, "expectation_status_"+e.Status), answer
		summary = loc.TData("feed_answer_summary", data)
	case "progress":
		path = fmt.Sprintf("/commitments/%d", e.ID)
		id = fmt.Sprintf("%s/%s%s#progress-%d", s.cfg.BaseURL, l, path, e.Event)
		data["Progress"] = loc.Percent(e.Progress)
		summary = loc.TData("feed_progress_summary", data)
	}
	return atomEntry{ID: id, Title: loc.TData("feed_"+e.Kind+"_title", data), Updated: e.At.UTC().Format(time.RFC3339),
		Link:     atomLink{Rel: "alternate", Type: "text/html", Href: s.cfg.BaseURL + "/" + l + path},
		Category: atomCat{Term: e.Kind, Label: tr(r, "feed_kind_"+e.Kind)},
		Summary:  atomString{Type: "text", Text: summary}}
}

// regionFeed is the link to a region's feed, for the head of its pages.
func (s *Server) regionFeed(r *http.Request, slug, name string) layout.Feed {
	return layout.Feed{Title: i18n.FromContext(r.Context()).TData("feed_region_title", map[string]any{"Region": name}),
		Href: "/" + string(lang(r)) + "/regions/" + slug + "/feed.atom"}
}
