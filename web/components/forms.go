package components

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tachawor/web/layout"
)

// Kind is what a form field holds, and so how it is read and shown.
type Kind int

const (
	KindText     Kind = iota // free text, kept as typed (trimmed)
	KindEmail                // an e-mail address
	KindPassword             // never sent back to the page
	KindChoice               // one of the field's options: a select
	KindChoices              // any of the field's options: checkboxes
	KindDate                 // a calendar day, typed as the reader writes it
	KindTime                 // a time of day
	KindAmount               // a sum in dirhams
	KindInteger              // a whole number between Min and Max
	KindPercent              // a whole percentage from 0 to 100
	KindHidden               // carried by the form, not shown (a return path, a state seen)
	KindSection              // repeatable rows of the fields Rows
)

// Field declares one field of a form, once: the server reads, checks and
// labels it from this, and the page renders it from this.
type Field struct {
	Name      string // the input's name; a bilingual field's stem (inputs Name_ar and Name_fr)
	Label     string // message ID
	Hint      string // message ID, optional
	Kind      Kind
	Bilingual bool // an Arabic and a French input
	Multiline bool // a text area
	Keep      bool // text kept exactly as typed, spaces around it included
	Required  bool // a bilingual field: its Arabic
	Max       int  // characters of text; the largest value of an integer
	Min       int  // the smallest value of an integer
	Auto      string
	Empty     string // message ID of a select's empty choice; "" offers none
	Invalid   string // message ID of a value that cannot be read or chosen, instead of its kind's

	// A section's rows, their fields, how many rows it takes at most, and
	// whether each row carries the ID of the record it edits (input "id").
	Rows    []Field
	MaxRows int
	Keyed   bool
	Blank   int // empty rows offered (at least 1)
}

// RowName is the input name of field of row i of section: "agenda-2-title".
func RowName(section string, i int, field string) string {
	return section + "-" + strconv.Itoa(i) + "-" + field
}

// Place is where an input name sits in a form's declaration.
type Place struct {
	Field   Field
	Index   int    // of the field among the form's fields
	Section string // the section of a row field ("" otherwise)
	Row     int    // the row of a row field
	RowPos  int    // the field's index among its section's fields
	Lang    string // "ar" or "fr" for one input of a bilingual field
}

// Locate finds the field an input name belongs to: "title_ar" is the
// Arabic of bilingual field "title", "agenda-2-title_fr" the French of
// field "title" in row 2 of section "agenda", "agenda" the section itself.
func Locate(fields []Field, name string) (Place, bool) {
	for i, f := range fields {
		if f.Name == name {
			return Place{Field: f, Index: i}, true
		}
		if f.Bilingual {
			for _, l := range []string{"ar", "fr"} {
				if name == f.Name+"_"+l {
					return Place{Field: f, Index: i, Lang: l}, true
				}
			}
		}
	}
	if section, rest, ok := strings.Cut(name, "-"); ok {
		n, field, ok := strings.Cut(rest, "-")
		row, err := strconv.Atoi(n)
		if !ok || err != nil || row < 0 || strconv.Itoa(row) != n {
			return Place{}, false
		}
		for i, f := range fields {
			if f.Kind == KindSection && f.Name == section {
				if field == "id" && f.Keyed {
					return Place{Field: Field{Name: "id", Kind: KindHidden, Label: f.Label}, Index: i, Section: section, Row: row, RowPos: -1}, true
				}
				p, ok := Locate(f.Rows, field)
				if !ok || p.Section != "" {
					return Place{}, false
				}
				return Place{Field: p.Field, Index: i, Section: section, Row: row, RowPos: p.Index, Lang: p.Lang}, true
			}
		}
	}
	return Place{}, false
}

// Problem is an error of a form: the input it is about, its label in the
// summary (already in the reader's language) and its message.
type Problem struct {
	Field   string
	Label   string
	Message string         // message ID
	Data    map[string]any // the message's placeholders, if any
}

// Option is one choice of a select, radio group or checkbox group.
type Option struct {
	Value string
	Label string // already translated
}

// Change is a field someone else changed while the reader was editing: the
// value stored now, who saved it and when, and what the reader typed.
type Change struct {
	Label string // already translated
	Now   string // as it reads now
	Typed string // as the reader typed it
	By    string
	At    time.Time
}

// Form is what every form page carries: its declaration, the values to
// show (as typed after a failure, or the record's), the problems found, the
// choices of its select and checkbox fields, and how many rows each
// section shows.
type Form struct {
	Fields   []Field
	Values   map[string][]string
	Problems []Problem           // page order
	Options  map[string][]Option // by field name; a row field's by "section.field"
	Rows     map[string]int      // rows to show per section, blank ones included
	Conflict []Change            // set when someone else saved first
	Action   string              // where the form posts
}

// Value returns the first submitted value of name.
func (f Form) Value(name string) string {
	if v := f.Values[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has reports whether value was submitted for name (checkboxes, multiple selects).
func (f Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Problem returns the problem of input name, if any.
func (f Form) Problem(name string) (Problem, bool) {
	for _, p := range f.Problems {
		if p.Field == name {
			return p, true
		}
	}
	return Problem{}, false
}

// Error returns the message ID of the problem of name ("" if none).
func (f Form) Error(name string) string {
	p, _ := f.Problem(name)
	return p.Message
}

// Failed reports whether the form has problems.
func (f Form) Failed() bool { return len(f.Problems) > 0 }

// field returns the declaration of input name (a zero Field, labelled with
// the name, for an undeclared one: a page bug the page tests catch).
func (f Form) field(name string) Field {
	if p, ok := Locate(f.Fields, name); ok {
		return p.Field
	}
	return Field{Name: name, Label: name}
}

// options returns the choices of input name.
func (f Form) options(name string) []Option {
	if p, ok := Locate(f.Fields, name); ok && p.Section != "" {
		return f.Options[p.Section+"."+p.Field.Name]
	}
	return f.Options[name]
}

// RowRange lists the rows section shows.
func (f Form) RowRange(section string) []int {
	out := make([]int, f.Rows[section])
	for i := range out {
		out[i] = i
	}
	return out
}

// CanAddRow reports whether section may take another row.
func (f Form) CanAddRow(section string) bool {
	for _, d := range f.Fields {
		if d.Name == section {
			return f.Rows[section] < d.MaxRows
		}
	}
	return false
}

// fieldID is the element ID of an input (also the error summary's target).
func fieldID(name string) string { return "f-" + name }

func errorID(name string) string { return "f-" + name + "-error" }

func hintID(name string) string { return "f-" + name + "-hint" }

func describedBy(hint bool, form Form, name string) string {
	out := ""
	if hint {
		out = hintID(name)
	}
	if form.Error(name) != "" {
		out = strings.TrimSpace(out + " " + errorID(name))
	}
	return out
}

// requiredIn reports whether the input of f in lang ("" for one that has
// no language) must be filled: a bilingual field requires its Arabic.
func requiredIn(f Field, lang string) bool { return f.Required && (lang == "" || lang == "ar") }

// input is one input element of a field: a bilingual field has two.
type input struct {
	Name string
	Lang string
}

func inputs(f Field, name string) []input {
	if f.Bilingual {
		return []input{{name + "_ar", "ar"}, {name + "_fr", "fr"}}
	}
	return []input{{Name: name}}
}

// inputType is the type attribute of a one-line input. Dates, amounts and
// numbers are text typed as the reader writes them (either digits, a
// group separator), so that what was typed comes back as it was.
func inputType(f Field) string {
	switch f.Kind {
	case KindEmail:
		return "email"
	case KindPassword:
		return "password"
	case KindTime:
		return "time"
	}
	return "text"
}

func inputMode(f Field) string {
	switch f.Kind {
	case KindDate, KindAmount, KindInteger, KindPercent:
		return "numeric"
	}
	return ""
}

// valueDir is the direction of an input: its language's for text, left to
// right for dates, numbers and addresses, whatever the page.
func valueDir(f Field, lang string) string {
	switch {
	case lang != "":
		return dirOf(lang)
	case f.Kind == KindText:
		return "auto"
	}
	return "ltr"
}

func maxLength(f Field) string {
	if f.Max > 0 && (f.Kind == KindText || f.Kind == KindEmail) {
		return strconv.Itoa(f.Max)
	}
	return ""
}

func inputValue(form Form, f Field, name string) string {
	if f.Kind == KindPassword {
		return ""
	}
	return form.Value(name)
}

// problemText is the translated message of a problem.
func problemText(ctx context.Context, p Problem) string {
	if p.Data != nil {
		return layout.L(ctx).TData(p.Message, p.Data)
	}
	return layout.L(ctx).T(p.Message)
}

// orDash is s, or a dash for nothing.
func orDash(ctx context.Context, s string) string {
	if strings.TrimSpace(s) == "" {
		return layout.L(ctx).T("value_none")
	}
	return s
}

// Gap is a bilingual input left empty while its other language is written:
// what the completeness indicator lists.
type Gap struct {
	Label string // message ID of the field's label
	Row   int    // 1-based row of a section's field, 0 otherwise
	Field string // the empty input
	Lang  string // its language
}

// Gaps lists the form's bilingual fields written in one language only, in
// page order.
func (f Form) Gaps() []Gap {
	var out []Gap
	check := func(d Field, name string, row int) {
		ar, fr := strings.TrimSpace(f.Value(name+"_ar")), strings.TrimSpace(f.Value(name+"_fr"))
		switch {
		case ar != "" && fr == "":
			out = append(out, Gap{d.Label, row, name + "_fr", "fr"})
		case fr != "" && ar == "":
			out = append(out, Gap{d.Label, row, name + "_ar", "ar"})
		}
	}
	for _, d := range f.Fields {
		switch {
		case d.Bilingual:
			check(d, d.Name, 0)
		case d.Kind == KindSection:
			for i := range f.Rows[d.Name] {
				for _, rd := range d.Rows {
					if rd.Bilingual {
						check(rd, RowName(d.Name, i, rd.Name), i+1)
					}
				}
			}
		}
	}
	return out
}

// Display is how input name reads in the form's values, for a summary or
// the conflict view: a choice by its label, a bilingual field in both
// languages (a line each), a section by its number of rows.
func Display(ctx context.Context, f Form, name string) string {
	d := f.field(name)
	label := func(v string) string {
		for _, o := range f.options(name) {
			if o.Value == v {
				return o.Label
			}
		}
		return v
	}
	switch {
	case d.Bilingual:
		return strings.TrimSpace(f.Value(name+"_ar") + "\n" + f.Value(name+"_fr"))
	case d.Kind == KindChoice:
		if v := f.Value(name); v != "" {
			return label(v)
		}
		return ""
	case d.Kind == KindChoices:
		var out []string
		for _, v := range f.Values[name] {
			out = append(out, label(v))
		}
		return strings.Join(out, layout.L(ctx).T("list_separator"))
	case d.Kind == KindSection:
		n := 0
		for key := range f.Values {
			if p, ok := Locate(f.Fields, key); ok && p.Section == name && p.Row+1 > n {
				n = p.Row + 1
			}
		}
		return layout.L(ctx).N("form_rows_count", n)
	case d.Kind == KindPassword || d.Kind == KindHidden:
		return ""
	}
	return f.Value(name)
}
