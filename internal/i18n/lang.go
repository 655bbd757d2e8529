// Package i18n gives the portal its two languages: the message catalogue
// loaded from locales/ (go-i18n), the reader's language carried in the
// request context for templ components, and the Moroccan conventions for
// dates, numbers, amounts and plurals in Arabic and French.
//
// Arabic is the default language and is written right to left; French is the
// second. Nothing here is global: main builds one Catalog with NewCatalog and
// middleware puts the reader's Localizer in each request's context.
package i18n

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Lang is one of the portal's languages, as its URL prefix and its BCP 47
// code ("ar", "fr").
type Lang string

// The portal's languages. Arabic is the default.
const (
	Arabic Lang = "ar"
	French Lang = "fr"
)

// Langs lists the languages in the order they are offered, default first.
var Langs = []Lang{Arabic, French}

// ParseLang recognises a language code as it appears in a URL prefix or a
// form value. Only the canonical lowercase codes "ar" and "fr" are accepted,
// so every page has one URL; callers may redirect other spellings.
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case Arabic:
		return Arabic, true
	case French:
		return French, true
	}
	return "", false
}

// String returns the language code.
func (l Lang) String() string { return string(l) }

// Dir returns the writing direction for the HTML dir attribute: "rtl" for
// Arabic, "ltr" for French.
func (l Lang) Dir() string {
	if l == French {
		return "ltr"
	}
	return "rtl"
}

// Other returns the other language of the pair, the target of the language
// switch.
func (l Lang) Other() Lang {
	if l == French {
		return Arabic
	}
	return French
}

// Name returns the language's name in that language, as the language switch
// shows it: "العربية" or "Français". The element showing it needs its own
// lang attribute (lang="ar" inside a French page, and the reverse).
func (l Lang) Name() string {
	if l == French {
		return "Français"
	}
	return "العربية"
}

// Tag returns the language tag, for golang.org/x/text (collation, casing).
func (l Lang) Tag() language.Tag {
	if l == French {
		return language.French
	}
	return language.Arabic
}

// maxAcceptLanguage bounds the work Negotiate does on a hostile header.
const maxAcceptLanguage = 4096

// Negotiate picks Arabic or French from an Accept-Language header value. It
// honours q-values (the highest wins; between equals, the first listed) and
// matches on the primary subtag, so "fr-FR" and "ar-MA" count. A language
// with q=0 is refused. When the header is empty, malformed or names neither
// language, the answer is Arabic, the portal's default.
func Negotiate(acceptLanguage string) Lang {
	if len(acceptLanguage) > maxAcceptLanguage {
		acceptLanguage = acceptLanguage[:maxAcceptLanguage]
	}
	best, bestQ := Arabic, 0.0
	for part := range strings.SplitSeq(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(part, ";")
		primary, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
		primary, _, _ = strings.Cut(primary, "_")
		l, ok := ParseLang(strings.ToLower(primary))
		if !ok {
			continue
		}
		q, ok := qValue(params)
		if !ok || q <= 0 {
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// qValue reads the q parameter of one Accept-Language entry (the text after
// its first ";"); 1 when absent, false when malformed.
func qValue(params string) (float64, bool) {
	q := 1.0
	for p := range strings.SplitSeq(params, ";") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || f < 0 || f > 1 {
			return 0, false
		}
		q = f
	}
	return q, true
}
