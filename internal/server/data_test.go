package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"tachawor/internal/store"
)

// openDataFixture adds what the exports must handle: texts a spreadsheet
// would run as formulas, an agreement signed at a draft meeting, comments
// approved and not (with the e-mail addresses no file may carry).
const openDataFixture = `
UPDATE expectations SET title_fr = '=HYPERLINK("http://evil.test","clic")', title_ar = '+1+1', description_fr = '-2',
       description_ar = '@SUM(A1)', answer_fr = E'\tcaché', answer_ar = 'عادي = لا صيغة' WHERE ref = 't1';
UPDATE agreements SET meeting_id = (SELECT id FROM meetings WHERE ref = 'draft-meeting') WHERE ref = 'al-charq-moubadara';
INSERT INTO comments (meeting_id, name, email, body, status, ip, moderated_at)
SELECT id, 'Amina', 'amina.secret@example.test', 'Merci pour cette rencontre.', 'approved', '192.0.2.1', now() FROM meetings WHERE ref = 'oujda-2022';
INSERT INTO comments (meeting_id, name, email, body, status, ip)
SELECT id, 'Karim', 'karim.secret@example.test', 'En attente', 'pending', '192.0.2.2' FROM meetings WHERE ref = 'oujda-2022';
INSERT INTO comments (meeting_id, name, email, body, status, ip, moderated_at)
SELECT id, 'Sami', 'sami.secret@example.test', 'Sur un brouillon', 'approved', '192.0.2.3', now() FROM meetings WHERE ref = 'draft-meeting';
INSERT INTO comments (axis_id, name, email, body, status, ip, moderated_at)
SELECT id, 'Nadia', 'nadia.secret@example.test', 'Un axe clé', 'approved', '192.0.2.4', now() FROM axes WHERE slug = 'convergence';
`

func newOpenDataEnv(t *testing.T) (*env, map[string]int64) {
	t.Helper()
	e, ids := newAccountabilityEnv(t)
	if _, err := e.db.Pool().Exec(context.Background(), openDataFixture); err != nil {
		t.Fatal(err)
	}
	return e, ids
}

// dataset is one dataset read back through a real reader of each format.
type dataset struct {
	csv  [][]string
	json []map[string]any
	xlsx [][]string
	raw  []byte // the CSV as sent
	f    *excelize.File
}

func readDataset(t *testing.T, e *env, name string) dataset {
	t.Helper()
	var d dataset
	res := e.get(t, "/data/"+name+".csv")
	d.raw, _ = io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("%s.csv: %d %q", name, res.StatusCode, res.Header.Get("Content-Type"))
	}
	body, ok := bytes.CutPrefix(d.raw, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("%s.csv has no byte-order mark: %q", name, d.raw[:min(len(d.raw), 20)])
	}
	var err error
	if d.csv, err = csv.NewReader(bytes.NewReader(body)).ReadAll(); err != nil {
		t.Fatalf("%s.csv: %v", name, err)
	}
	dec := json.NewDecoder(e.get(t, "/data/"+name+".json").Body)
	dec.UseNumber()
	if err := dec.Decode(&d.json); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	b, _ := io.ReadAll(e.get(t, "/data/"+name+".xlsx").Body)
	if d.f, err = excelize.OpenReader(bytes.NewReader(b)); err != nil {
		t.Fatalf("%s.xlsx: %v", name, err)
	}
	t.Cleanup(func() { d.f.Close() })
	if d.xlsx, err = d.f.GetRows(d.f.GetSheetName(0)); err != nil {
		t.Fatalf("%s.xlsx: %v", name, err)
	}
	return d
}

// column returns the CSV column of a field, by its header.
func (d dataset) column(name string) []string {
	i := slices.Index(d.csv[0], name)
	var out []string
	for _, r := range d.csv[1:] {
		out = append(out, r[i])
	}
	return out
}

var (
	isoDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isoDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	integer     = regexp.MustCompile(`^-?\d+$`)
)

// conforms reports whether a value written as text has the Table Schema
// type typ in its default format ("" is no value).
func conforms(v, typ string) bool {
	if v == "" {
		return true
	}
	switch typ {
	case "integer":
		return integer.MatchString(v)
	case "number":
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	case "boolean":
		return v == "true" || v == "false" || v == "TRUE" || v == "FALSE"
	case "date":
		_, err := time.Parse("2006-01-02", v)
		return err == nil && isoDate.MatchString(v)
	case "datetime":
		_, err := time.Parse(time.RFC3339, v)
		return err == nil && isoDateTime.MatchString(v)
	}
	return true
}

// TestOpenDataIsTypedInEveryFormat reads every dataset back with
// encoding/csv, encoding/json and excelize: the same rows in the three,
// each value of its documented type (JSON numbers and booleans, numeric,
// boolean and date cells), texts that would be formulas neutralized in
// CSV and XLSX only.
func TestOpenDataIsTypedInEveryFormat(t *testing.T) {
	e, ids := newOpenDataEnv(t)
	for _, ds := range store.Datasets {
		t.Run(ds.Name, func(t *testing.T) {
			d := readDataset(t, e, ds.Name)
			if !slices.Equal(d.csv[0], ds.Columns()) || !slices.Equal(d.xlsx[0], ds.Columns()) {
				t.Fatalf("headers: csv %v, xlsx %v", d.csv[0], d.xlsx[0])
			}
			if len(d.csv) < 2 {
				t.Fatalf("no rows")
			}
			if len(d.json) != len(d.csv)-1 || len(d.xlsx) != len(d.csv) {
				t.Fatalf("%d CSV rows, %d JSON items, %d XLSX rows", len(d.csv)-1, len(d.json), len(d.xlsx)-1)
			}
			sheet := d.f.GetSheetName(0)
			for r, row := range d.csv[1:] {
				item := d.json[r]
				if len(item) != len(ds.Fields) {
					t.Errorf("row %d: JSON keys %v", r, item)
				}
				for c, f := range ds.Fields {
					v := row[c]
					if !conforms(v, f.Type) {
						t.Errorf("row %d %s (%s): %q", r, f.Name, f.Type, v)
					}
					// JSON: the value in its own type; no value is null.
					j := item[f.Name]
					switch {
					case j == nil:
						if v != "" {
							t.Errorf("row %d %s: JSON null, CSV %q", r, f.Name, v)
						}
					case f.Type == "integer" || f.Type == "number":
						if n, ok := j.(json.Number); !ok || n.String() != v {
							t.Errorf("row %d %s: JSON %#v, CSV %q", r, f.Name, j, v)
						}
					case f.Type == "boolean":
						if b, ok := j.(bool); !ok || strconv.FormatBool(b) != v {
							t.Errorf("row %d %s: JSON %#v, CSV %q", r, f.Name, j, v)
						}
					default:
						s, ok := j.(string)
						if !ok || (s != v && "'"+s != v) {
							t.Errorf("row %d %s: JSON %#v, CSV %q", r, f.Name, j, v)
						}
					}
					// XLSX: the same text as shown, in a cell of the type.
					x := ""
					if c < len(d.xlsx[r+1]) {
						x = d.xlsx[r+1][c]
					}
					if f.Type == "boolean" {
						x = strings.ToLower(x)
					}
					if x != v {
						t.Errorf("row %d %s: XLSX %q, CSV %q", r, f.Name, x, v)
					}
					if v == "" {
						continue
					}
					cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
					typ, _ := d.f.GetCellType(sheet, cell)
					raw, _ := d.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
					switch f.Type {
					case "integer", "number", "date", "datetime":
						if _, err := strconv.ParseFloat(raw, 64); err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
							t.Errorf("row %d %s: XLSX cell %v %q is not a number", r, f.Name, typ, raw)
						}
					case "boolean":
						if typ != excelize.CellTypeBool {
							t.Errorf("row %d %s: XLSX cell type %v", r, f.Name, typ)
						}
					default:
						if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
							t.Errorf("row %d %s: XLSX cell type %v", r, f.Name, typ)
						}
					}
				}
			}
		})
	}

	// Known values. Dirham sums are integers: 6,000,000 + 2,500,000 + 4,000,000.
	agreements := readDataset(t, e, "agreements")
	for _, item := range agreements.json {
		switch item["id"].(json.Number).String() {
		case strconv.FormatInt(ids["oujda-2022-mobile-emergency"], 10):
			if item["total_amount_dh"] != json.Number("12500000") || item["signed_on"] != "2022-01-19" || item["demo"] != true ||
				item["meeting_id"] != json.Number(strconv.FormatInt(ids["oujda-2022"], 10)) || item["duration_months"] != json.Number("36") {
				t.Errorf("mobile emergency: %v", item)
			}
		case strconv.FormatInt(ids["al-charq-moubadara"], 10):
			// Signed at a draft meeting, and no amount stated.
			if item["meeting_id"] != nil || item["total_amount_dh"] != nil || item["demo"] != false {
				t.Errorf("al charq moubadara: %v", item)
			}
		}
	}
	meetings := readDataset(t, e, "meetings")
	if got := meetings.column("starts_at"); !slices.Contains(got, "2022-01-19T09:00:00Z") {
		t.Errorf("starts_at %v", got)
	}
	// Formulas: neutralized in CSV and XLSX, as typed in JSON.
	exps := readDataset(t, e, "expectations")
	at := slices.Index(exps.column("id"), strconv.FormatInt(ids["t1"], 10))
	for field, typed := range map[string]string{"title_fr": `=HYPERLINK("http://evil.test","clic")`, "title_ar": "+1+1",
		"description_fr": "-2", "description_ar": "@SUM(A1)", "answer_fr": "\tcaché", "answer_ar": "عادي = لا صيغة"} {
		want := "'" + typed
		if field == "answer_ar" {
			want = typed
		}
		c := slices.Index(exps.csv[0], field)
		if exps.csv[at+1][c] != want || exps.xlsx[at+1][c] != want || exps.json[at][field] != typed {
			t.Errorf("%s: CSV %q XLSX %q JSON %q", field, exps.csv[at+1][c], exps.xlsx[at+1][c], exps.json[at][field])
		}
	}
	// Ids of unpublished records appear nowhere.
	for _, c := range []struct {
		dataset, column string
		drafts          []string
	}{
		{"expectations", "id", []string{"d1", "d2"}}, {"expectations", "meeting_id", []string{"draft-meeting"}},
		{"agreements", "meeting_id", []string{"draft-meeting"}}, {"agreements", "id", []string{"draft-agreement"}},
		{"commitments", "id", []string{"cd"}}, {"commitments", "expectation_ids", []string{"d1", "d2"}},
		{"commitments", "agreement_ids", []string{"draft-agreement"}}, {"comments", "meeting_id", []string{"draft-meeting"}},
		{"attendance", "meeting_id", []string{"draft-meeting"}}, {"meetings", "id", []string{"draft-meeting"}},
	} {
		for _, v := range readDataset(t, e, c.dataset).column(c.column) {
			for _, part := range strings.Split(v, ";") {
				for _, ref := range c.drafts {
					if part == strconv.FormatInt(ids[ref], 10) {
						t.Errorf("%s.%s holds the id of the draft %s", c.dataset, c.column, ref)
					}
				}
			}
		}
	}
	ms := readDataset(t, e, "milestones")
	for i, rec := range ms.column("record") {
		if rec == "commitment" && ms.column("record_id")[i] == strconv.FormatInt(ids["cd"], 10) {
			t.Error("milestones hold the draft commitment's")
		}
	}
	if got := exps.column("meeting_id")[slices.Index(exps.column("id"), strconv.FormatInt(ids["t4"], 10))]; got != "" {
		t.Errorf("t4's draft meeting: %q", got)
	}
	// The datasets added: attendance with the chair, the agenda, support,
	// visits, milestones of agreements and commitments, approved comments.
	att := readDataset(t, e, "attendance")
	var roles []string
	for _, it := range att.json {
		roles = append(roles, it["role"].(string)+":"+it["name_fr"].(string))
	}
	if !slices.Equal(roles, []string{"chair:Aawatif Hayar", "attendee:Mouad Jamai", "attendee:Abdennabi Bioui"}) {
		t.Errorf("attendance %v", roles)
	}
	if got := readDataset(t, e, "agenda").column("title_fr"); len(got) != 4 || got[1] != "Étude régionale sur la vulnérabilité" {
		t.Errorf("agenda %v", got)
	}
	if got := readDataset(t, e, "support").column("programme_fr"); len(got) != 1 || !strings.Contains(got[0], "Al Charq Moubadara") {
		t.Errorf("support %v", got)
	}
	if got := readDataset(t, e, "field_visits").column("place_fr"); !slices.Equal(got, []string{"Oujda"}) {
		t.Errorf("field visits %v", got)
	}
	if got := ms.column("record"); len(got) != 4 {
		t.Errorf("milestones %v", ms.csv)
	}
	if got := ms.column("done_on"); !slices.Contains(got, "2025-05-15") {
		t.Errorf("milestones done_on %v", got)
	}
	comments := readDataset(t, e, "comments")
	if got := comments.column("name"); !slices.Equal(got, []string{"Amina", "Nadia"}) {
		t.Errorf("comments %v", got)
	}
	// No e-mail address in any file of any format.
	for _, ds := range store.Datasets {
		for _, ext := range []string{".csv", ".json", ".xlsx"} {
			b, _ := io.ReadAll(e.get(t, "/data/"+ds.Name+ext).Body)
			if ext == ".xlsx" {
				b = xlsxText(t, b)
			}
			if bytes.Contains(b, []byte("secret@example")) || bytes.Contains(b, []byte("192.0.2.")) {
				t.Errorf("%s%s carries an e-mail or an address", ds.Name, ext)
			}
		}
	}
}

// xlsxText is the uncompressed XML of a workbook.
func xlsxText(t *testing.T, b []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&out, r)
		r.Close()
	}
	return out.Bytes()
}

// The Frictionless descriptor, checked against the Data Package and Table
// Schema specifications and then against its own files: every resource is
// there, its header is its schema's fields, each value has its field's type,
// its record count is right and its primary key is unique.
func TestDataPackageDescribesItsFiles(t *testing.T) {
	e, _ := newOpenDataEnv(t)
	res := e.get(t, "/data/datapackage.json")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("datapackage.json: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	descriptor, _ := io.ReadAll(res.Body)
	checkDataPackage(t, descriptor, func(path string) []byte {
		res := e.get(t, "/data/"+path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		b, _ := io.ReadAll(res.Body)
		return b
	})

	// The zip holds the package and every file, as served one by one.
	res = e.get(t, "/data/tachawor-open-data.zip")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d %v", res.StatusCode, res.Header)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	if len(files) != len(store.Datasets)*3+1 {
		t.Errorf("zip holds %d files", len(files))
	}
	checkDataPackage(t, files["datapackage.json"], func(path string) []byte {
		f, ok := files[path]
		if !ok {
			t.Fatalf("zip lacks %s", path)
		}
		return f
	})
	for _, name := range []string{"meetings.csv", "expectations.json"} {
		served, _ := io.ReadAll(e.get(t, "/data/"+name).Body)
		if !bytes.Equal(served, files[name]) {
			t.Errorf("zip's %s differs from the one served", name)
		}
	}
}

func checkDataPackage(t *testing.T, descriptor []byte, file func(path string) []byte) {
	t.Helper()
	var p struct {
		Profile, Name, ID, Title, Description, Homepage, LastModified string
		Licenses                                                      []struct{ Name, Path, Title string }
		Resources                                                     []struct {
			Profile, Name, Path, Title, Description, Format, Mediatype, Encoding string
			Count                                                                int
			Schema                                                               struct {
				Fields     []struct{ Name, Type, Description string }
				PrimaryKey []string
			}
		}
	}
	if err := json.Unmarshal(descriptor, &p); err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^[-a-z0-9._/]+$`)
	arabic := regexp.MustCompile(`\p{Arabic}`)
	if p.Profile != "tabular-data-package" || !name.MatchString(p.Name) || !arabic.MatchString(p.Title) ||
		!strings.Contains(p.Title, "Tachawor") || p.Description == "" || !strings.HasPrefix(p.Homepage, "http://portal.test/") {
		t.Errorf("package: %+v", p)
	}
	if len(p.Licenses) != 1 || p.Licenses[0].Name == "" || !strings.HasPrefix(p.Licenses[0].Path, "https://") {
		t.Errorf("licences %+v", p.Licenses)
	}
	if at, err := time.Parse(time.RFC3339, p.LastModified); err != nil || time.Since(at) > time.Hour {
		t.Errorf("lastModified %q: %v", p.LastModified, err)
	}
	if len(p.Resources) != len(store.Datasets)*3 {
		t.Errorf("%d resources", len(p.Resources))
	}
	types := []string{"string", "integer", "number", "boolean", "date", "datetime"}
	seen := map[string]bool{}
	for _, r := range p.Resources {
		if seen[r.Name] || !name.MatchString(r.Name) || r.Profile != "tabular-data-resource" || r.Path == "" ||
			!arabic.MatchString(r.Title) || !strings.Contains(r.Title, " / ") || r.Description == "" || r.Mediatype == "" {
			t.Errorf("resource %+v", r)
		}
		seen[r.Name] = true
		var header []string
		for _, f := range r.Schema.Fields {
			header = append(header, f.Name)
			if !slices.Contains(types, f.Type) || !arabic.MatchString(f.Description) || strings.Contains(f.Description, "[[") {
				t.Errorf("%s: field %+v", r.Name, f)
			}
		}
		rows := readResource(t, r.Format, file(r.Path))
		if !slices.Equal(rows[0], header) {
			t.Errorf("%s: header %v, schema %v", r.Name, rows[0], header)
			continue
		}
		if len(rows)-1 != r.Count {
			t.Errorf("%s: %d rows, count says %d", r.Name, len(rows)-1, r.Count)
		}
		keys := map[string]bool{}
		for i, row := range rows[1:] {
			for c, f := range r.Schema.Fields {
				if v := row[c]; !conforms(v, f.Type) {
					t.Errorf("%s row %d %s: %q is not %s", r.Name, i, f.Name, v, f.Type)
				}
			}
			if len(r.Schema.PrimaryKey) == 1 {
				k := row[slices.Index(header, r.Schema.PrimaryKey[0])]
				if k == "" || keys[k] {
					t.Errorf("%s: primary key %q empty or repeated", r.Name, k)
				}
				keys[k] = true
			}
		}
	}
}

// readResource reads a resource's rows as text, header first, with a
// reader of its format.
func readResource(t *testing.T, format string, b []byte) [][]string {
	t.Helper()
	switch format {
	case "csv":
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows { // GetRows leaves trailing empty cells off
			rows[i] = append(rows[i], make([]string, len(rows[0])-len(rows[i]))...)
		}
		return rows
	case "json":
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var items []map[string]any
		if err := dec.Decode(&items); err != nil {
			t.Fatal(err)
		}
		// The key order is the field order: read it from the first object.
		var header []string
		d := json.NewDecoder(bytes.NewReader(b))
		d.Token()
		if d.More() {
			d.Token()
			for d.More() {
				k, _ := d.Token()
				header = append(header, k.(string))
				var skip json.RawMessage
				d.Decode(&skip)
			}
		}
		rows := [][]string{header}
		for _, it := range items {
			var row []string
			for _, k := range header {
				switch v := it[k].(type) {
				case nil:
					row = append(row, "")
				case string:
					row = append(row, v)
				default:
					row = append(row, fmt.Sprint(v))
				}
			}
			rows = append(rows, row)
		}
		return rows
	}
	t.Fatalf("format %q", format)
	return nil
}

// Every path the data page documents answers, and documents every column.
func TestDataPagePathsAnswer(t *testing.T) {
	e, _ := newOpenDataEnv(t)
	for _, lang := range []string{"ar", "fr"} {
		doc := e.page(t, "/"+lang+"/data", http.StatusOK)
		var paths []string
		doc.Find(`main a[href^="/"]`).Each(func(_ int, a *goquery.Selection) {
			h, _ := a.Attr("href")
			paths = append(paths, h)
		})
		doc.Find("main code").Each(func(_ int, c *goquery.Selection) {
			if s := text(c); strings.HasPrefix(s, "/") {
				paths = append(paths, s)
			}
		})
		if len(paths) < len(store.Datasets)*3+2 {
			t.Errorf("%s: only %d paths documented", lang, len(paths))
		}
		for _, p := range paths {
			if res := e.get(t, p); res.StatusCode != 200 {
				t.Errorf("%s documents %s: %d", lang, p, res.StatusCode)
			}
		}
		for _, ds := range store.Datasets {
			for _, c := range ds.Fields {
				if doc.Find("#ds-"+ds.Name).Parent().Find("code:contains('"+c.Name+"')").Length() == 0 {
					t.Errorf("column %s.%s undocumented", ds.Name, c.Name)
				}
			}
		}
	}
}

func TestExportsAreStreamedAndSmallOnesKeepTheirETag(t *testing.T) {
	e := newDashboardEnv(t, true)
	for _, c := range []struct {
		path string
		etag bool
	}{{"/data/meetings.xlsx", true}, {"/data/axes.json", true}, {"/data/datapackage.json", true},
		{"/data/expectations.xlsx", false}, {"/data/commitments.json", false}, {"/data/tachawor-open-data.zip", false}} {
		res := e.get(t, c.path)
		if res.StatusCode != 200 || (res.Header.Get("ETag") != "") != c.etag {
			t.Errorf("%s: %d, ETag %q", c.path, res.StatusCode, res.Header.Get("ETag"))
		}
	}
	// An XLSX is the same file from one request to the next: its ETag holds.
	etag := e.get(t, "/data/meetings.xlsx").Header.Get("ETag")
	if res := e.do(t, http.MethodGet, "/data/meetings.xlsx", map[string]string{"If-None-Match": etag}, nil); res.StatusCode != http.StatusNotModified {
		t.Errorf("meetings.xlsx again: %d", res.StatusCode)
	}
	// Empty datasets are a header row alone, in every format.
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE commitments SET state = 'archived'`); err != nil {
		t.Fatal(err)
	}
	d := readDataset(t, e, "commitments")
	if len(d.csv) != 1 || len(d.xlsx) != 1 || d.json == nil || len(d.json) != 0 {
		t.Errorf("empty commitments: csv %v xlsx %v json %v", d.csv, d.xlsx, d.json)
	}
	for _, p := range []string{"/data/expectations.xls", "/data/expectations.XLSX", "/data/users.xlsx", "/data/datapackage.xml", "/data/.csv"} {
		if res := e.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}
