package server

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// query reads a list page's filters. A malformed value is recorded in bad
// (the page answers 400) rather than silently ignored.
type query struct {
	v   url.Values
	bad bool
}

func newQuery(r *http.Request) *query { return &query{v: r.URL.Query()} }

// str returns a parameter, which must be one of allowed if allowed is given.
func (q *query) str(name string, allowed ...string) string {
	vals := q.v[name]
	if len(vals) > 1 {
		q.bad = true
		return ""
	}
	if len(vals) == 0 || vals[0] == "" {
		return ""
	}
	v := vals[0]
	if !utf8.ValidString(v) || len(v) > 200 {
		q.bad = true
		return ""
	}
	if len(allowed) > 0 {
		for _, a := range allowed {
			if v == a {
				return v
			}
		}
		q.bad = true
		return ""
	}
	return v
}

// slug returns a lowercase ASCII slug parameter.
func (q *query) slug(name string) string {
	v := q.str(name)
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			q.bad = true
			return ""
		}
	}
	return v
}

// intIn returns an integer parameter between lo and hi, or 0 when absent.
func (q *query) intIn(name string, lo, hi int) int {
	v := q.str(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		q.bad = true
		return 0
	}
	return n
}

// page returns the page number (1 when absent).
func (q *query) page() int {
	if p := q.intIn("page", 1, 100000); p > 0 {
		return p
	}
	return 1
}

// listURL is the list's own URL with its filters, for pagination links.
func listURL(r *http.Request) string {
	u := url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	return u.String()
}

func contextWithTimeout(r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), d)
}

// writeXML writes v as an XML document of the content type given.
func writeXML(w http.ResponseWriter, contentType string, v any) {
	w.Header().Set("Content-Type", contentType+"; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	enc.Encode(v)
}
