package i18n

import (
	"errors"
	"strings"
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
