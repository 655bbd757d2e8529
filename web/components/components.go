// Package components holds the pieces pages are built from: bilingual text
// with a visible fallback, dates, amounts, tags, progress, pagination,
// charts and the tile map.
package components

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tachawor/internal/domain"
	"tachawor/web/layout"
)

// in returns t in the reader's language, the language it is really in, and
// whether that is the other language.
func in(ctx context.Context, t domain.Text) (string, string, bool) {
	lang := layout.Lang(ctx)
	v, got := t.In(lang)
	return v, got, got != lang
}

func dirOf(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func local(ctx context.Context, t time.Time) time.Time { return t.In(layout.SiteFrom(ctx).Loc) }

// Date formats t as a date in the reader's language.
func Date(ctx context.Context, t time.Time) string { return layout.L(ctx).Date(local(ctx, t)) }

// DateTime formats t as a date and time in the reader's language.
func DateTime(ctx context.Context, t time.Time) string {
	return layout.L(ctx).DateTime(local(ctx, t))
}

func isoDate(ctx context.Context, t time.Time) string { return local(ctx, t).Format("2006-01-02") }

func isoDateTime(ctx context.Context, t time.Time) string {
	return local(ctx, t).Format(time.RFC3339)
}

// PageHref returns base with page=n set, keeping its other query parameters.
func PageHref(base string, n int) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	if n <= 1 {
		q.Del("page")
	} else {
		q.Set("page", strconv.Itoa(n))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// pageNumbers returns the pages to link: the first, the last and those near
// the current one; 0 stands for a gap.
func pageNumbers(cur, total int) []int {
	var out []int
	for n := 1; n <= total; n++ {
		if n == 1 || n == total || (n >= cur-2 && n <= cur+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func fmtFloat(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// sameDay reports whether a and b fall on the same day where the portal is.
func sameDay(ctx context.Context, a, b time.Time) bool {
	a, b = local(ctx, a), local(ctx, b)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// when says when something from start to end takes place, the date once
// for a single day: "21 يناير 2022، من 10:00 إلى 13:00", "21 janvier 2022,
// de 10 h 00 à 13 h 00".
func when(ctx context.Context, start, end time.Time) string {
	l := layout.L(ctx)
	if sameDay(ctx, start, end) {
		return l.TData("when_same_day", map[string]any{"Date": Date(ctx, start), "From": l.Time(local(ctx, start)), "To": l.Time(local(ctx, end))})
	}
	return l.TData("when_days", map[string]any{"From": DateTime(ctx, start), "To": DateTime(ctx, end)})
}

// fileTypes names, by content type, the kinds of file the portal keeps.
var fileTypes = map[string]string{
	"application/pdf": "file_type_pdf",
	"image/png":       "file_type_png",
	"image/jpeg":      "file_type_jpeg",
	"image/webp":      "file_type_webp",
}

// fileAbout describes a file in words, its kind and its size in kilobytes
// rounded up: "PDF، 27 ك.ب", "PDF, 27 Ko".
func fileAbout(ctx context.Context, contentType string, size int64) string {
	l := layout.L(ctx)
	kind, ok := fileTypes[contentType]
	if !ok {
		kind = "file_type_other"
	}
	return l.TData("file_about", map[string]any{"Type": l.T(kind), "Size": l.Number((size + 1023) / 1024)})
}

// absolute is the full address of a path of the portal, as printed.
func absolute(ctx context.Context, path string) string { return layout.SiteFrom(ctx).BaseURL + path }
