package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Characters the formats below use. They are exported so that tests and
// templates can spell expected text without invisible literals.
const (
	// NoBreakSpace (U+00A0) joins a number to its unit: "45 %",
	// "1 250 000 DH", "1.250.000 درهم", and the parts of "10 h 00".
	NoBreakSpace = "\u00a0"
	// NarrowNoBreakSpace (U+202F) groups thousands in French, as CLDR has
	// done since version 34 and French typography prefers: "1 250 000".
	NarrowNoBreakSpace = "\u202f"
	// LeftToRightMark (U+200E) precedes the minus sign in Arabic, as CLDR
	// ar-MA does, so that "-5.000" keeps its sign on the left inside a
	// right-to-left line instead of showing "5.000-".
	LeftToRightMark = "\u200e"
)

// Moroccan Arabic month names (FACTS.md, "Local conventions"), not the
// Levantine (كانون الثاني) or Egyptian (يناير ... أغسطس) series.
var arabicMonths = [12]string{
	"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
	"يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
}

var frenchMonths = [12]string{
	"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre",
}

// Indexed by time.Weekday: Sunday first.
var arabicWeekdays = [7]string{
	"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
}

var frenchWeekdays = [7]string{
	"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
}

// lang is the localizer's language, Arabic for a nil or zero Localizer.
func (l *Localizer) lang() Lang {
	if l != nil && l.Lang == French {
		return French
	}
	return Arabic
}

// MonthName returns the month's name: "يناير" ... "دجنبر" in Arabic,
// "janvier" ... "décembre" (lowercase, as French writes it) in French.
func (l *Localizer) MonthName(m time.Month) string {
	if m < time.January || m > time.December {
		return strconv.Itoa(int(m))
	}
	if l.lang() == French {
		return frenchMonths[m-1]
	}
	return arabicMonths[m-1]
}

// Weekday returns the day's name: "الأربعاء", "mercredi".
func (l *Localizer) Weekday(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return strconv.Itoa(int(d))
	}
	if l.lang() == French {
		return frenchWeekdays[d]
	}
	return arabicWeekdays[d]
}

// Date returns the day, month name and year with Western digits:
// "12 يناير 2022", "12 janvier 2022", and "1er février 2022" for the first of
// a month in French. The date is read in t's own location; convert to
// Africa/Casablanca before calling if t is not already local.
func (l *Localizer) Date(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if l.lang() == French && t.Day() == 1 {
		day = "1er"
	}
	return day + " " + l.MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// LongDate is Date preceded by the weekday: "الأربعاء 12 يناير 2022",
// "mercredi 12 janvier 2022".
func (l *Localizer) LongDate(t time.Time) string {
	return l.Weekday(t.Weekday()) + " " + l.Date(t)
}

// Time returns the 24-hour clock time: "09:30" in Arabic, "9 h 30" in
// French (no-break spaces, so it never splits across lines).
func (l *Localizer) Time(t time.Time) string {
	if l.lang() == French {
		return strconv.Itoa(t.Hour()) + NoBreakSpace + "h" + NoBreakSpace + t.Format("04")
	}
	return t.Format("15:04")
}

// DateTime returns Date and Time joined the way an announcement reads:
// "12 يناير 2022 على الساعة 10:00", "12 janvier 2022 à 10 h 00".
func (l *Localizer) DateTime(t time.Time) string {
	if l.lang() == French {
		return l.Date(t) + " à " + l.Time(t)
	}
	return l.Date(t) + " على الساعة " + l.Time(t)
}

// Number returns n with Western digits and thousands grouped as CLDR does:
// Arabic (ar-MA) "1.250.000", "‎-5.000" (the minus after a LeftToRightMark);
// French (fr, not fr-MA, whose "1.250.000" the portal's French does not use)
// "1 250 000" with NarrowNoBreakSpace, "-5 000".
func (l *Localizer) Number(n int64) string {
	if l.lang() == French {
		return group(n, NarrowNoBreakSpace, "-")
	}
	return group(n, ".", LeftToRightMark+"-")
}

// Decimal returns f with one decimal at most, grouped as Number and with
// the language's decimal separator: "12,5" in French and Arabic, "1.250"
// (Arabic) for a whole number.
func (l *Localizer) Decimal(f float64) string {
	whole := int64(f)
	if f == float64(whole) {
		return l.Number(whole)
	}
	tenths := int64(math.Round(math.Abs(f-float64(whole)) * 10))
	switch tenths {
	case 0:
		return l.Number(whole)
	case 10:
		return l.Decimal(math.Round(f))
	}
	sign := ""
	if f < 0 && whole == 0 {
		sign = "-"
	}
	return sign + l.Number(whole) + "," + strconv.FormatInt(tenths, 10)
}

// Amount returns a sum in dirhams, without decimals: "1.250.000 درهم",
// "1 250 000 DH", the unit joined by a NoBreakSpace. The Arabic unit stays
// "درهم" whatever the count, as in Moroccan official and financial writing.
func (l *Localizer) Amount(dirhams int64) string {
	if l.lang() == French {
		return l.Number(dirhams) + NoBreakSpace + "DH"
	}
	return l.Number(dirhams) + NoBreakSpace + "درهم"
}

// Percent returns a whole percentage: "45%" in Arabic, "45 %" in French
// (NoBreakSpace before the sign).
func (l *Localizer) Percent(p int) string {
	if l.lang() == French {
		return l.Number(int64(p)) + NoBreakSpace + "%"
	}
	return l.Number(int64(p)) + "%"
}

// group writes n in decimal with sep between groups of three digits.
func group(n int64, sep, minus string) string {
	var u uint64
	if n < 0 {
		u = uint64(-(n + 1)) + 1 // safe for math.MinInt64
	} else {
		u = uint64(n)
	}
	digits := strconv.FormatUint(u, 10)
	var b strings.Builder
	if n < 0 {
		b.WriteString(minus)
	}
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteString(sep)
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
