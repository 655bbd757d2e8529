package i18n

import (
	"errors"
	"math"
	"testing"
	"time"

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

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"2022-01-19", "2022-01-19"},
		{"2022-1-9", "2022-01-09"},
		{"19/01/2022", "2022-01-19"},
		{"19-01-2022", "2022-01-19"},
		{"19.01.2022", "2022-01-19"},
		{"9/1/2022", "2022-01-09"},
		{"١٩/٠١/٢٠٢٢", "2022-01-19"},
		{"۲۰۲۲-۰۱-۱۹", "2022-01-19"},
		{"\u200f19/01/2022\u200e", "2022-01-19"},
		{" 2024-02-29 ", "2024-02-29"},
		{"2023-02-29", ""},
		{"2026-02-30", ""},
		{"31/04/2022", ""},
		{"2022-13-01", ""},
		{"2022-00-10", ""},
		{"00/01/2022", ""},
		{"1899-12-31", ""},
		{"2201-01-01", ""},
		{"2022/01/19", ""}, // year first is ISO only
		{"19/01-2022", ""},
		{"19012022", ""},
		{"2022-01-19T10:00", ""},
		{"", ""},
		{"tomorrow", ""},
		{"19//2022", ""},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got.Format(time.DateOnly) != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"10:00", 10, 0, true}, {"9:30", 9, 30, true}, {"23:59", 23, 59, true}, {"10h00", 10, 0, true},
		{"١٠:٣٠", 10, 30, true}, {"24:00", 0, 0, false}, {"10:60", 0, 0, false}, {"10", 0, 0, false},
		{"10:0", 0, 0, false}, {"10:00:00", 0, 0, false}, {"", 0, 0, false}, {"ten", 0, 0, false},
	}
	for _, tc := range tests {
		h, m, err := ParseClock(tc.in)
		if (err == nil) != tc.ok || h != tc.h || m != tc.m {
			t.Errorf("ParseClock(%q) = %d, %d, %v; want %d, %d, ok %v", tc.in, h, m, err, tc.h, tc.m, tc.ok)
		}
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"50", 50, true}, {"50 %", 50, true}, {"50%", 50, true}, {"٥٠", 50, true}, {"٥٠٪", 50, true},
		{"100", 100, true}, {"101", 0, false}, {"-1", 0, false}, {"12,5", 0, false}, {"", 0, false}, {"%", 0, false},
	}
	for _, tc := range tests {
		got, err := ParsePercent(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// FuzzParseDate: any text gives a valid date or a refusal, never a panic,
// and an accepted date writes back to an equal date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022-01-19", "19/01/2022", "2026-02-30", "31/12/9999", "", "1/1/2022", "٢٠٢٢-٠١-١٩"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Year() < 1900 || d.Year() > 2200 {
			t.Fatalf("%q accepted as %v", s, d)
		}
		if again, err := ParseDate(d.Format("2006-01-02")); err != nil || !again.Equal(d) {
			t.Fatalf("%q: %v does not round-trip", s, d)
		}
	})
}
