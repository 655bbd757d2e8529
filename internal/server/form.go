package server

import (
	"cmp"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
)

// The one form mechanism. A form is declared once, as a formSpec: its
// fields in page order (components.Field: name, label, kind, limits,
// required) and its repeatable sections with their largest row count. From
// that declaration a posted form is read, every field parsed for its kind
// with the i18n parsers (the same on every form), its problems kept in page
// order and labelled, and the page refilled as typed; the same declaration
// renders the page. A handler keeps one shape:
//
//	f, err := readForm(w, r, spec, options)  // declare, read
//	in := ... f.bi("title") ... f.date("due")   // take the parsed values
//	f.check(in.Problems())                      // the domain's rules
//	if f.rowAction() || f.failed() { re-render }
//	store, then redirect (303)

// formSpec declares a form.
type formSpec struct {
	fields []components.Field
	edit   bool // it edits a stored record: it carries the version it started from
	create bool // it creates a record: it carries a one-time token
	// refusals names the field a refusal of the store is about, by message
	// ID ("institution_slug_taken" → "slug"); others are the whole form's.
	refusals map[string]string
}

// recordSpecs declares the create and the edit form of one kind of record.
func recordSpecs(refusals map[string]string, fields ...components.Field) (create, edit *formSpec) {
	return &formSpec{fields: fields, create: true, refusals: refusals}, &formSpec{fields: fields, edit: true, refusals: refusals}
}

// formLimit bounds an ordinary form's body; forms with files set their own.
const formLimit = 1 << 20

// Form-level problems (not beside one field) are on the pseudo-field "form".
const formProblem = "form"

// form is a form being read or shown.
type form struct {
	spec     *formSpec
	l        *i18n.Localizer
	values   url.Values
	problems map[string]components.Problem
	parsed   map[string]any
	options  map[string][]components.Option
	rows     map[string]int // filled rows of each section
	blank    map[string]int // blank rows shown of each section
	version  int            // the version an edit starts from (0: none or unreadable)
	token    string         // a create's one-time token
	rowMove  bool           // a row was added or removed: the form goes back as it is
	conflict []components.Change
	status   int  // the status the form goes back with
	wasRead  bool // read from a post, not shown for the first time
}

// options maps a choice field (a row field by "section.field") to what it
// offers: what the page shows is exactly what the server accepts.
type options map[string][]components.Option

// newForm is a form shown for the first time, from values (a stored
// record's, or a new one's defaults).
func newForm(r *http.Request, spec *formSpec, values url.Values, opts options) *form {
	f := &form{spec: spec, l: i18n.FromContext(r.Context()), values: values, problems: map[string]components.Problem{},
		parsed: map[string]any{}, options: opts, rows: map[string]int{}, blank: map[string]int{}}
	if f.values == nil {
		f.values = url.Values{}
	}
	if spec.create && f.values.Get("token") == "" {
		f.values.Set("token", newFormToken())
	}
	f.compactRows("")
	return f
}

// readForm reads a posted form. It fails only when the body is not a form
// at all (wrong content type, too large, unreadable): everything a user can
// type lands in the form as a problem beside its field.
func readForm(w http.ResponseWriter, r *http.Request, spec *formSpec, opts options) (*form, error) {
	if err := parseFormBody(w, r); err != nil {
		return nil, err
	}
	f := &form{spec: spec, l: i18n.FromContext(r.Context()), values: url.Values{}, problems: map[string]components.Problem{},
		parsed: map[string]any{}, options: opts, rows: map[string]int{}, blank: map[string]int{}, wasRead: true}
	for key, vs := range r.PostForm {
		if !utf8.ValidString(key) {
			continue
		}
		for _, v := range vs {
			if mended, ok := mendText(v); !ok {
				// Said beside the field that holds it; what a hidden field
				// carries was never typed, and goes (a return path then
				// returns nowhere); what no field declares is ignored.
				p, declared := components.Locate(spec.fields, key)
				if !declared || p.Field.Kind == components.KindHidden {
					continue
				}
				f.fail(key, "error_form_encoding")
				v = mended
			}
			f.values[key] = append(f.values[key], v)
		}
	}
	f.readRowMove()
	for _, d := range spec.fields {
		if d.Kind == components.KindSection {
			for i := range f.rows[d.Name] {
				for _, rd := range d.Rows {
					f.parse(components.RowName(d.Name, i, rd.Name), rd)
				}
			}
			continue
		}
		f.parse(d.Name, d)
	}
	if spec.edit {
		f.version = positive(f.values["version"])
		if seen := positive(f.values["seen"]); seen > 0 && f.values.Get("resolve") == "mine" {
			// Saving over what someone else saved, chosen in so many words.
			f.version = seen
			f.values.Set("version", strconv.Itoa(seen))
		}
		delete(f.values, "seen")
		delete(f.values, "resolve")
	}
	if spec.create {
		if f.token = f.values.Get("token"); !validFormToken(f.token) || len(f.values["token"]) != 1 {
			f.token = ""
			f.fail(formProblem, "form_error_token")
			f.values.Set("token", newFormToken())
		}
	}
	return f, nil
}

// parseFormBody parses a urlencoded form body, refusing one that is too
// large or not a form.
func parseFormBody(w http.ResponseWriter, r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" {
		return &domain.Error{Code: domain.Invalid, MessageID: "error_form_type"}
	}
	r.Body = http.MaxBytesReader(w, r.Body, formLimit)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &domain.Error{Code: domain.TooLarge, MessageID: "error_too_large"}
		}
		return &domain.Error{Code: domain.Invalid, MessageID: "error_form_invalid"}
	}
	return nil
}

// mendText replaces what text typed in a form may not hold (invalid UTF-8,
// NUL and other control characters but tab and line ends) by U+FFFD; ok is
// false when it had to.
func mendText(v string) (string, bool) {
	ok := utf8.ValidString(v)
	v = strings.ToValidUTF8(v, "\uFFFD")
	out := strings.Map(func(c rune) rune {
		if unicode.IsControl(c) && c != '\t' && c != '\n' && c != '\r' {
			ok = false
			return '\uFFFD'
		}
		return c
	}, v)
	return out, ok
}

// positive reads a version or an ID given once; 0 when it is missing,
// given twice or not a positive whole number.
func positive(vs []string) int {
	if len(vs) != 1 {
		return 0
	}
	n, err := strconv.Atoi(vs[0])
	if err != nil || n < 1 {
		return 0
	}
	return n
}

func newFormToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func validFormToken(t string) bool {
	b, err := base64.RawURLEncoding.DecodeString(t)
	return err == nil && len(b) == 16
}

// readRowMove applies an add_row or remove_row button, then compacts the
// rows. Those buttons, and a lookup (a search among a field's choices), send
// the form back to its page as typed rather than saving it.
func (f *form) readRowMove() {
	add := f.values.Get("add_row")
	if rm := f.values.Get("remove_row"); rm != "" {
		if section, n, ok := strings.Cut(rm, "-"); ok && f.section(section) != nil {
			prefix := section + "-" + n + "-"
			for key := range f.values {
				if strings.HasPrefix(key, prefix) {
					delete(f.values, key)
				}
			}
			f.rowMove = true
		}
	}
	if add != "" && f.section(add) != nil || f.values.Get("lookup") != "" {
		f.rowMove = true
	}
	f.compactRows(add)
	delete(f.values, "add_row")
	delete(f.values, "remove_row")
	delete(f.values, "lookup")
}

func (f *form) section(name string) *components.Field {
	for i, d := range f.spec.fields {
		if d.Kind == components.KindSection && d.Name == name {
			return &f.spec.fields[i]
		}
	}
	return nil
}

// compactRows renumbers each section's rows ("agenda-7-title_ar" ...) from
// 0 in the order they came, dropping the blank ones, and checks what a
// section holds: no more rows than it takes, and for keyed sections row IDs
// that are the record's own, each once. Rows are never dropped silently:
// a problem beside the section saves nothing. One pass over the values,
// whatever their number.
func (f *form) compactRows(add string) {
	for _, d := range f.spec.fields {
		if d.Kind != components.KindSection {
			continue
		}
		rows := map[int]url.Values{} // by the number the row came with
		for key, vs := range f.values {
			rest, ok := strings.CutPrefix(key, d.Name+"-")
			if !ok {
				continue
			}
			n, field, ok := strings.Cut(rest, "-")
			i, err := strconv.Atoi(n)
			if !ok || err != nil || i < 0 || strconv.Itoa(i) != n {
				continue
			}
			if rows[i] == nil {
				rows[i] = url.Values{}
			}
			rows[i][field] = vs
			delete(f.values, key)
		}
		filled, blank := 0, 0
		ids := map[string]bool{}
		for _, i := range slices.Sorted(maps.Keys(rows)) {
			empty := true
			for field, vs := range rows[i] {
				if field != "id" && strings.TrimSpace(strings.Join(vs, "")) != "" {
					empty = false
				}
			}
			if empty {
				blank++
				continue
			}
			for field, vs := range rows[i] {
				f.values[components.RowName(d.Name, filled, field)] = vs
			}
			if d.Keyed {
				f.checkRowID(d, rows[i]["id"], ids)
			}
			filled++
		}
		f.rows[d.Name] = filled
		if filled > d.MaxRows {
			f.failData(d.Name, "error_rows_too_many", map[string]any{"Max": d.MaxRows})
		}
		// Adding a row gives one blank row more than came back, or the
		// section's least if that is more: a form whose rows were all
		// filled gets one, not two.
		if add == d.Name {
			blank++
		}
		shown := max(blank, d.Blank, 1)
		f.blank[d.Name] = max(0, min(shown, d.MaxRows-filled))
	}
}

// checkRowID checks the stored ID a row carries: one of the record's own
// (options "section.id"), and no other row's.
func (f *form) checkRowID(d components.Field, vs []string, seen map[string]bool) {
	if len(vs) == 0 || (len(vs) == 1 && vs[0] == "") {
		return
	}
	id := strings.Join(vs, ",")
	switch {
	case len(vs) != 1 || !f.offers(d.Name+".id", id):
		f.fail(d.Name, "error_row_foreign")
	case seen[id]:
		f.fail(d.Name, "error_row_twice")
	}
	seen[id] = true
}

// offers reports whether value is one of the choices of key.
func (f *form) offers(key, value string) bool {
	return slices.ContainsFunc(f.options[key], func(o components.Option) bool { return o.Value == value })
}

// optionsKey is the key of a field's choices: a row field's are the
// section's ("attendee.official").
func optionsKey(name string) string {
	if section, rest, ok := strings.Cut(name, "-"); ok {
		if _, field, ok := strings.Cut(rest, "-"); ok {
			return section + "." + field
		}
	}
	return name
}

// one returns the value of input name given at most once ("" when none);
// a value given twice is a problem.
func (f *form) one(name string) string {
	vs := f.values[name]
	if len(vs) > 1 {
		f.fail(name, "error_duplicate_field")
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// parse reads input name (both inputs of a bilingual field) as declared by d.
func (f *form) parse(name string, d components.Field) {
	if d.Bilingual {
		ar, fr := f.parseText(name+"_ar", d, d.Required), f.parseText(name+"_fr", d, false)
		f.parsed[name] = domain.Text{AR: ar, FR: fr}
		return
	}
	switch d.Kind {
	case components.KindText, components.KindEmail, components.KindHidden:
		f.parsed[name] = f.parseText(name, d, d.Required)
	case components.KindPassword:
		v := f.one(name)
		if d.Required && v == "" {
			f.fail(name, "error_required")
		}
		f.parsed[name] = v
		delete(f.values, name) // a password never goes back to the page
	case components.KindChoice:
		v := strings.TrimSpace(f.one(name))
		switch {
		case v == "" && d.Required:
			f.fail(name, cmp.Or(d.Invalid, "error_choose"))
		case v != "" && !f.offers(optionsKey(name), v):
			f.fail(name, cmp.Or(d.Invalid, "error_choose"))
			v = ""
		}
		f.parsed[name] = v
	case components.KindChoices:
		var out []string
		for _, v := range f.values[name] {
			if !f.offers(optionsKey(name), v) {
				f.fail(name, cmp.Or(d.Invalid, "error_choose"))
				continue
			}
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		if d.Required && len(out) == 0 {
			f.fail(name, cmp.Or(d.Invalid, "error_choose"))
		}
		f.parsed[name] = out
	case components.KindDate:
		f.parsed[name] = f.parseValue(name, d, func(v string) (any, string) {
			t, err := i18n.ParseDate(v)
			switch {
			case errors.Is(err, i18n.ErrNoSuchDate):
				return nil, "error_date_nonexistent"
			case err != nil:
				return nil, "error_date_format"
			}
			return &t, ""
		})
	case components.KindTime:
		f.parsed[name] = f.parseValue(name, d, func(v string) (any, string) {
			h, m, err := i18n.ParseClock(v)
			if err != nil {
				return nil, "error_time"
			}
			return &clock{h, m}, ""
		})
	case components.KindAmount:
		f.parsed[name] = f.parseValue(name, d, func(v string) (any, string) {
			n, err := i18n.ParseAmount(v)
			switch {
			case err == nil && n < 0:
				return nil, "error_amount_negative"
			case err != nil || n > int64(cmp.Or(d.Max, 1e12)):
				return nil, "error_amount"
			}
			return &n, ""
		})
	case components.KindInteger:
		f.parsed[name] = f.parseValue(name, d, func(v string) (any, string) {
			n, err := i18n.ParseNumber(v)
			if err != nil || n < int64(d.Min) || n > int64(d.Max) {
				f.failData(name, cmp.Or(d.Invalid, "error_number_range"), map[string]any{"Min": f.l.Number(int64(d.Min)), "Max": f.l.Number(int64(d.Max))})
				return nil, ""
			}
			return &n, ""
		})
	case components.KindPercent:
		f.parsed[name] = f.parseValue(name, d, func(v string) (any, string) {
			n, err := i18n.ParsePercent(v)
			if err != nil {
				return nil, "error_percent"
			}
			return &n, ""
		})
	}
}

// parseText reads a text input: trimmed (unless kept as typed), at most
// d.Max characters.
func (f *form) parseText(name string, d components.Field, required bool) string {
	v := f.one(name)
	if !d.Keep {
		v = strings.TrimSpace(v)
	}
	switch {
	case required && strings.TrimSpace(v) == "" && d.Bilingual:
		f.fail(name, "error_arabic_required")
	case required && strings.TrimSpace(v) == "":
		f.fail(name, "error_required")
	case d.Max > 0 && utf8.RuneCountInString(v) > d.Max:
		f.failData(name, "error_too_long", map[string]any{"Max": f.l.Number(int64(d.Max))})
	}
	return v
}

// parseValue reads an input with parse, which returns the value or the
// message ID of the problem ("" for none: it recorded its own); it is nil
// when the input is empty or unreadable.
func (f *form) parseValue(name string, d components.Field, parse func(string) (any, string)) any {
	v := strings.TrimSpace(f.one(name))
	if v == "" {
		if d.Required {
			f.fail(name, "error_required")
		}
		return nil
	}
	p, msg := parse(v)
	if msg != "" {
		f.fail(name, cmp.Or(d.Invalid, msg))
	}
	return p
}

// clock is a time of day.
type clock struct{ hour, minute int }

// fail records the problem msg on input name; the first one wins.
func (f *form) fail(name, msg string) { f.failData(name, msg, nil) }

func (f *form) failData(name, msg string, data map[string]any) {
	if _, ok := f.problems[name]; !ok {
		f.problems[name] = components.Problem{Field: name, Message: msg, Data: data}
	}
}

// check records problems found by the domain's rules (by input name). The
// domain's message says more than the form's generic ones for the same
// input ("give your name" rather than "required"), and so replaces them;
// the form's word on a value it could not read (a date that does not
// exist, text not UTF-8) stays.
func (f *form) check(problems map[string]string) {
	for name, msg := range problems {
		if p, ok := f.problems[name]; ok && !genericProblems[p.Message] {
			continue
		}
		f.problems[name] = components.Problem{Field: name, Message: msg}
	}
}

// genericProblems are the form's own messages a domain rule may say better.
var genericProblems = map[string]bool{"error_required": true, "error_arabic_required": true, "error_choose": true, "error_too_long": true}

// posted reports whether the form was read from a post.
func (f *form) posted() bool { return f.wasRead }

// failed reports whether the form has problems.
func (f *form) failed() bool { return len(f.problems) > 0 }

// rowAction reports whether the form was posted to add or remove a row: it
// then goes back to the page, as typed, without its problems.
func (f *form) rowAction() bool {
	if f.rowMove {
		for name, p := range f.problems {
			if p.Message != "error_rows_too_many" {
				delete(f.problems, name)
			}
		}
	}
	return f.rowMove
}

// refused records that the store refused the save with err, on the field
// it names (spec.refusals) or the whole form; it reports whether err was
// such a refusal (invalid input, a conflict, a choice gone) rather than a
// failure to show.
func (f *form) refused(err error) bool {
	switch domain.ErrorCode(err) {
	case domain.Invalid, domain.Conflict, domain.NotFound, domain.Throttled:
	default:
		return false
	}
	msg := domain.ErrorMessage(err)
	f.fail(cmp.Or(f.spec.refusals[msg], formProblem), msg)
	return true
}

// statusCode is the status the form goes back to its page with: 200 after
// adding or removing a row, 409 after a conflict, 422 with problems.
func (f *form) statusCode() int {
	switch {
	case f.status != 0:
		return f.status
	case f.rowMove && !f.failed():
		return http.StatusOK
	case f.failed():
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

// saved answers what the store said of a form's save (err): the saved
// record's page (303, with flash) on success, or the record the same form
// created already; it returns false when the form must go back to its page,
// carrying the refusal: a stale version with the conflict view (current
// gives the record as stored now and its version), invalid input beside its
// field.
func (s *Server) saved(w http.ResponseWriter, r *http.Request, f *form, entity string, id int64, err error,
	flash string, to func(id int64) string, current func() (url.Values, int, error)) bool {
	if ac, ok := store.IsAlreadyCreated(err); ok {
		s.sessions.Flash(r.Context(), "flash_already_saved")
		http.Redirect(w, r, to(ac.ID), http.StatusSeeOther)
		return true
	}
	switch {
	case err == nil:
		s.sessions.Flash(r.Context(), flash)
		http.Redirect(w, r, to(id), http.StatusSeeOther)
		return true
	case errors.Is(err, domain.ErrVersionConflict) && current != nil:
		values, now, err := current()
		if err == nil {
			err = s.showConflict(r, f, entity, id, values, now)
		}
		if err != nil {
			s.Error(w, r, err)
			return true
		}
		f.status = http.StatusConflict
		return false
	case f.refused(err):
		return false
	}
	s.Error(w, r, err)
	return true
}

// Parsed values, each of the kind its field declares.

func (f *form) text(name string) string { s, _ := f.parsed[name].(string); return s }

func (f *form) bi(name string) domain.Text { t, _ := f.parsed[name].(domain.Text); return t }

// choice is the value chosen in a select ("" for none).
func (f *form) choice(name string) string { return f.text(name) }

// id is the record chosen in a select (0 for none).
func (f *form) id(name string) int64 {
	n, _ := strconv.ParseInt(f.choice(name), 10, 64)
	return n
}

// ids are the records ticked in a checkbox group.
func ids[T ~int16 | ~int32 | ~int64](f *form, name string) []T {
	var out []T
	for _, v := range f.chosen(name) {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, T(n))
		}
	}
	return out
}

func (f *form) chosen(name string) []string { vs, _ := f.parsed[name].([]string); return vs }

func (f *form) date(name string) *time.Time { t, _ := f.parsed[name].(*time.Time); return t }

func (f *form) clock(name string) (clock, bool) {
	c, ok := f.parsed[name].(*clock)
	if !ok {
		return clock{}, false
	}
	return *c, true
}

// number is an amount or an integer (nil when empty or unreadable).
func (f *form) number(name string) *int64 { n, _ := f.parsed[name].(*int64); return n }

func (f *form) percent(name string) int {
	if p, ok := f.parsed[name].(*int); ok {
		return *p
	}
	return 0
}

// rowsOf is how many filled rows section has.
func (f *form) rowsOf(section string) int { return f.rows[section] }

// view is the form as its page shows it: problems in page order, labelled
// in the reader's language.
func (f *form) view(action string) components.Form {
	v := components.Form{Fields: f.spec.fields, Values: f.values, Options: f.options, Rows: map[string]int{},
		Conflict: f.conflict, Action: action}
	for name, n := range f.rows {
		v.Rows[name] = n + f.blank[name]
	}
	for _, p := range f.problems {
		p.Label = f.label(p.Field)
		v.Problems = append(v.Problems, p)
	}
	slices.SortFunc(v.Problems, func(a, b components.Problem) int { return f.comparePlaces(a.Field, b.Field) })
	return v
}

// label names input name in the error summary: "Agenda item 2, Title
// (French)".
func (f *form) label(name string) string {
	if name == formProblem {
		return ""
	}
	p, ok := components.Locate(f.spec.fields, name)
	if !ok || p.Field.Label == "" {
		return ""
	}
	label := f.l.T(p.Field.Label)
	if p.Lang != "" {
		label = f.l.TData("form_label_in", map[string]any{"Label": label, "Lang": f.l.T("lang_name_" + p.Lang)})
	}
	if p.Section != "" {
		label = f.l.TData("form_label_row", map[string]any{"Section": f.l.T(f.spec.fields[p.Index].Label), "N": p.Row + 1, "Label": label})
	}
	return label
}

// comparePlaces orders two inputs as the page shows them: the form's own
// problems first, then by field, row, field of the row and language.
func (f *form) comparePlaces(a, b string) int {
	key := func(name string) [5]int {
		if name == formProblem {
			return [5]int{-1}
		}
		p, ok := components.Locate(f.spec.fields, name)
		if !ok {
			return [5]int{len(f.spec.fields)}
		}
		row, pos := -1, -1
		if p.Section != "" {
			row, pos = p.Row, p.RowPos
		}
		lang := 0
		if p.Lang == "fr" {
			lang = 1
		}
		return [5]int{p.Index, row, pos, lang}
	}
	ka, kb := key(a), key(b)
	if c := slices.Compare(ka[:], kb[:]); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// formValues is a stored record written as its form shows it.
type formValues struct {
	url.Values
	l   *i18n.Localizer
	loc *time.Location
}

func (s *Server) values(r *http.Request) formValues {
	return formValues{Values: url.Values{}, l: i18n.FromContext(r.Context()), loc: s.loc}
}

func (v formValues) text(name, s string) {
	if s != "" {
		v.Set(name, s)
	}
}

func (v formValues) bi(name string, t domain.Text) {
	v.text(name+"_ar", t.AR)
	v.text(name+"_fr", t.FR)
}

// id writes a chosen record (0: none).
func (v formValues) id(name string, id int64) {
	if id != 0 {
		v.Set(name, strconv.FormatInt(id, 10))
	}
}

func setIDs[T ~int16 | ~int32 | ~int64](v formValues, name string, ids []T) {
	for _, id := range ids {
		v.Add(name, strconv.FormatInt(int64(id), 10))
	}
}

func (v formValues) date(name string, t *time.Time) {
	if t != nil {
		v.Set(name, t.Format(time.DateOnly))
	}
}

func (v formValues) clock(name string, t time.Time) { v.Set(name, t.In(v.loc).Format("15:04")) }

// number writes an amount or an integer as the reader writes it.
func (v formValues) number(name string, n *int64) {
	if n != nil {
		v.Set(name, v.l.Number(*n))
	}
}

func (v formValues) integer(name string, n int) { v.Set(name, strconv.Itoa(n)) }

// version writes the version an edit starts from.
func (v formValues) version(n int) { v.integer("version", n) }

// showConflict fills the form's conflict view after a save refused for a
// stale version: each field someone else changed since the form's version
// (from the audit log), as stored now (current, at version now), who saved
// it and when, beside what the reader typed. The form keeps what was typed
// and carries the version seen, for "keep mine".
func (s *Server) showConflict(r *http.Request, f *form, entity string, id int64, current url.Values, now int) error {
	entries, err := s.db.AuditSince(r.Context(), entity, id, f.version)
	if err != nil {
		return err
	}
	latest := map[string]domain.AuditEntry{}
	for _, e := range entries {
		for _, name := range store.ChangedFields(e.Changes) {
			latest[name] = e
		}
	}
	f.conflict = nil
	for _, d := range f.spec.fields {
		e, ok := latest[d.Name]
		if !ok || d.Kind == components.KindHidden || d.Kind == components.KindPassword {
			continue
		}
		by := e.UserName
		if by == "" {
			by = cmp.Or(e.UserEmail, f.l.T("history_command_line"))
		}
		f.conflict = append(f.conflict, components.Change{Label: f.l.T(d.Label),
			Now:   components.Display(r.Context(), components.Form{Fields: f.spec.fields, Values: current, Options: f.options}, d.Name),
			Typed: components.Display(r.Context(), components.Form{Fields: f.spec.fields, Values: f.values, Options: f.options}, d.Name),
			By:    by, At: e.At})
	}
	f.values.Set("seen", strconv.Itoa(now))
	return nil
}
