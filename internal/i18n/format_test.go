package i18n

import (
	"math"
	"testing"
	"time"
)

const (
	nbsp  = NoBreakSpace
	nnbsp = NarrowNoBreakSpace
	lrm   = LeftToRightMark
)

// localizers returns localizers without a catalogue: formatting needs none,
// so these tests keep passing while someone fixes a locale file.
func localizers(t *testing.T) map[Lang]*Localizer {
	t.Helper()
	return map[Lang]*Localizer{Arabic: {Lang: Arabic}, French: {Lang: French}}
}

func TestNumber(t *testing.T) {
	l := localizers(t)
	tests := []struct {
		n      int64
		ar, fr string
	}{
		{0, "0", "0"},
		{1, "1", "1"},
		{12, "12", "12"},
		{999, "999", "999"},
		{1000, "1.000", "1" + nnbsp + "000"},
		{12345, "12.345", "12" + nnbsp + "345"},
		{999999, "999.999", "999" + nnbsp + "999"},
		{1250000, "1.250.000", "1" + nnbsp + "250" + nnbsp + "000"},
		{-1, lrm + "-1", "-1"},
		{-999, lrm + "-999", "-999"},
		{-5000, lrm + "-5.000", "-5" + nnbsp + "000"},
		{math.MaxInt64, "9.223.372.036.854.775.807", "9" + nnbsp + "223" + nnbsp + "372" + nnbsp + "036" + nnbsp + "854" + nnbsp + "775" + nnbsp + "807"},
		{math.MinInt64, lrm + "-9.223.372.036.854.775.808", "-9" + nnbsp + "223" + nnbsp + "372" + nnbsp + "036" + nnbsp + "854" + nnbsp + "775" + nnbsp + "808"},
	}
	for _, tt := range tests {
		if got := l[Arabic].Number(tt.n); got != tt.ar {
			t.Errorf("ar: Number(%d) = %q, want %q", tt.n, got, tt.ar)
		}
		if got := l[French].Number(tt.n); got != tt.fr {
			t.Errorf("fr: Number(%d) = %q, want %q", tt.n, got, tt.fr)
		}
	}
}

func TestAmount(t *testing.T) {
	l := localizers(t)
	tests := []struct {
		n      int64
		ar, fr string
	}{
		{0, "0" + nbsp + "درهم", "0" + nbsp + "DH"},
		{1, "1" + nbsp + "درهم", "1" + nbsp + "DH"},
		{999, "999" + nbsp + "درهم", "999" + nbsp + "DH"},
		{1000, "1.000" + nbsp + "درهم", "1" + nnbsp + "000" + nbsp + "DH"},
		{1250000, "1.250.000" + nbsp + "درهم", "1" + nnbsp + "250" + nnbsp + "000" + nbsp + "DH"},
		{-5000, lrm + "-5.000" + nbsp + "درهم", "-5" + nnbsp + "000" + nbsp + "DH"},
	}
	for _, tt := range tests {
		if got := l[Arabic].Amount(tt.n); got != tt.ar {
			t.Errorf("ar: Amount(%d) = %q, want %q", tt.n, got, tt.ar)
		}
		if got := l[French].Amount(tt.n); got != tt.fr {
			t.Errorf("fr: Amount(%d) = %q, want %q", tt.n, got, tt.fr)
		}
	}
}

func TestPercent(t *testing.T) {
	l := localizers(t)
	tests := []struct {
		p      int
		ar, fr string
	}{
		{0, "0%", "0" + nbsp + "%"},
		{45, "45%", "45" + nbsp + "%"},
		{100, "100%", "100" + nbsp + "%"},
		{1250, "1.250%", "1" + nnbsp + "250" + nbsp + "%"},
		{-5, lrm + "-5%", "-5" + nbsp + "%"},
	}
	for _, tt := range tests {
		if got := l[Arabic].Percent(tt.p); got != tt.ar {
			t.Errorf("ar: Percent(%d) = %q, want %q", tt.p, got, tt.ar)
		}
		if got := l[French].Percent(tt.p); got != tt.fr {
			t.Errorf("fr: Percent(%d) = %q, want %q", tt.p, got, tt.fr)
		}
	}
}

func TestDates(t *testing.T) {
	l := localizers(t)
	casablanca := time.FixedZone("Africa/Casablanca", 3600)
	tests := []struct {
		t                time.Time
		arDate, frDate   string
		arLong, frLong   string
		arDateTime, frDT string
	}{
		{
			t:      time.Date(2022, time.January, 12, 10, 0, 0, 0, casablanca),
			arDate: "12 يناير 2022", frDate: "12 janvier 2022",
			arLong: "الأربعاء 12 يناير 2022", frLong: "mercredi 12 janvier 2022",
			arDateTime: "12 يناير 2022 على الساعة 10:00", frDT: "12 janvier 2022 à 10" + nbsp + "h" + nbsp + "00",
		},
		{
			t:      time.Date(2022, time.February, 1, 9, 5, 0, 0, casablanca),
			arDate: "1 فبراير 2022", frDate: "1er février 2022",
			arLong: "الثلاثاء 1 فبراير 2022", frLong: "mardi 1er février 2022",
			arDateTime: "1 فبراير 2022 على الساعة 09:05", frDT: "1er février 2022 à 9" + nbsp + "h" + nbsp + "05",
		},
		{
			t:      time.Date(2022, time.February, 4, 15, 30, 0, 0, casablanca),
			arDate: "4 فبراير 2022", frDate: "4 février 2022",
			arLong: "الجمعة 4 فبراير 2022", frLong: "vendredi 4 février 2022",
			arDateTime: "4 فبراير 2022 على الساعة 15:30", frDT: "4 février 2022 à 15" + nbsp + "h" + nbsp + "30",
		},
		{
			t:      time.Date(2021, time.November, 30, 0, 0, 0, 0, time.UTC),
			arDate: "30 نونبر 2021", frDate: "30 novembre 2021",
			arLong: "الثلاثاء 30 نونبر 2021", frLong: "mardi 30 novembre 2021",
			arDateTime: "30 نونبر 2021 على الساعة 00:00", frDT: "30 novembre 2021 à 0" + nbsp + "h" + nbsp + "00",
		},
	}
	for _, tt := range tests {
		check := func(what, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("%s(%s) = %q, want %q", what, tt.t.Format(time.DateTime), got, want)
			}
		}
		check("ar Date", l[Arabic].Date(tt.t), tt.arDate)
		check("fr Date", l[French].Date(tt.t), tt.frDate)
		check("ar LongDate", l[Arabic].LongDate(tt.t), tt.arLong)
		check("fr LongDate", l[French].LongDate(tt.t), tt.frLong)
		check("ar DateTime", l[Arabic].DateTime(tt.t), tt.arDateTime)
		check("fr DateTime", l[French].DateTime(tt.t), tt.frDT)
	}
}

func TestMonthNames(t *testing.T) {
	l := localizers(t)
	ar := []string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
	fr := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	for i := range 12 {
		m := time.Month(i + 1)
		if got := l[Arabic].MonthName(m); got != ar[i] {
			t.Errorf("ar: MonthName(%d) = %q, want %q", m, got, ar[i])
		}
		if got := l[French].MonthName(m); got != fr[i] {
			t.Errorf("fr: MonthName(%d) = %q, want %q", m, got, fr[i])
		}
	}
	if got := l[Arabic].MonthName(13); got != "13" {
		t.Errorf("MonthName(13) = %q, want \"13\"", got)
	}
}

func TestWeekdays(t *testing.T) {
	l := localizers(t)
	ar := []string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"}
	fr := []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if got := l[Arabic].Weekday(d); got != ar[d] {
			t.Errorf("ar: Weekday(%s) = %q, want %q", d, got, ar[d])
		}
		if got := l[French].Weekday(d); got != fr[d] {
			t.Errorf("fr: Weekday(%s) = %q, want %q", d, got, fr[d])
		}
	}
	if got := l[French].Weekday(9); got != "9" {
		t.Errorf("Weekday(9) = %q, want \"9\"", got)
	}
}

func TestDecimal(t *testing.T) {
	c := mustCatalog(t)
	for _, tc := range []struct {
		lang Lang
		in   float64
		want string
	}{
		{French, 12.5, "12,5"}, {French, 1250, "1\u202f250"}, {Arabic, 12.5, "12,5"}, {Arabic, 1250, "1.250"},
		{French, 0.96, "1"}, {French, -0.5, "-0,5"}, {French, 3.04, "3"},
	} {
		if got := c.For(tc.lang).Decimal(tc.in); got != tc.want {
			t.Errorf("%s Decimal(%v) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}
