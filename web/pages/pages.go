// Package pages holds one templ page per screen, each taking one typed view
// model built by its handler.
package pages

import (
	"context"
	"strconv"
	"strings"

	"tachawor/internal/domain"
	"tachawor/web/layout"
)

func href(ctx context.Context, path string) string { return layout.Href(ctx, path) }

func t(ctx context.Context, id string) string { return layout.L(ctx).T(id) }

func td(ctx context.Context, id string, data map[string]any) string {
	return layout.L(ctx).TData(id, data)
}

func n(ctx context.Context, id string, count int) string { return layout.L(ctx).N(id, count) }

func id64(id int64) string { return strconv.FormatInt(id, 10) }

func other(ctx context.Context) string { return string(layout.L(ctx).Lang.Other()) }

func otherDir(ctx context.Context) string { return layout.L(ctx).Lang.Other().Dir() }

// otherText returns t in the language the reader is not reading.
func otherText(ctx context.Context, t domain.Text) string {
	if layout.Lang(ctx) == "ar" {
		return t.FR
	}
	return t.AR
}

func number(ctx context.Context, v int) string { return layout.L(ctx).Number(int64(v)) }

func meetingHref(ctx context.Context, id int64) string { return href(ctx, "/meetings/"+id64(id)) }

func agreementHref(ctx context.Context, id int64) string { return href(ctx, "/agreements/"+id64(id)) }

func expectationHref(ctx context.Context, id int64) string {
	return href(ctx, "/expectations/"+id64(id))
}

func commitmentHref(ctx context.Context, id int64) string { return href(ctx, "/commitments/"+id64(id)) }

// ordinal names a place in the series ("6e étape", "المحطة 6"); the first
// has its own form ("1re étape", "المحطة الأولى").
func ordinal(ctx context.Context, pos int) string {
	if pos == 1 {
		return t(ctx, "series_ordinal_first")
	}
	return td(ctx, "series_ordinal", map[string]any{"N": pos})
}

func seriesPlace(ctx context.Context, pos int) string {
	if pos == 1 {
		return t(ctx, "series_place_first")
	}
	return td(ctx, "series_place", map[string]any{"N": pos})
}

// first returns t in the reader's language or, failing that, the other: for
// places where markup cannot carry a fallback mark (option labels).
func first(ctx context.Context, t domain.Text) string {
	v, _ := t.In(layout.Lang(ctx))
	return v
}

// nextStates lists the publication states a record in state may move to.
func nextStates(state string) []string {
	var out []string
	for _, to := range []string{"published", "draft", "archived"} {
		if _, ok := domain.Transition(state, to); ok {
			out = append(out, to)
		}
	}
	return out
}

func join(s []string) string { return strings.Join(s, ", ") }

func orAll(state string) string {
	if state == "" {
		return "all"
	}
	return state
}
