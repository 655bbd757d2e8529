package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgconn"

	"tachawor/internal/domain"
	"tachawor/web/pages"
)

// Error answers a request that failed: the error's code picks the status,
// its message ID the text, in the reader's language. Only internal errors
// are logged; a database that cannot be reached gives 503.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	msg := "error_internal"
	switch domain.ErrorCode(err) {
	case domain.NotFound:
		status, msg = http.StatusNotFound, domain.ErrorMessage(err)
	case domain.Invalid:
		status, msg = http.StatusBadRequest, domain.ErrorMessage(err)
	case domain.Forbidden:
		status, msg = http.StatusForbidden, domain.ErrorMessage(err)
	case domain.Conflict:
		status, msg = http.StatusConflict, domain.ErrorMessage(err)
	case domain.TooLarge:
		status, msg = http.StatusRequestEntityTooLarge, domain.ErrorMessage(err)
	case domain.Throttled:
		status, msg = http.StatusTooManyRequests, domain.ErrorMessage(err)
	default:
		if unavailable(err) {
			status, msg = http.StatusServiceUnavailable, "error_unavailable"
			w.Header().Set("Retry-After", "5")
		}
		if errors.Is(err, context.Canceled) {
			return // the client went away
		}
		s.log.ErrorContext(r.Context(), "request failed", "err", err, "path", r.URL.Path,
			"request_id", middleware.GetReqID(r.Context()))
	}
	s.errorPage(w, r, status, msg)
}

// unavailable reports whether err comes from a database that cannot be reached.
func unavailable(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// admin_shutdown, crash_shutdown, cannot_connect_now
		return pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	return pgconn.SafeToRetry(err) || errors.Is(err, context.DeadlineExceeded)
}

// errorPage renders the localized page for status with the message msg.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := page(r, tr(r, "error_heading_"+strconv.Itoa(status)), "")
	p.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, pages.ErrorPage(p, pages.ErrorView{Status: status, MessageID: msg,
		RequestID: middleware.GetReqID(r.Context())}))
}

// badRequest answers a malformed filter or parameter.
func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	s.errorPage(w, r, http.StatusBadRequest, msg)
}

// notFound answers an unknown address or record.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "error_not_found")
}
