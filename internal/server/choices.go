package server

import (
	"net/http"
	"strconv"

	"tachawor/internal/domain"
	"tachawor/web/components"
)

// The choices forms offer, each labelled in the reader's language.

// choices turns records into the choices of a select or a checkbox group,
// each labelled in the reader's language (or the other, when it lacks one).
func choices[T any](r *http.Request, items []T, id func(T) int64, name func(T) domain.Text) []components.Option {
	out := make([]components.Option, len(items))
	for i, it := range items {
		label, _ := name(it).In(string(lang(r)))
		out[i] = components.Option{Value: strconv.FormatInt(id(it), 10), Label: label}
	}
	return out
}

// regionChoices and axisChoices are the regions and axes to choose from.
func (s *Server) regionChoices(r *http.Request) ([]components.Option, error) {
	regions, err := s.db.Regions(r.Context())
	return choices(r, regions, func(g domain.Region) int64 { return int64(g.ID) }, func(g domain.Region) domain.Text { return g.Name }), err
}

func (s *Server) axisChoices(r *http.Request) ([]components.Option, error) {
	axes, err := s.db.Axes(r.Context())
	return choices(r, axes, func(a domain.Axis) int64 { return int64(a.ID) }, func(a domain.Axis) domain.Text { return a.Name }), err
}
