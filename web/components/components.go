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
