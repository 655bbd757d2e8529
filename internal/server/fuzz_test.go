package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"tachawor/web/components"
)

// FuzzReadForm: whatever body a meeting form is posted with, reading it
// never panics; the repeatable rows come out numbered from 0 without gaps
// (no field of a row past the count is left), no value is invented, every
// kept value is valid UTF-8, and the problems come in one order, the page's.
func FuzzReadForm(f *testing.F) {
	f.Add("agenda-3-title_ar=x&agenda-0-title_ar=&agenda-7-presenter_ar=y&grant-2-amount=5")
	f.Add("agenda--1-title_ar=x&agenda-99999999999999999999-title_ar=y&visit-0-place_ar=%00")
	f.Add("date=2026-02-30&time=25:00&series=%D9%A5&region=1&region=2&title_ar=%FF&add_row=agenda&remove_row=agenda-0")
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest(http.MethodPost, "/ar/staff/meetings/new", strings.NewReader(raw))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		before := 0
		if err := r.ParseForm(); err != nil {
			return
		}
		for _, vs := range r.PostForm {
			before += len(vs)
		}
		form, err := readForm(httptest.NewRecorder(), r, newMeetingSpec, options{"region": {{Value: "1"}, {Value: "2"}}})
		if err != nil {
			return
		}
		after := 0
		for k, vs := range form.values {
			after += len(vs)
			for _, v := range vs {
				if !utf8.ValidString(v) {
					t.Fatalf("%s kept as invalid UTF-8: %q", k, v)
				}
			}
			if p, ok := components.Locate(newMeetingSpec.fields, k); ok && p.Section != "" && p.Row >= form.rows[p.Section] {
				t.Fatalf("%s beyond the %d rows kept", k, form.rows[p.Section])
			}
		}
		if after > before+1 { // the token a create form is given when it lacks one
			t.Fatalf("values grew from %d to %d", before, after)
		}
		one, two := form.view(""), form.view("")
		if !slices.EqualFunc(one.Problems, two.Problems, func(a, b components.Problem) bool { return a.Field == b.Field }) {
			t.Fatalf("problems in two orders: %v, %v", one.Problems, two.Problems)
		}
		for section, n := range form.rows {
			if n < 0 || n > 1<<20 {
				t.Fatalf("%s: %d rows", section, n)
			}
			_ = strconv.Itoa(n)
		}
	})
}

// FuzzQuery: list filters are validated, never trusted.
func FuzzQuery(f *testing.F) {
	f.Add("page=2&region=oriental&year=2022&format=hybrid")
	f.Add("page=-1&region=%FF&year=99999999999999999999&format=x&format=y")
	f.Fuzz(func(t *testing.T, raw string) {
		q := &query{v: mustQuery(raw)}
		region, year, format, page := q.slug("region"), q.intIn("year", 2000, 2100), q.str("format", "in_person", "remote", "hybrid"), q.page()
		if q.bad {
			return
		}
		if !utf8.ValidString(region) || strings.Trim(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Fatalf("region %q accepted", region)
		}
		if year != 0 && (year < 2000 || year > 2100) || page < 1 {
			t.Fatalf("year %d page %d accepted", year, page)
		}
		if format != "" && format != "in_person" && format != "remote" && format != "hybrid" {
			t.Fatalf("format %q accepted", format)
		}
	})
}

func mustQuery(raw string) url.Values {
	v, _ := url.ParseQuery(raw)
	return v
}

// BenchmarkReadFormManyRows reads a meeting form of as many rows as a body
// may carry fields (Go's form parser takes 10,000): reading costs one pass
// over the values, not one per row.
func BenchmarkReadFormManyRows(b *testing.B) {
	var body strings.Builder
	for i := 0; i < 9_900; i++ {
		fmt.Fprintf(&body, "agenda-%d-title_ar=x&", i)
	}
	raw := body.String()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/ar/staff/meetings/new", strings.NewReader(raw))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if _, err := readForm(httptest.NewRecorder(), r, newMeetingSpec, nil); err != nil {
			b.Fatal(err)
		}
	}
}
