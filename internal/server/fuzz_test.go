package server

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseDate: any text gives a valid date or a refusal, never a panic,
// and an accepted date writes back to an equal date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022-01-19", "19/01/2022", "2026-02-30", "31/12/9999", "", "1/1/2022", "٢٠٢٢-٠١-١٩"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		if !ok {
			return
		}
		if d.Year() < 1900 || d.Year() > 2200 {
			t.Fatalf("%q accepted as %v", s, d)
		}
		if again, ok := parseDate(d.Format("2006-01-02")); !ok || !again.Equal(d) {
			t.Fatalf("%q: %v does not round-trip", s, d)
		}
	})
}

// FuzzCompactRows: whatever keys a form carries, the repeatable rows come
// out numbered from 0 without gaps (no field of a row past the count is
// left), bounded, and no value is invented.
func FuzzCompactRows(f *testing.F) {
	f.Add("agenda-3-title_ar=x&agenda-0-title_ar=&agenda-7-presenter_ar=y&grant-2-amount=5")
	f.Add("agenda--1-title_ar=x&agenda-99999999999999999999-title_ar=y&visit-0-place_ar=%00")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		before := 0
		for _, vs := range v {
			before += len(vs)
		}
		counts := compactRows(v, meetingRows)
		for section, n := range counts {
			if n < 0 || n > maxRows {
				t.Fatalf("%s: %d rows", section, n)
			}
		}
		after := 0
		for k, vs := range v {
			after += len(vs)
			for section := range meetingRows {
				if rest, ok := strings.CutPrefix(k, section+"-"); ok {
					n, field, _ := strings.Cut(rest, "-")
					if i, err := strconv.Atoi(n); err == nil && strconv.Itoa(i) == n && i < 10*maxRows && i >= counts[section] && slices.Contains(meetingRows[section], field) {
						t.Fatalf("%s beyond the %d rows kept", k, counts[section])
					}
				}
			}
		}
		if after > before {
			t.Fatalf("values grew from %d to %d", before, after)
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
