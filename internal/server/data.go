package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/store"
	"tachawor/web/pages"
)

// datasetOrder is the order the data page lists the datasets in.
var datasetOrder = []string{"meetings", "agreements", "axes", "indicators"}

func (s *Server) data(w http.ResponseWriter, r *http.Request) {
	var m pages.Data
	for _, name := range datasetOrder {
		ds := pages.Dataset{Name: name}
		for _, c := range store.Datasets[name].Columns {
			ds.Columns = append(ds.Columns, pages.Column{Name: c, MessageID: "data_col_" + name + "_" + c})
		}
		m.Sets = append(m.Sets, ds)
	}
	p := page(r, tr(r, "data_heading"), "data", crumb(r, tr(r, "nav_data"), ""))
	s.render(w, r, http.StatusOK, pages.DataPage(p, m))
}

// dataFile serves /data/{name}.csv and /data/{name}.json: UTF-8, one stable
// URL each, the columns the data page documents.
func (s *Server) dataFile(w http.ResponseWriter, r *http.Request) {
	file := chi.URLParam(r, "file")
	ext := path.Ext(file)
	name := strings.TrimSuffix(file, ext)
	ds, ok := store.Datasets[name]
	if !ok || (ext != ".csv" && ext != ".json") {
		s.notFound(w, r)
		return
	}
	// Read everything first: an error then still gets a proper error page.
	var rows [][]string
	err := s.db.Export(r.Context(), name, func(rec []string) error {
		rows = append(rows, append([]string(nil), rec...))
		return nil
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	if ext == ".csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw := csv.NewWriter(w)
		cw.Write(ds.Columns)
		cw.WriteAll(rows)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	out := make([]map[string]string, len(rows))
	for i, rec := range rows {
		out[i] = make(map[string]string, len(rec))
		for k, c := range ds.Columns {
			out[i][c] = rec[k]
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.Encode(out)
}

// staticPaths are the public pages that are not records.
var staticPaths = []string{"/", "/strategy", "/regions", "/meetings", "/agreements", "/data"}

// sitemap lists every public page in both languages, each with its twin.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	entries, err := s.db.Sitemap(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, p := range staticPaths {
		entries = append(entries, store.SitemapEntry{Path: p})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	type link struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type url struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
		Links   []link `xml:"xhtml:link"`
	}
	var urls []url
	for _, e := range entries {
		var lastmod string
		if e.LastMod != nil {
			lastmod = e.LastMod.UTC().Format("2006-01-02")
		}
		alt := []link{{"alternate", "ar", s.cfg.BaseURL + "/ar" + e.Path}, {"alternate", "fr", s.cfg.BaseURL + "/fr" + e.Path}}
		for _, l := range []string{"ar", "fr"} {
			urls = append(urls, url{Loc: s.cfg.BaseURL + "/" + l + e.Path, LastMod: lastmod, Links: alt})
		}
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n"))
	enc := xmlEncoder(w)
	enc.Encode(struct {
		XMLName struct{} `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []url    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml", URLs: urls})
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /ar/search\nDisallow: /fr/search\nSitemap: " + s.cfg.BaseURL + "/sitemap.xml\n"))
}
