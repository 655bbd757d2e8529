package components

import (
	"context"

	"tachawor/web/layout"
)

// Form is what every form page carries: the submitted values (kept when
// the form fails) and the errors, each a message ID keyed by field name.
type Form struct {
	Values map[string][]string
	Errors map[string]string
	// Order lists the fields in error in page order, for the summary.
	Order []string
	// Labels gives the label message ID of each field in error, for the summary.
	Labels map[string]string
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

// Error returns the message ID of the error of name ("" if none).
func (f Form) Error(name string) string { return f.Errors[name] }

// Field is one input of a form.
type Field struct {
	Name     string
	Label    string // message ID
	Hint     string // message ID, optional
	Type     string // text, email, password, date, time, number ...; textarea for a text area
	Lang     string // language of the value, for bilingual fields
	Required bool
	Auto     string // autocomplete
	Max      int    // maxlength, 0 for none
}

// fieldID is the element ID of a field (also the error summary's target).
func fieldID(name string) string { return "f-" + name }

func errorID(name string) string { return "f-" + name + "-error" }

func hintID(name string) string { return "f-" + name + "-hint" }

func describedBy(f Field, form Form) string {
	out := ""
	if f.Hint != "" {
		out = hintID(f.Name)
	}
	if form.Error(f.Name) != "" {
		if out != "" {
			out += " "
		}
		out += errorID(f.Name)
	}
	return out
}

func inputType(f Field) string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

func langDir(lang string) string {
	if lang == "" {
		return "auto"
	}
	return dirOf(lang)
}

// errorText is the translated error of a field.
func errorText(ctx context.Context, form Form, name string) string {
	return layout.L(ctx).T(form.Error(name))
}

// summaryLabel is how the error summary names a field.
func summaryLabel(ctx context.Context, form Form, name string) string {
	if id := form.Labels[name]; id != "" {
		return layout.L(ctx).T(id) + ": "
	}
	return ""
}

func textType(textarea bool) string {
	if textarea {
		return "textarea"
	}
	return "text"
}
