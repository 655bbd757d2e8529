package i18n

import (
	"errors"
	"math"
	"testing"

	"tachawor/locales"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"999", 999, true},
		{"1000", 1000, true},
		{"1250000", 1250000, true},
		{"1.250.000", 1250000, true},
		{"1,250,000", 1250000, true},
		{"1 250 000", 1250000, true},
		{"1\u202f250\u202f000", 1250000, true},
		{"1\u00a0250\u00a0000", 1250000, true},
		{"1 250\u202f000", 1250000, true}, // any spaces group alike
		{"1'250'000", 1250000, true},
		{"١٬٢٥٠٬٠٠٠", 1250000, true},
		{"١٢٥٠", 1250, true},
		{"۱۲۵۰", 1250, true},
		{"  42 ", 42, true},
		{"-5000", -5000, true},
		{"-5.000", -5000, true},
		{"\u200e-5.000", -5000, true},
		{"−5 000", -5000, true},
		{"+7", 7, true},
		{"- 7", -7, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9.223.372.036.854.775.808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"99999999999999999999", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"abc", 0, false},
		{"12a", 0, false},
		{"12,5", 0, false},   // a decimal, not a grouping
		{"1.25", 0, false},   // idem
		{"1.2345", 0, false}, // group too long
		{"1234.567", 0, false},
		{"1.250,000", 0, false}, // mixed separators
		{".250", 0, false},
		{"250.", 0, false},
		{"1..250", 0, false},
		{"--5", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("ParseNumber(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if !tt.ok && !errors.Is(err, ErrNumber) {
			t.Errorf("ParseNumber(%q) = %d, %v; want ErrNumber", tt.in, got, err)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1 250 000 DH", 1250000, true},
		{"1 250 000 dh", 1250000, true},
		{"1250000DH", 1250000, true},
		{"500 MAD", 500, true},
		{"MAD 500", 500, true},
		{"500 Dhs", 500, true},
		{"1.250.000 درهم", 1250000, true},
		{"300 دراهم", 300, true},
		{"20 درهما", 20, true},
		{"1.250.000", 1250000, true},
		{"DH", 0, false},
		{"12,50 DH", 0, false},
		{"500 €", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if !tt.ok && !errors.Is(err, ErrNumber) {
			t.Errorf("ParseAmount(%q) = %d, %v; want ErrNumber", tt.in, got, err)
		}
	}
}

// What Amount and Number write, ParseAmount and ParseNumber read back.
func TestFormatParseRoundTrip(t *testing.T) {
	l := localizers(t)
	for _, n := range []int64{0, 1, 999, 1000, 1250000, -5000, math.MaxInt64, math.MinInt64} {
		for lang, loc := range l {
			if got, err := ParseNumber(loc.Number(n)); err != nil || got != n {
				t.Errorf("%s: ParseNumber(Number(%d)) = %d, %v", lang, n, got, err)
			}
			if got, err := ParseAmount(loc.Amount(n)); err != nil || got != n {
				t.Errorf("%s: ParseAmount(Amount(%d)) = %d, %v", lang, n, got, err)
			}
		}
	}
}

// FuzzParseAmount: any text is read as a whole number of dirhams or
// refused, never misread: what is accepted writes back, in either
// language, to text that reads as the same number.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1 250 000", "1.250.000 درهم", "١٬٢٥٠٬٠٠٠", "12,5", "-5000", "DH 500", "9999999999999999999999", "\u200e-1"} {
		f.Add(s)
	}
	c, err := NewCatalog(locales.FS)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseAmount(s)
		if err != nil {
			return
		}
		for _, l := range Langs {
			back, err := ParseAmount(c.For(l).Amount(n))
			if err != nil || back != n {
				t.Fatalf("%q read as %d, written %q in %s, read back %d (%v)", s, n, c.For(l).Amount(n), l, back, err)
			}
		}
	})
}
