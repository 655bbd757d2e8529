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

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	text := strings.TrimSpace(q.str("q"))
	pg := q.page()
	p := page(r, tr(r, "search_heading"), "", crumb(r, tr(r, "search_heading"), ""))
	p.NoIndex = true
	p.Query = text
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
	res, err := s.db.Search(r.Context(), text, pg, 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	terms := textsearch.Terms(text)
	l := string(lang(r))
	for _, h := range res.Items {
		body, in := h.Body.In(l)
		hit := pages.Hit{Kind: h.Kind, Title: h.Title, Passage: textsearch.Passage(body, terms, 30), Lang: in}
		hit.Href = "/" + l + hitPath(h)
		m.Hits = append(m.Hits, hit)
	}
	m.Total, m.Pages, m.Capped = res.Total, res.Pages(), res.Capped
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
	default: // an expectation is shown on its region's page
		return "/regions/" + h.Slug
	}
}
