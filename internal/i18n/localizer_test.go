package i18n

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
)

func TestT(t *testing.T) {
	c := mustCatalog(t)
	tests := []struct {
		lang Lang
		id   string
		want string
	}{
		{Arabic, "portal_name", "تشاور"},
		{French, "portal_name", "Tachawor"},
		{Arabic, "no_such_message", "[[no_such_message]]"},
		{French, "no_such_message", "[[no_such_message]]"},
	}
	for _, tt := range tests {
		if got := c.For(tt.lang).T(tt.id); got != tt.want {
			t.Errorf("%s: T(%q) = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
}

func TestNArabic(t *testing.T) {
	l := mustCatalog(t).For(Arabic)
	tests := []struct {
		id    string
		count int
		want  string // CLDR category in the comment
	}{
		{"meetings_count", 0, "لا لقاء"},         // zero
		{"meetings_count", 1, "لقاء واحد"},       // one
		{"meetings_count", 2, "لقاءان"},          // two
		{"meetings_count", 3, "3 لقاءات"},        // few: n%100 = 3..10
		{"meetings_count", 10, "10 لقاءات"},      // few
		{"meetings_count", 11, "11 لقاءً"},       // many: n%100 = 11..99
		{"meetings_count", 99, "99 لقاءً"},       // many
		{"meetings_count", 100, "100 لقاء"},      // other
		{"meetings_count", 101, "101 لقاء"},      // other: n%100 = 1 is not "one"
		{"meetings_count", 102, "102 لقاء"},      // other
		{"meetings_count", 103, "103 لقاءات"},    // few
		{"meetings_count", 111, "111 لقاءً"},     // many
		{"meetings_count", 1000, "1.000 لقاء"},   // other, grouped
		{"meetings_count", 1250, "1.250 لقاءً"},  // many (50)
		{"agreements_count", 0, "لا اتفاقية"},    // zero
		{"agreements_count", 1, "اتفاقية واحدة"}, // one
		{"agreements_count", 2, "اتفاقيتان"},     // two
		{"agreements_count", 5, "5 اتفاقيات"},    // few
		{"agreements_count", 12, "12 اتفاقية"},   // many
		{"agreements_count", 200, "200 اتفاقية"}, // other
		{"regions_count", 12, "12 جهة"},          // many
		{"regions_count", 2, "جهتان"},            // two
		{"axes_count", 7, "7 محاور"},             // few
		{"axes_count", 1, "محور واحد"},           // one
		{"axes_count", 11, "11 محورا"},           // many
	}
	for _, tt := range tests {
		if got := l.N(tt.id, tt.count); got != tt.want {
			t.Errorf("ar: N(%q, %d) = %q, want %q", tt.id, tt.count, got, tt.want)
		}
	}
}

func TestNFrench(t *testing.T) {
	l := mustCatalog(t).For(French)
	tests := []struct {
		id    string
		count int
		want  string
	}{
		{"meetings_count", 0, "0 rencontre"}, // one: i = 0..1
		{"meetings_count", 1, "1 rencontre"},
		{"meetings_count", 2, "2 rencontres"},
		{"meetings_count", 12, "12 rencontres"},
		{"meetings_count", 1250, "1" + NarrowNoBreakSpace + "250 rencontres"},
		{"meetings_count", 1000000, "1" + NarrowNoBreakSpace + "000" + NarrowNoBreakSpace + "000 de rencontres"}, // many
		{"agreements_count", 1, "1 convention"},
		{"agreements_count", 2, "2 conventions"},
		{"regions_count", 12, "12 régions"},
		{"axes_count", 7, "7 axes"},
	}
	for _, tt := range tests {
		if got := l.N(tt.id, tt.count); got != tt.want {
			t.Errorf("fr: N(%q, %d) = %q, want %q", tt.id, tt.count, got, tt.want)
		}
	}
}

func TestTDataAndNData(t *testing.T) {
	c, err := NewCatalog(fstest.MapFS{
		"ar.toml": {Data: []byte("[greeting]\nother = \"مرحبا {{.Name}}\"\n[seats]\none = \"مقعد واحد في {{.Room}}\"\nother = \"{{.Count}} مقعد في {{.Room}}\"\n")},
		"fr.toml": {Data: []byte("[greeting]\nother = \"Bonjour {{.Name}}\"\n[seats]\none = \"{{.Count}} place en {{.Room}}\"\nother = \"{{.Count}} places en {{.Room}}\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.For(French).TData("greeting", map[string]any{"Name": "Aawatif"}), "Bonjour Aawatif"; got != want {
		t.Errorf("TData = %q, want %q", got, want)
	}
	if got, want := c.For(Arabic).TData("greeting", map[string]any{"Name": "عواطف"}), "مرحبا عواطف"; got != want {
		t.Errorf("TData = %q, want %q", got, want)
	}
	if got, want := c.For(French).NData("seats", 2000, map[string]any{"Room": "salle A"}), "2"+NarrowNoBreakSpace+"000 places en salle A"; got != want {
		t.Errorf("NData = %q, want %q", got, want)
	}
	if got, want := c.For(Arabic).NData("seats", 1, map[string]any{"Room": "القاعة"}), "مقعد واحد في القاعة"; got != want {
		t.Errorf("NData = %q, want %q", got, want)
	}
}

// A missing message shows as [[id]] and is logged once per catalogue.
func TestMissingMessageLogsOnce(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	c := mustCatalog(t)
	for range 3 {
		if got := c.For(French).T("nope_missing"); got != "[[nope_missing]]" {
			t.Errorf("T = %q", got)
		}
		if got := c.For(Arabic).N("nope_missing", 3); got != "[[nope_missing]]" {
			t.Errorf("N = %q", got)
		}
	}
	logs := buf.String()
	if n := strings.Count(logs, "id=nope_missing"); n != 2 {
		t.Errorf("logged %d times, want once per language:\n%s", n, logs)
	}
	if !strings.Contains(logs, "level=WARN") {
		t.Errorf("not logged at WARN:\n%s", logs)
	}
}

func TestForUnknownLangIsArabic(t *testing.T) {
	c := mustCatalog(t)
	if got := c.For("en"); got.Lang != Arabic {
		t.Errorf("For(en).Lang = %q, want ar", got.Lang)
	}
	if c.For(Arabic) != c.For(Arabic) {
		t.Error("For returns a new Localizer on each call; want it shared")
	}
}

func TestContext(t *testing.T) {
	c := mustCatalog(t)
	ctx := WithLocalizer(context.Background(), c.For(French))
	if got := FromContext(ctx); got != c.For(French) {
		t.Errorf("FromContext = %p, want the French localizer %p", got, c.For(French))
	}
}

// Without a localizer in the context, pages still render, visibly wrong.
func TestContextWithoutLocalizer(t *testing.T) {
	for name, ctx := range map[string]context.Context{
		"empty":      context.Background(),
		"nil":        nil,
		"nil value":  WithLocalizer(context.Background(), nil),
		"wrong type": context.WithValue(context.Background(), ctxKey{}, "ar"),
	} {
		l := FromContext(ctx)
		if l == nil {
			t.Fatalf("%s: FromContext = nil", name)
		}
		if l.Lang != Arabic {
			t.Errorf("%s: Lang = %q, want ar", name, l.Lang)
		}
		if got := FromContext(ctx).T("portal_name"); got != "[[portal_name]]" {
			t.Errorf("%s: T = %q", name, got)
		}
		if got := FromContext(ctx).N("meetings_count", 3); got != "[[meetings_count]]" {
			t.Errorf("%s: N = %q", name, got)
		}
		if got := l.Number(1000); got != "1.000" {
			t.Errorf("%s: Number = %q", name, got)
		}
	}
}

func TestNilLocalizer(t *testing.T) {
	var l *Localizer
	if got := l.T("x"); got != "[[x]]" {
		t.Errorf("T = %q", got)
	}
	if got := l.N("x", 2); got != "[[x]]" {
		t.Errorf("N = %q", got)
	}
	if got := l.Amount(5); got != "5"+NoBreakSpace+"درهم" {
		t.Errorf("Amount = %q", got)
	}
	var c *Catalog
	if c.IDs() != nil || c.For(French).T("x") != "[[x]]" || c.For(French).Number(1000) != "1"+NarrowNoBreakSpace+"000" {
		t.Error("nil Catalog misbehaves")
	}
}
