package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/web/layout"
)

// Reading the record IDs of addresses, and writing the addresses of the
// workspace's pages.

// parseID reads a record ID as addresses write it: a positive decimal
// without leading zeros or sign.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0 && strconv.FormatInt(id, 10) == s
}

// pathID is the record ID of the address's {id}.
func pathID(r *http.Request) (int64, bool) { return parseID(chi.URLParam(r, "id")) }

// record reads the record of the address's {id} with read: a malformed ID,
// or one read does not find, gives the localized 404, any other failure its
// error page; ok is false when the request was answered so.
func record[T any](s *Server, w http.ResponseWriter, r *http.Request, read func(context.Context, int64) (T, error)) (int64, T, bool) {
	var rec T
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return 0, rec, false
	}
	rec, err := read(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return id, rec, false
	}
	return id, rec, true
}

// by32 reads records numbered in 32 bits (institutions, officials) by a
// 64-bit ID: one past their range is not found.
func by32[T any](read func(context.Context, int32) (T, error)) func(context.Context, int64) (T, error) {
	return func(ctx context.Context, id int64) (T, error) {
		if id > 1<<31-1 {
			var zero T
			return zero, domain.ErrNotFound
		}
		return read(ctx, int32(id))
	}
}

// staffPath is the workspace page of record id of kind ("meetings"), or
// the page creating one for id 0.
func staffPath(r *http.Request, kind string, id int64) string {
	if id == 0 {
		return "/" + string(lang(r)) + "/staff/" + kind + "/new"
	}
	return "/" + string(lang(r)) + "/staff/" + kind + "/" + strconv.FormatInt(id, 10)
}

// staffPage is page for a workspace page: under the workspace in the
// breadcrumbs, never indexed.
func staffPage(r *http.Request, title string, crumbs ...layout.Crumb) layout.Page {
	p := page(r, title, "", append([]layout.Crumb{crumb(r, tr(r, "staff_heading"), "/staff")}, crumbs...)...)
	p.NoIndex = true
	return p
}

// cond is a if ok, b otherwise.
func cond[T any](ok bool, a, b T) T {
	if ok {
		return a
	}
	return b
}
