package i18n

import (
	"strings"
	"testing"
)

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"ar", Arabic, true},
		{"fr", French, true},
		{"", "", false},
		{"en", "", false},
		{"AR", "", false}, // canonical codes only: one URL per page
		{"fr-FR", "", false},
		{" ar", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLangProperties(t *testing.T) {
	tests := []struct {
		lang           Lang
		dir, name, tag string
		other          Lang
	}{
		{Arabic, "rtl", "العربية", "ar", French},
		{French, "ltr", "Français", "fr", Arabic},
	}
	for _, tt := range tests {
		if got := tt.lang.Dir(); got != tt.dir {
			t.Errorf("%s.Dir() = %q, want %q", tt.lang, got, tt.dir)
		}
		if got := tt.lang.Name(); got != tt.name {
			t.Errorf("%s.Name() = %q, want %q", tt.lang, got, tt.name)
		}
		if got := tt.lang.Other(); got != tt.other {
			t.Errorf("%s.Other() = %q, want %q", tt.lang, got, tt.other)
		}
		if got := tt.lang.Tag().String(); got != tt.tag {
			t.Errorf("%s.Tag() = %q, want %q", tt.lang, got, tt.tag)
		}
	}
	if len(Langs) != 2 || Langs[0] != Arabic || Langs[1] != French {
		t.Errorf("Langs = %v, want [ar fr]", Langs)
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   Lang
	}{
		{"", Arabic},
		{"fr", French},
		{"ar", Arabic},
		{"fr-FR,fr;q=0.9", French},
		{"fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", French},
		{"en-US,en;q=0.9", Arabic},
		{"en, fr;q=0.5", French},
		{"ar-MA", Arabic},
		{"ar-MA,ar;q=0.9,fr;q=0.8", Arabic},
		{"fr;q=0.5, ar;q=0.8", Arabic},
		{"ar;q=0.5, fr;q=0.8", French},
		{"ar;q=0.5, fr;q=0.5", Arabic}, // a tie goes to the first listed
		{"fr;q=0.5, ar;q=0.5", French},
		{"fr;q=0", Arabic},
		{"fr;q=0.000", Arabic},
		{"en;q=0.9, fr;q=0", Arabic},
		{"*", Arabic},
		{"fr-CA", French},
		{"FR-be", French},
		{"fr_FR", French},
		{"  fr ;  q = 0.7 , en", French},
		{"fr;level=1;q=0.4", French},
		{"frr, fra", Arabic}, // other languages, not French
		{"garbage", Arabic},
		{";;;,,,===", Arabic},
		{"fr;q=abc", Arabic}, // malformed q: entry ignored
		{"fr;q=1.5", Arabic}, // out of range
		{"fr;q=-1", Arabic},  // out of range
		{"fr;q=NaN", Arabic}, // not a number
		{"fr;q=0.1, ar;q=NaN", French},
		{strings.Repeat("en,", 5000) + "fr", Arabic}, // beyond the bound: ignored
	}
	for _, tt := range tests {
		name := tt.header
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		if got := Negotiate(tt.header); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", name, got, tt.want)
		}
	}
}
