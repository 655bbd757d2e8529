package server

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"tachawor/internal/store"
	"tachawor/internal/textsearch"
	"tachawor/web/pages"
)

// maxQuery bounds a search query, in characters.
const maxQuery = 200

// searchPer is the number of results a page shows.
const searchPer = 20

// search answers /search. A search served from the page cache costs
// nothing; one that runs counts against the reader's address
// (SEARCH_RATE) and waits for a place at the search gate
// (SEARCH_CONCURRENCY, SEARCH_QUEUE), so that a flood of searches costs
// the flooder, not the other readers.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	text := strings.TrimSpace(q.str("q"))
	pg := q.page()
	p := page(r, tr(r, "search_heading"), "", crumb(r, tr(r, "search_heading"), ""))
	p.NoIndex = true
	p.SearchPage = true
	m := pages.Search{Query: text, Page: pg, Base: listURL(r)}
	if q.bad || utf8.RuneCountInString(text) > maxQuery || strings.ContainsRune(text, 0) {
		m.Error = "search_error_invalid"
		s.render(w, r, http.StatusBadRequest, pages.SearchPage(p, m))
		return
	}
	if text == "" {
		s.render(w, r, http.StatusOK, pages.SearchPage(p, m))
		return
	}
	// A search read again from the primary (a standby failed under it)
	// was counted the first time.
	if ok, wait := s.countSearch(r); !ok {
		s.tooMany(w, r, wait)
		return
	}
	release, ok := s.searchGate.enter(r.Context())
	if !ok {
		s.busy(w, r)
		return
	}
	res, err := s.db.Search(r.Context(), text, pg, searchPer, s.cfg.SearchBudget)
	release()
	if store.Canceled(err) {
		s.busy(w, r)
		return
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	terms := textsearch.Terms(text)
	l := string(lang(r))
	for _, h := range res.Items {
		body, in := h.Body.In(l)
		m.Hits = append(m.Hits, pages.Hit{Kind: h.Kind, Href: "/" + l + hitPath(h), Title: h.Title, Region: h.Region,
			Day: h.Day, SeriesPosition: h.SeriesPosition, Passage: textsearch.Passage(body, terms, 30), Lang: in})
	}
	m.Total, m.Pages, m.More, m.Unranked = res.Total, res.Pages(), res.More, res.Unranked
	s.render(w, r, http.StatusOK, pages.SearchPage(p, m))
}

func hitPath(h store.Hit) string {
	switch h.Kind {
	case "meeting":
		return "/meetings/" + strconv.Itoa(int(h.ID))
	case "agreement":
		return "/agreements/" + strconv.Itoa(int(h.ID))
	case "axis":
		return "/strategy/" + h.Slug
	case "commitment":
		return "/commitments/" + strconv.Itoa(int(h.ID))
	default: // an expectation past its draft: its own page
		return "/expectations/" + strconv.Itoa(int(h.ID))
	}
}
