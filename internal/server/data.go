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
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/xuri/excelize/v2"

	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/pages"
)

// Open data that other software reads as it is: every dataset in CSV
// (UTF-8 with a byte-order mark, for spreadsheet programs), JSON (an array
// of objects with typed values) and XLSX (numeric, boolean and date
// cells), described by a Frictionless Data Package, and all of it in one
// zip. Values are typed as the package's schema says: integers, numbers,
// booleans, dates as YYYY-MM-DD and date-times in UTC as
// YYYY-MM-DDThh:mm:ssZ. In CSV and XLSX a text that a spreadsheet would
// take for a formula (starting with =, +, -, @, a tab or a carriage
// return) is written after an apostrophe, as OWASP advises against CSV
// injection; JSON keeps every text as it is.

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
var streamedDatasets = map[string]bool{"expectations": true, "commitments": true, "milestones": true, "comments": true}

// dataFormats are the formats each dataset is served in, with their media types.
var dataFormats = []struct{ Ext, Type string }{
	{".csv", "text/csv; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}

const (
	// dataPackageFile describes every file (Frictionless Data Package).
	dataPackageFile = "datapackage.json"
	// dataZipFile holds every file and the package, at one address.
	dataZipFile = "tachawor-open-data.zip"
	// dataLicence is the licence the open data is published under.
	dataLicence, dataLicenceTitle, dataLicenceURL = "CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"
)

func (s *Server) data(w http.ResponseWriter, r *http.Request) {
	m := pages.Data{Package: "/data/" + dataPackageFile, Zip: "/data/" + dataZipFile, Licence: dataLicenceTitle, LicenceURL: dataLicenceURL}
	for _, ds := range store.Datasets {
		set := pages.Dataset{Name: ds.Name}
		for _, f := range dataFormats {
			set.Files = append(set.Files, pages.DataFile{Path: "/data/" + ds.Name + f.Ext, MessageID: "data_" + f.Ext[1:]})
		}
		for _, f := range ds.Fields {
			set.Columns = append(set.Columns, pages.Column{Name: f.Name, Type: f.Type, MessageID: "data_col_" + ds.Name + "_" + f.Name})
		}
		m.Sets = append(m.Sets, set)
	}
	p := page(r, tr(r, "data_heading"), "data", crumb(r, tr(r, "nav_data"), ""))
	s.render(w, r, http.StatusOK, pages.DataPage(p, m))
}

// dataFile serves /data/{name}.csv, .json and .xlsx, the data package and
// the zip of everything.
func (s *Server) dataFile(w http.ResponseWriter, r *http.Request) {
	file := chi.URLParam(r, "file")
	switch file {
	case dataPackageFile:
		s.dataPackage(w, r)
		return
	case dataZipFile:
		s.dataZip(w, r)
		return
	}
	ext := path.Ext(file)
	ds, ok := store.FindDataset(strings.TrimSuffix(file, ext))
	i := slices.IndexFunc(dataFormats, func(f struct{ Ext, Type string }) bool { return f.Ext == ext })
	if !ok || i < 0 {
		s.notFound(w, r)
		return
	}
	out := &lazyWriter{w: w, header: func(h http.Header) {
		h.Set("Content-Type", dataFormats[i].Type)
		h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	}}
	if streamedDatasets[ds.Name] {
		streamed(w)
	}
	err := s.writeDataset(r.Context(), out, ds, ext)
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

// writeDataset writes a dataset in format ext to w: a streamed one as its
// rows are read, the others once read whole.
func (s *Server) writeDataset(ctx context.Context, w io.Writer, ds store.Dataset, ext string) error {
	t := newTableWriter(ext, w, ds)
	defer t.close()
	var err error
	if streamedDatasets[ds.Name] {
		err = s.db.Export(ctx, ds.Name, t.row)
	} else {
		var rows [][]any
		err = s.db.Export(ctx, ds.Name, func(rec []any) error {
			rows = append(rows, rec)
			return nil
		})
		for i := 0; i < len(rows) && err == nil; i++ {
			err = t.row(rows[i])
		}
	}
	if err != nil {
		return err
	}
	return t.end()
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
	row(rec []any) error
	end() error
	close()
}

// newTableWriter returns the writer of format ext (.csv, .json, .xlsx) to
// w. The header row is written with the first row, or by end.
func newTableWriter(ext string, w io.Writer, ds store.Dataset) tableWriter {
	switch ext {
	case ".json":
		return &jsonTable{w: bufio.NewWriter(w), fields: ds.Fields}
	case ".xlsx":
		return &xlsxTable{w: w, sheet: ds.Name, fields: ds.Fields}
	default:
		return &csvTable{raw: w, w: csv.NewWriter(w), fields: ds.Fields}
	}
}

// ISO 8601 forms of the Table Schema's date and datetime defaults.
const (
	isoDate     = "2006-01-02"
	isoDateTime = "2006-01-02T15:04:05Z"
)

// formatValue writes a value as text: how CSV carries it, and how the
// other formats carry dates.
func formatValue(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		if typ == "date" {
			return x.Format(isoDate)
		}
		return x.UTC().Format(isoDateTime)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// neutral keeps a spreadsheet from reading a text as a formula: one that
// starts with =, +, -, @, a tab or a carriage return is written after an
// apostrophe (OWASP, CSV injection).
func neutral(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type csvTable struct {
	raw    io.Writer
	w      *csv.Writer
	fields []store.Field
	rec    []string
	begun  bool
}

func (t *csvTable) begin() {
	if t.begun {
		return
	}
	t.begun = true
	// The byte-order mark tells spreadsheet programs the file is UTF-8.
	t.raw.Write([]byte("\ufeff"))
	t.rec = make([]string, len(t.fields))
	for i, f := range t.fields {
		t.rec[i] = f.Name
	}
	t.w.Write(t.rec)
}

func (t *csvTable) row(rec []any) error {
	t.begin()
	for i, v := range rec {
		if s, ok := v.(string); ok {
			t.rec[i] = neutral(s)
		} else {
			t.rec[i] = formatValue(v, t.fields[i].Type)
		}
	}
	return t.w.Write(t.rec)
}

func (t *csvTable) end() error {
	t.begin()
	t.w.Flush()
	return t.w.Error()
}

func (t *csvTable) close() {}

// jsonTable writes an array of objects, one a line, their keys in the
// order of the fields; numbers and booleans as JSON's own, no value as null.
type jsonTable struct {
	w      *bufio.Writer
	fields []store.Field
	n      int
}

func (t *jsonTable) row(rec []any) error {
	if t.n == 0 {
		t.w.WriteString("[\n{")
	} else {
		t.w.WriteString(",\n{")
	}
	t.n++
	for i, f := range t.fields {
		if i > 0 {
			t.w.WriteByte(',')
		}
		k, _ := json.Marshal(f.Name)
		v := rec[i]
		if tm, ok := v.(time.Time); ok {
			v = formatValue(tm, f.Type)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("json: %s: %w", f.Name, err)
		}
		t.w.Write(k)
		t.w.WriteByte(':')
		if _, err := t.w.Write(b); err != nil {
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
// is bold and stays in view; integers and numbers are numeric cells,
// booleans boolean ones, dates and date-times date cells shown in ISO 8601
// (date-times in UTC).
type xlsxTable struct {
	w          io.Writer
	sheet      string
	fields     []store.Field
	f          *excelize.File
	sw         *excelize.StreamWriter
	n          int
	vals       []any
	date, when int // styles of date and date-time cells
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
	dateFmt, whenFmt := "yyyy-mm-dd", `yyyy-mm-dd"T"hh:mm:ss"Z"`
	if t.date, err = t.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if t.when, err = t.f.NewStyle(&excelize.Style{CustomNumFmt: &whenFmt}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if t.sw, err = t.f.NewStreamWriter(t.sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := t.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head := make([]any, len(t.fields))
	for i, f := range t.fields {
		head[i] = excelize.Cell{StyleID: bold, Value: f.Name}
	}
	t.n = 1
	t.vals = make([]any, len(t.fields))
	if err := t.sw.SetRow("A1", head, excelize.RowOpts{StyleID: bold}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func (t *xlsxTable) row(rec []any) error {
	if t.f == nil {
		if err := t.begin(); err != nil {
			return err
		}
	}
	t.n++
	for i, v := range rec {
		switch x := v.(type) {
		case string:
			t.vals[i] = neutral(x)
		case time.Time:
			if t.fields[i].Type == "date" {
				t.vals[i] = excelize.Cell{StyleID: t.date, Value: x}
			} else {
				// Whole seconds, as in the other formats (a cell's fraction
				// of a day would round up what they cut).
				t.vals[i] = excelize.Cell{StyleID: t.when, Value: x.UTC().Truncate(time.Second)}
			}
		default:
			t.vals[i] = v
		}
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

// The data package (https://specs.frictionlessdata.io/data-package/):
// each file a tabular data resource with the schema of its dataset, its
// title and the descriptions of its fields in both languages, and the
// number of records it holds now.
type dataPackage struct {
	Profile      string          `json:"profile"`
	Name         string          `json:"name"`
	ID           string          `json:"id"`
	Title        string          `json:"title"`
	Description  string          `json:"description"`
	Homepage     string          `json:"homepage"`
	Licenses     []dpLicence     `json:"licenses"`
	Contributors []dpContributor `json:"contributors"`
	LastModified string          `json:"lastModified"`
	Keywords     []string        `json:"keywords"`
	Resources    []dpResource    `json:"resources"`
}

type dpLicence struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

type dpContributor struct {
	Title string `json:"title"`
	Role  string `json:"role"`
}

type dpResource struct {
	Profile     string   `json:"profile"`
	Name        string   `json:"name"`
	Path        string   `json:"path"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Format      string   `json:"format"`
	Mediatype   string   `json:"mediatype"`
	Encoding    string   `json:"encoding,omitempty"`
	Count       int64    `json:"count"`
	Schema      dpSchema `json:"schema"`
}

type dpSchema struct {
	Fields     []dpField `json:"fields"`
	PrimaryKey []string  `json:"primaryKey,omitempty"`
}

type dpField struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Format      string `json:"format,omitempty"`
	Description string `json:"description"`
}

// both writes a message in Arabic and in French.
func (s *Server) both(id string) string {
	return s.catalog.For(i18n.Arabic).T(id) + " / " + s.catalog.For(i18n.French).T(id)
}

// buildDataPackage describes every file as it is now.
func (s *Server) buildDataPackage(ctx context.Context) (dataPackage, error) {
	modified, err := s.db.LastModified(ctx)
	if err != nil {
		return dataPackage{}, err
	}
	if modified.IsZero() {
		modified = time.Unix(0, 0)
	}
	p := dataPackage{Profile: "tabular-data-package", Name: "tachawor", ID: s.cfg.BaseURL + "/data/" + dataPackageFile,
		Title: s.both("data_package_title"), Description: s.both("data_lede"), Homepage: s.cfg.BaseURL + "/ar/data",
		Licenses:     []dpLicence{{Name: dataLicence, Path: dataLicenceURL, Title: dataLicenceTitle}},
		Contributors: []dpContributor{{Title: s.both("feed_author"), Role: "publisher"}},
		LastModified: modified.UTC().Format(isoDateTime), Keywords: []string{"Morocco", "consultation", "social", "تشاور"}}
	for _, ds := range store.Datasets {
		n, err := s.db.Count(ctx, ds.Name)
		if err != nil {
			return dataPackage{}, err
		}
		schema := dpSchema{}
		for _, f := range ds.Fields {
			schema.Fields = append(schema.Fields, dpField{Name: f.Name, Type: f.Type, Description: s.both("data_col_" + ds.Name + "_" + f.Name)})
			if f.Name == "id" || ds.Name == "axes" && f.Name == "slug" || ds.Name == "indicators" && f.Name == "slug" {
				schema.PrimaryKey = []string{f.Name}
			}
		}
		for _, f := range dataFormats {
			res := dpResource{Profile: "tabular-data-resource", Name: ds.Name + "-" + f.Ext[1:], Path: ds.Name + f.Ext,
				Title: s.both("data_set_" + ds.Name), Description: s.both("data_set_" + ds.Name + "_desc"),
				Format: f.Ext[1:], Mediatype: strings.TrimSuffix(f.Type, "; charset=utf-8"), Count: n, Schema: schema}
			if f.Ext != ".xlsx" {
				res.Encoding = "utf-8"
			}
			p.Resources = append(p.Resources, res)
		}
	}
	return p, nil
}

func (s *Server) dataPackage(w http.ResponseWriter, r *http.Request) {
	p, err := s.buildDataPackage(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(p)
}

// dataZip streams every file and the data package as one zip archive.
func (s *Server) dataZip(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.buildDataPackage(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	streamed(w)
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+dataZipFile+`"`)
	z := zip.NewWriter(w)
	modified, _ := time.Parse(isoDateTime, p.LastModified)
	entry := func(name string) (io.Writer, error) {
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	err = func() error {
		f, err := entry(dataPackageFile)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		if err := enc.Encode(p); err != nil {
			return err
		}
		for _, ds := range store.Datasets {
			for _, format := range dataFormats {
				f, err := entry(ds.Name + format.Ext)
				if err != nil {
					return err
				}
				if err := s.writeDataset(ctx, f, ds, format.Ext); err != nil {
					return err
				}
			}
		}
		return z.Close()
	}()
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.log.ErrorContext(ctx, "open data zip cut short", "err", err, "request_id", middleware.GetReqID(ctx))
		}
		panic(http.ErrAbortHandler)
	}
}

// staticPaths are the public pages that are not records.
var staticPaths = []string{"/", "/strategy", "/regions", "/meetings", "/agreements", "/expectations", "/dashboard", "/data", "/privacy", "/contact", "/accessibility"}

// sitemapPagesPerFile is how many pages (each in both languages) one
// sitemap file lists: the protocol allows 50,000 addresses a file.
var sitemapPagesPerFile = 25000

// sitemap lists every public page in both languages, each with its twin:
// in one file while they fit in one, otherwise an index of the files
// /sitemap-1.xml ... (sitemapPart), as the sitemaps protocol asks past
// 50,000 addresses. The index only counts the pages.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	n, err := s.db.SitemapCount(r.Context(), staticPaths)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if n <= sitemapPagesPerFile {
		s.sitemapFile(w, r, 1)
		return
	}
	type part struct {
		Loc string `xml:"loc"`
	}
	var parts []part
	for k := 1; (k-1)*sitemapPagesPerFile < n; k++ {
		parts = append(parts, part{Loc: s.cfg.BaseURL + "/sitemap-" + strconv.Itoa(k) + ".xml"})
	}
	writeXML(w, "application/xml", struct {
		XMLName struct{} `xml:"sitemapindex"`
		NS      string   `xml:"xmlns,attr"`
		Parts   []part   `xml:"sitemap"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", Parts: parts})
}

// sitemapPart is the nth file (from 1) of a sitemap too long for one.
func (s *Server) sitemapPart(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(chi.URLParam(r, "id"))
	if err != nil || n < 1 || strconv.Itoa(n) != chi.URLParam(r, "id") {
		s.notFound(w, r)
		return
	}
	s.sitemapFile(w, r, n)
}

// sitemapFile writes the nth file of the sitemap: a share of the pages,
// each in both languages with its twin. A file past the last is not found.
func (s *Server) sitemapFile(w http.ResponseWriter, r *http.Request, n int) {
	entries, err := s.db.Sitemap(r.Context(), staticPaths, (n-1)*sitemapPagesPerFile, sitemapPagesPerFile)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if len(entries) == 0 {
		s.notFound(w, r)
		return
	}
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
	urls := make([]url, 0, 2*len(entries))
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
	writeXML(w, "application/xml", struct {
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
