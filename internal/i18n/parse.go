package i18n

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrNumber is returned by ParseNumber and ParseAmount for text that is not
// a whole number they can read.
var ErrNumber = errors.New("i18n: not a whole number")

// ParseNumber reads a whole number as a reader of either language types it:
// Western or Arabic-Indic digits ("١٢٥٠"), an optional sign, and thousands
// grouped by one separator used throughout, among ".", ",", "'", "٬" and
// spaces (ordinary, no-break, narrow no-break): "1.250.000",
// "1 250 000", "1250000". Groups after the first must have three digits, so
// a decimal such as "12,5" or "1.25" is refused rather than misread. Bidi
// marks that copying from a page may bring along are ignored.
func ParseNumber(s string) (int64, error) {
	s = strings.TrimSpace(stripMarks(s))
	neg := false
	if r, size := utf8.DecodeRuneInString(s); r == '-' || r == '+' || r == '−' {
		neg = r != '+'
		s = strings.TrimSpace(s[size:])
	}
	if s == "" {
		return 0, ErrNumber
	}
	var (
		n       uint64
		sep     rune // the separator in use, 0 until one is seen
		inGroup int  // digits since the last separator
		grouped bool
	)
	for _, r := range s {
		d, ok := digit(r)
		if ok {
			if n > (1<<63)/10 {
				return 0, ErrNumber
			}
			n = n*10 + uint64(d)
			inGroup++
			continue
		}
		if !isGroupSep(r) {
			return 0, ErrNumber
		}
		if isSpace(r) {
			r = ' ' // any space groups like any other
		}
		switch {
		case inGroup == 0, grouped && inGroup != 3, !grouped && inGroup > 3:
			return 0, ErrNumber
		case sep != 0 && r != sep:
			return 0, ErrNumber
		}
		sep, grouped, inGroup = r, true, 0
	}
	if inGroup == 0 || (grouped && inGroup != 3) {
		return 0, ErrNumber
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n-1) - 1, nil
	case !neg && n < 1<<63:
		return int64(n), nil
	}
	return 0, ErrNumber
}

// ParseAmount is ParseNumber for a sum in dirhams that may carry its unit
// before or after the number: "1 250 000 DH", "MAD 500", "1.250.000 درهم".
func ParseAmount(s string) (int64, error) {
	s = strings.TrimSpace(stripMarks(s))
	for _, unit := range []string{"dirhams", "dirham", "dhs", "dh", "mad", "دراهم", "درهما", "درهم"} {
		if len(s) >= len(unit) && strings.EqualFold(s[len(s)-len(unit):], unit) {
			s = s[:len(s)-len(unit)]
			break
		}
		if len(s) >= len(unit) && strings.EqualFold(s[:len(unit)], unit) {
			s = s[len(unit):]
			break
		}
	}
	return ParseNumber(s)
}

func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200e', '\u200f', '\u061c', '\u2066', '\u2067', '\u2068', '\u2069':
			return -1
		}
		return r
	}, s)
}

// digit reads Western, Arabic-Indic and Eastern Arabic-Indic digits.
func digit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '٠' && r <= '٩':
		return int(r - '٠'), true
	case r >= '۰' && r <= '۹':
		return int(r - '۰'), true
	}
	return 0, false
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

func isGroupSep(r rune) bool {
	return isSpace(r) || r == '.' || r == ',' || r == '\'' || r == '’' || r == '٬'
}

// ErrDate is returned by ParseDate and ParseClock for text that is not a
// date or a time of day they can read; ErrNoSuchDate by ParseDate for a
// date written well that does not exist (30 February).
var (
	ErrDate       = errors.New("i18n: not a date")
	ErrNoSuchDate = errors.New("i18n: no such date")
)

// ParseDate reads a calendar day as a reader of either language types it:
// ISO (2022-01-19, what date inputs send) or day first (19/01/2022,
// 19-01-2022, 19.01.2022), in Western or Arabic-Indic digits, bidi marks
// ignored. A day that does not exist (30 February) is refused, not rolled
// over; years are 1900 to 2200.
func ParseDate(s string) (time.Time, error) {
	parts, seps := fields(s)
	if len(parts) != 3 || seps[0] != seps[1] || !strings.ContainsRune("-/.", seps[0]) {
		return time.Time{}, ErrDate
	}
	y, m, d := parts[0], parts[1], parts[2]
	switch {
	case len(y) == 4 && seps[0] == '-' && len(m) <= 2 && len(d) <= 2:
	case len(d) == 4 && len(y) <= 2 && len(m) <= 2:
		y, d = d, y
	default:
		return time.Time{}, ErrDate
	}
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || t.Day() != day {
		return time.Time{}, ErrNoSuchDate
	}
	return t, nil
}

// ParseClock reads a time of day, 10:00 or 9:30 (also 10h00, as French
// writes it), in Western or Arabic-Indic digits; it returns hour and minute.
func ParseClock(s string) (hour, minute int, err error) {
	parts, seps := fields(s)
	if len(parts) != 2 || (seps[0] != ':' && seps[0] != 'h' && seps[0] != 'H') || len(parts[0]) > 2 || len(parts[1]) != 2 {
		return 0, 0, ErrDate
	}
	hour, _ = strconv.Atoi(parts[0])
	minute, _ = strconv.Atoi(parts[1])
	if hour > 23 || minute > 59 {
		return 0, 0, ErrDate
	}
	return hour, minute, nil
}

// ParsePercent reads a whole percentage from 0 to 100, with or without its
// sign ("50", "50 %", "٥٠٪").
func ParsePercent(s string) (int, error) {
	s = strings.TrimSpace(stripMarks(s))
	for _, sign := range []string{"%", "٪"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, sign), sign))
	}
	n, err := ParseNumber(s)
	if err != nil || n < 0 || n > 100 {
		return 0, ErrNumber
	}
	return int(n), nil
}

// fields splits s into runs of digits (as Western digits) and the single
// characters between them; anything else, or two separators in a row, gives
// no fields.
func fields(s string) (parts []string, seps []rune) {
	var cur strings.Builder
	for _, r := range strings.TrimSpace(stripMarks(s)) {
		if d, ok := digit(r); ok {
			cur.WriteByte(byte('0' + d))
			continue
		}
		if cur.Len() == 0 {
			return nil, nil
		}
		parts = append(parts, cur.String())
		cur.Reset()
		seps = append(seps, r)
	}
	if cur.Len() == 0 {
		return nil, nil
	}
	return append(parts, cur.String()), seps
}
