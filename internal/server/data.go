package server

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/xuri/excelize/v2"

	"tachawor/internal/store"
	"tachawor/web/pages"
)

// datasetOrder is the order the data page lists the datasets in.
var datasetOrder = []string{"meetings", "agreements", "expectations", "commitments", "axes", "indicators"}

// streamedDatasets grow with the consultations (200,000 expectations and
// more): their files are streamed. The others are small, and are read
// whole before anything is written, so that a failed query still gets an
// error page and the file an ETag.
//
// A streamed file is written as its rows are read, with memory bounded by
// one row (CSV, JSON) or by excelize's 16 MB chunk, the rest of the sheet
// spilling to a temporary file (XLSX). Its headers go out with its first
// bytes: a query that fails before then still gets an error page; one that
// fails later, once part of the file is sent, aborts the response (the
// download ends incomplete, rather than looking complete), and is logged.
var streamedDatasets = map[string]bool{"expectations": true, "commitments": true}

// dataFormats are the formats each dataset is served in.
var dataFormats = []string{".csv", ".json", ".xlsx"}

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

// dataFile serves /data/{name}.csv, .json and .xlsx: UTF-8, one stable URL
// each, the columns the data page documents.
func (s *Server) dataFile(w http.ResponseWriter, r *http.Request) {
	file := chi.URLParam(r, "file")
	ext := path.Ext(file)
	name := strings.TrimSuffix(file, ext)
	ds, ok := store.Datasets[name]
	if !ok || !slices.Contains(dataFormats, ext) {
		s.notFound(w, r)
		return
	}
	out := &lazyWriter{w: w, header: func(h http.Header) {
		h.Set("Content-Type", map[string]string{".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8",
			".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[ext])
		h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	}}
	t := newTableWriter(ext, out, name, ds.Columns)
	defer t.close()
	var err error
	if streamedDatasets[name] {
		streamed(w)
		err = s.db.Export(r.Context(), name, t.row)
	} else {
		var rows [][]string
		err = s.db.Export(r.Context(), name, func(rec []string) error {
			rows = append(rows, slices.Clone(rec))
			return nil
		})
		for i := 0; i < len(rows) && err == nil; i++ {
			err = t.row(rows[i])
		}
	}
	if err == nil {
		err = t.end()
	}
	if err == nil {
		return
	}
	if !out.started {
		s.Error(w, r, err)
		return
	}
	if !errors.Is(err, context.Canceled) {
		s.log.ErrorContext(r.Context(), "open data file cut short", "err", err, "file", file,
			"request_id", middleware.GetReqID(r.Context()))
	}
	panic(http.ErrAbortHandler)
}

// lazyWriter sets the response's headers on its first write, so that an
// error before then can still be answered with an error page.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
}

func (l *lazyWriter) Write(b []byte) (int, error) {
	if !l.started {
		l.started = true
		l.header(l.w.Header())
	}
	return l.w.Write(b)
}

// tableWriter writes a dataset's header row and rows in one format.
type tableWriter interface {
	row(rec []string) error
	end() error
	close()
}

// newTableWriter returns the writer of format ext (.csv, .json, .xlsx) to
// w. The header row is written with the first row, or by end.
func newTableWriter(ext string, w io.Writer, name string, columns []string) tableWriter {
	switch ext {
	case ".json":
		return &jsonTable{w: bufio.NewWriter(w), columns: columns}
	case ".xlsx":
		return &xlsxTable{w: w, sheet: name, columns: columns}
	default:
		return &csvTable{w: csv.NewWriter(w), columns: columns}
	}
}

type csvTable struct {
	w       *csv.Writer
	columns []string
	begun   bool
}

func (t *csvTable) row(rec []string) error {
	if !t.begun {
		t.begun = true
		t.w.Write(t.columns)
	}
	return t.w.Write(rec)
}

func (t *csvTable) end() error {
	if !t.begun {
		t.begun = true
		t.w.Write(t.columns)
	}
	t.w.Flush()
	return t.w.Error()
}

func (t *csvTable) close() {}

// jsonTable writes an array of objects, one a line, their keys in the
// order of the columns.
type jsonTable struct {
	w       *bufio.Writer
	columns []string
	n       int
}

func (t *jsonTable) row(rec []string) error {
	if t.n == 0 {
		t.w.WriteString("[\n{")
	} else {
		t.w.WriteString(",\n{")
	}
	t.n++
	for i, c := range t.columns {
		if i > 0 {
			t.w.WriteByte(',')
		}
		k, _ := json.Marshal(c)
		v, _ := json.Marshal(rec[i])
		t.w.Write(k)
		t.w.WriteByte(':')
		_, err := t.w.Write(v)
		if err != nil {
			return err
		}
	}
	return t.w.WriteByte('}')
}

func (t *jsonTable) end() error {
	if t.n == 0 {
		t.w.WriteString("[")
	}
	t.w.WriteString("\n]\n")
	return t.w.Flush()
}

func (t *jsonTable) close() {}

// xlsxTable writes one sheet with excelize's StreamWriter, which keeps at
// most 16 MB of the sheet in memory and the rest in a temporary file; the
// workbook is zipped straight into the response at the end. The header row
// is bold and stays in view; whole numbers are written as numbers.
type xlsxTable struct {
	w       io.Writer
	sheet   string
	columns []string
	f       *excelize.File
	sw      *excelize.StreamWriter
	n       int
	vals    []any
}

func (t *xlsxTable) begin() error {
	t.f = excelize.NewFile()
	if err := t.f.SetSheetName(t.f.GetSheetName(0), t.sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	bold, err := t.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if t.sw, err = t.f.NewStreamWriter(t.sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := t.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head := make([]any, len(t.columns))
	for i, c := range t.columns {
		head[i] = excelize.Cell{StyleID: bold, Value: c}
	}
	t.n = 1
	t.vals = make([]any, len(t.columns))
	if err := t.sw.SetRow("A1", head, excelize.RowOpts{StyleID: bold}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func (t *xlsxTable) row(rec []string) error {
	if t.f == nil {
		if err := t.begin(); err != nil {
			return err
		}
	}
	t.n++
	for i, v := range rec {
		t.vals[i] = cellValue(v)
	}
	cell, err := excelize.CoordinatesToCellName(1, t.n)
	if err == nil {
		err = t.sw.SetRow(cell, t.vals)
	}
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func (t *xlsxTable) end() error {
	if t.f == nil {
		if err := t.begin(); err != nil {
			return err
		}
	}
	if err := t.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	// excelize zips the workbook into the writer its ZipWriter function
	// returns: the response itself rather than the in-memory buffer it
	// passes (which stays empty), so the archive is never held whole.
	t.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(t.w) })
	return t.f.Write(io.Discard)
}

func (t *xlsxTable) close() {
	if t.f != nil {
		t.f.Close()
	}
}

// cellValue is v as a spreadsheet cell: a whole number (an id, a
// percentage, a year) as a number, anything else as text.
func cellValue(v string) any {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && strconv.FormatInt(n, 10) == v && len(v) < 16 {
		return n
	}
	return v
}

// staticPaths are the public pages that are not records.
var staticPaths = []string{"/", "/strategy", "/regions", "/meetings", "/agreements", "/expectations", "/dashboard", "/data"}

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
