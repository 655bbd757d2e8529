package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"tachawor/internal/domain"
	"tachawor/web/components"
)

// formLimit bounds an ordinary form's body; forms with files set their own.
const formLimit = 1 << 20

// readForm parses a urlencoded form body. A body that is too large, not a
// form, or not UTF-8 is refused with a clear error rather than half read.
func readForm(w http.ResponseWriter, r *http.Request) error {
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
	for _, vs := range r.PostForm {
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return &domain.Error{Code: domain.Invalid, MessageID: "error_form_encoding"}
			}
		}
	}
	return nil
}

// newForm starts the view of a submitted form: its values kept as typed.
func newForm(r *http.Request) components.Form {
	return components.Form{Values: r.PostForm, Errors: map[string]string{}, Labels: map[string]string{}}
}

// fail records the error msg on field (the first one wins), labelled label
// in the error summary.
func fail(f *components.Form, field, label, msg string) {
	if f.Errors == nil {
		f.Errors, f.Labels = map[string]string{}, map[string]string{}
	}
	if _, ok := f.Errors[field]; ok {
		return
	}
	f.Errors[field] = msg
	f.Labels[field] = label
	f.Order = append(f.Order, field)
}

// failed reports whether the form has errors.
func failed(f components.Form) bool { return len(f.Errors) > 0 }

// single returns the one value of field, recording an error when it is
// given more than once.
func single(f *components.Form, field, label string) string {
	vs := f.Values[field]
	if len(vs) > 1 {
		fail(f, field, label, "error_duplicate_field")
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// text reads a text field, trimmed, of at most max characters; required
// ones must not be empty. Text is otherwise kept exactly as typed.
func text(f *components.Form, field, label string, max int, required bool) string {
	v := strings.TrimSpace(single(f, field, label))
	switch {
	case required && v == "":
		fail(f, field, label, "error_required")
	case utf8.RuneCountInString(v) > max:
		fail(f, field, label, "error_too_long")
	}
	return v
}

// options turns records into the choices of a select or a checkbox group,
// each labelled in the reader's language (or the other, when it lacks one).
func options[T any](r *http.Request, items []T, id func(T) int64, name func(T) domain.Text) []components.Option {
	out := make([]components.Option, len(items))
	for i, it := range items {
		label, _ := name(it).In(string(lang(r)))
		out[i] = components.Option{Value: strconv.FormatInt(id(it), 10), Label: label}
	}
	return out
}

// regionOptions and axisOptions are the regions and axes to choose from.
func (s *Server) regionOptions(r *http.Request) ([]components.Option, error) {
	regions, err := s.db.Regions(r.Context())
	return options(r, regions, func(g domain.Region) int64 { return int64(g.ID) }, func(g domain.Region) domain.Text { return g.Name }), err
}

func (s *Server) axisOptions(r *http.Request) ([]components.Option, error) {
	axes, err := s.db.Axes(r.Context())
	return options(r, axes, func(a domain.Axis) int64 { return int64(a.ID) }, func(a domain.Axis) domain.Text { return a.Name }), err
}
