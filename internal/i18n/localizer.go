package i18n

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"math"
	"strconv"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Localizer translates messages and formats dates and numbers for one
// language. Get one from Catalog.For, or from the request context with
// FromContext. Its methods never panic: a message that cannot be produced
// shows as "[[id]]" and is logged once per Catalog.
type Localizer struct {
	Lang Lang

	catalog *Catalog
	loc     *goi18n.Localizer
}

// T returns the message id.
func (l *Localizer) T(id string) string {
	return l.localize(id, nil, nil)
}

// TData returns the message id with data for its {{.Field}} placeholders.
func (l *Localizer) TData(id string, data map[string]any) string {
	return l.localize(id, data, nil)
}

// N returns the plural message id in the form CLDR chooses for count in the
// localizer's language. The message sees {{.Count}}, the count formatted as
// Number formats it ("1.250" in Arabic, "1 250" in French).
func (l *Localizer) N(id string, count int) string {
	return l.NData(id, count, nil)
}

// NData is N with more template data; a "Count" in data overrides the
// formatted count.
func (l *Localizer) NData(id string, count int, data map[string]any) string {
	d := make(map[string]any, len(data)+1)
	d["Count"] = l.Number(int64(count))
	maps.Copy(d, data)
	return l.localize(id, d, count)
}

// NDecimal is N for a number with one decimal at most, such as an
// indicator's value: the plural form CLDR gives that number ("12,5" takes
// "other" in Arabic; "1,5" takes "one" in French), {{.Count}} written as
// Decimal writes it.
func (l *Localizer) NDecimal(id string, f float64) string {
	f = math.Round(f*10) / 10
	return l.localize(id, map[string]any{"Count": l.Decimal(f)}, strconv.FormatFloat(f, 'f', -1, 64))
}

// localize produces message id; count, if not nil, is the int or the
// decimal string that chooses its plural form.
func (l *Localizer) localize(id string, data map[string]any, count any) string {
	if l == nil || l.loc == nil {
		// A localizer without a catalogue: FromContext found none. The
		// "[[id]]" text on the page is the signal; see FromContext.
		return missing(id)
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if data != nil {
		cfg.TemplateData = data
	}
	if count != nil {
		cfg.PluralCount = count
	}
	s, err := l.loc.Localize(cfg)
	if err == nil {
		return s
	}
	l.catalog.warnOnce(l.Lang, id, err)
	var notFound *goi18n.MessageNotFoundErr
	if errors.As(err, &notFound) || s == "" {
		return missing(id)
	}
	// A missing plural form falls back to "other"; better than nothing.
	return s
}

// missing is what a page shows in place of a message it could not produce:
// visible to testers, harmless to readers.
func missing(id string) string { return "[[" + id + "]]" }

func warn(l Lang, id string, err error) {
	slog.Warn("i18n: message unavailable", "lang", string(l), "id", id, "err", err)
}

type ctxKey struct{}

// WithLocalizer returns a copy of ctx carrying l, for FromContext and the
// templ helpers T and N.
func WithLocalizer(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// FromContext returns the localizer that WithLocalizer put in ctx. It never
// returns nil: without one it returns an Arabic localizer with no catalogue,
// whose messages all read "[[id]]" (dates and numbers still format), so a
// page rendered outside the locale middleware shows its mistake instead of
// failing. It does not log, as it would once per string of every page.
func FromContext(ctx context.Context) *Localizer {
	if ctx != nil {
		if l, ok := ctx.Value(ctxKey{}).(*Localizer); ok && l != nil {
			return l
		}
	}
	return &Localizer{Lang: Arabic}
}
