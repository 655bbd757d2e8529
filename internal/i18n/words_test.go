package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// Each counted noun in every form its language has: the six Arabic CLDR
// categories (zero 0, one 1, two 2, few 3, many 11, other 100) and the two
// French ones used below a million (one 0 and 1, other 2).
func TestCountedNounsInEveryForm(t *testing.T) {
	c := mustCatalog(t)
	nnb := NarrowNoBreakSpace
	tests := []struct {
		id string
		ar [6]string // 0, 1, 2, 3, 11, 100
		fr [3]string // 0, 1, 2
	}{
		{"meetings_count", [6]string{"لا لقاء", "لقاء واحد", "لقاءان", "3 لقاءات", "11 لقاءً", "100 لقاء"},
			[3]string{"0 rencontre", "1 rencontre", "2 rencontres"}},
		{"agreements_count", [6]string{"لا اتفاقية", "اتفاقية واحدة", "اتفاقيتان", "3 اتفاقيات", "11 اتفاقية", "100 اتفاقية"},
			[3]string{"0 convention", "1 convention", "2 conventions"}},
		{"regions_count", [6]string{"لا جهة", "جهة واحدة", "جهتان", "3 جهات", "11 جهة", "100 جهة"},
			[3]string{"0 région", "1 région", "2 régions"}},
		{"axes_count", [6]string{"لا محور", "محور واحد", "محوران", "3 محاور", "11 محورا", "100 محور"},
			[3]string{"0 axe", "1 axe", "2 axes"}},
		{"expectations_count", [6]string{"لا انتظار", "انتظار واحد", "انتظاران", "3 انتظارات", "11 انتظارا", "100 انتظار"},
			[3]string{"0 attente", "1 attente", "2 attentes"}},
		{"months_count", [6]string{"لا شهر", "شهر واحد", "شهران", "3 أشهر", "11 شهرا", "100 شهر"},
			[3]string{"0 mois", "1 mois", "2 mois"}},
		{"days_count", [6]string{"0 يوم", "يوم واحد", "يومان", "3 أيام", "11 يوما", "100 يوم"},
			[3]string{"0 jour", "1 jour", "2 jours"}},
		{"expectations_older_than", [6]string{"أكثر من 0 يوم", "أكثر من يوم واحد", "أكثر من يومين", "أكثر من 3 أيام", "أكثر من 11 يوما", "أكثر من 100 يوم"},
			[3]string{"Plus de 0 jour", "Plus de 1 jour", "Plus de 2 jours"}},
		{"comment_count", [6]string{"لا تعليق", "تعليق واحد", "تعليقان", "3 تعليقات", "11 تعليقا", "100 تعليق"},
			[3]string{"0 commentaire", "1 commentaire", "2 commentaires"}},
		{"admin_audit_count", [6]string{"لا توجد أي عملية", "عملية واحدة", "عمليتان", "3 عمليات", "11 عملية", "100 عملية"},
			[3]string{"0 opération", "1 opération", "2 opérations"}},
		{"form_rows_count", [6]string{"لا سطر", "سطر واحد", "سطران", "3 أسطر", "11 سطرا", "100 سطر"},
			[3]string{"0 ligne", "1 ligne", "2 lignes"}},
		{"completeness_missing", [6]string{"لا حقل ينقصه نص", "حقل واحد ينقصه نص بإحدى اللغتين:", "حقلان ينقصهما نص بإحدى اللغتين:",
			"3 حقول ينقصها نص بإحدى اللغتين:", "11 حقلا ينقصها نص بإحدى اللغتين:", "100 حقل ينقصها نص بإحدى اللغتين:"},
			[3]string{"0 champ n'existe que dans une langue" + NoBreakSpace + ":", "1 champ n'existe que dans une langue" + NoBreakSpace + ":",
				"2 champs n'existent que dans une langue" + NoBreakSpace + ":"}},
		{"unit_desks", [6]string{"0 نقطة", "نقطة واحدة", "نقطتان", "3 نقط", "11 نقطة", "100 نقطة"},
			[3]string{"0 guichet", "1 guichet", "2 guichets"}},
		{"unit_services", [6]string{"0 خدمة", "خدمة واحدة", "خدمتان", "3 خدمات", "11 خدمة", "100 خدمة"},
			[3]string{"0 service", "1 service", "2 services"}},
		{"unit_projects", [6]string{"0 مشروع", "مشروع واحد", "مشروعان", "3 مشاريع", "11 مشروعا", "100 مشروع"},
			[3]string{"0 projet", "1 projet", "2 projets"}},
		{"unit_agreements", [6]string{"0 اتفاقية", "اتفاقية واحدة", "اتفاقيتان", "3 اتفاقيات", "11 اتفاقية", "100 اتفاقية"},
			[3]string{"0 convention", "1 convention", "2 conventions"}},
		{"unit_pilots", [6]string{"0 تجربة", "تجربة واحدة", "تجربتان", "3 تجارب", "11 تجربة", "100 تجربة"},
			[3]string{"0 expérience", "1 expérience", "2 expériences"}},
		{"unit_mobile_units", [6]string{"0 وحدة", "وحدة واحدة", "وحدتان", "3 وحدات", "11 وحدة", "100 وحدة"},
			[3]string{"0 unité", "1 unité", "2 unités"}},
		{"unit_women", [6]string{"0 امرأة", "امرأة واحدة", "امرأتان", "3 نساء", "11 امرأة", "100 امرأة"},
			[3]string{"0 femme", "1 femme", "2 femmes"}},
	}
	arCounts := [6]int{0, 1, 2, 3, 11, 100}
	for _, tt := range tests {
		for i, n := range arCounts {
			if got := c.For(Arabic).N(tt.id, n); got != tt.ar[i] {
				t.Errorf("ar %s(%d) = %q, want %q", tt.id, n, got, tt.ar[i])
			}
		}
		for n := range 3 {
			if got := c.For(French).N(tt.id, n); got != tt.fr[n] {
				t.Errorf("fr %s(%d) = %q, want %q", tt.id, n, got, tt.fr[n])
			}
		}
		if got, want := c.For(French).N(tt.id, 1250), "1"+nnb+"250 "; !strings.HasPrefix(got, want) && !strings.HasPrefix(got, "Plus de "+want) {
			t.Errorf("fr %s(1250) = %q", tt.id, got)
		}
	}
}

// pageMessages are the messages shown on pages: not the e-mails' plain
// text nor the feeds' titles, which are read outside a page.
func pageMessages(t *testing.T, l Lang) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for id, forms := range readLocale(t, l) {
		if !strings.HasPrefix(id, "mail_") && !strings.HasPrefix(id, "feed_") {
			out[id] = forms
		}
	}
	return out
}

// ltrExample is what reads left to right in both languages: a date, a
// number grouped with spaces or dots, an e-mail or web address, a path, a
// file extension.
var ltrExample = regexp.MustCompile(`\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,3}(?: \d{3})+|\d{1,3}(?:\.\d{3})+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s"]+|/[\w.-]+(?:/[\w.-]+)+|(?:^|[\s(])\.[a-z]{2,5}\b`)

var arabicLetter = regexp.MustCompile(`[\x{0600}-\x{06ff}]`)

// An Arabic message that gives an example date, amount, address or path
// isolates it (U+2066 ... U+2069), so that it reads as the reader types it
// instead of being reordered by the Arabic around it ("000 250 1",
// "19-01-2022", "ar/meetings/id/").
func TestArabicExamplesAreIsolated(t *testing.T) {
	for id, forms := range pageMessages(t, Arabic) {
		for form, s := range forms {
			if !arabicLetter.MatchString(s) {
				continue // the whole message is the example, shown in an element of its own direction
			}
			for _, loc := range ltrExample.FindAllStringIndex(s, -1) {
				before, after := s[:loc[0]], s[loc[1]:]
				if !strings.HasSuffix(before, "\u2066") && !strings.HasSuffix(before, "\u2068") || !strings.HasPrefix(after, "\u2069") {
					t.Errorf("ar [%s] %s: %q is not isolated in %q", id, form, s[loc[0]:loc[1]], s)
				}
			}
		}
	}
}

// Placeholders that carry what people wrote (a title, a name, a query) or
// an address are isolated in both languages, whatever their direction:
// U+2068 (first strong) or U+2066 (left to right) before, U+2069 after.
func TestWrittenTextInMessagesIsIsolated(t *testing.T) {
	written := regexp.MustCompile(`\{\{\.(Title|Query|By|Email|Answer|Name)\}\}`)
	for _, l := range []Lang{Arabic, French} {
		for id, forms := range pageMessages(t, l) {
			for form, s := range forms {
				for _, loc := range written.FindAllStringIndex(s, -1) {
					before, after := s[:loc[0]], s[loc[1]:]
					if !strings.HasSuffix(before, "\u2066") && !strings.HasSuffix(before, "\u2068") || !strings.HasPrefix(after, "\u2069") {
						t.Errorf("%s [%s] %s: %s is not isolated in %q", l, id, form, s[loc[0]:loc[1]], s)
					}
				}
			}
		}
	}
}

// French puts a no-break space before a colon and a narrow one before a
// semicolon, an exclamation or a question mark, and inside « ».
func TestFrenchPunctuation(t *testing.T) {
	high := regexp.MustCompile(`(^|[^\x{00a0}\x{202f}])[:;!?](\s|$)`)
	quotes := regexp.MustCompile(`«[^\x{00a0}\x{202f}]|[^\x{00a0}\x{202f}]»`)
	for id, forms := range readLocale(t, French) {
		for form, s := range forms {
			if m := high.FindString(s); m != "" {
				t.Errorf("fr [%s] %s: %q without its no-break space in %q", id, form, strings.TrimSpace(m), s)
			}
			if m := quotes.FindString(s); m != "" {
				t.Errorf("fr [%s] %s: %q without its no-break space in %q", id, form, m, s)
			}
		}
	}
}

// One term per concept: a meeting of the series is "لقاء" and
// "rencontre" everywhere, headings and counts alike.
func TestOneTermPerConcept(t *testing.T) {
	for _, c := range []struct {
		lang  Lang
		avoid *regexp.Regexp
		use   string
	}{
		{Arabic, regexp.MustCompile(`(^|[\s«(])(ال)?اجتماع(ات|ا|ان|ين)?($|[\s،.:»)])`), "لقاء"},
		{French, regexp.MustCompile(`(?i)réunion`), "rencontre"},
	} {
		for id, forms := range readLocale(t, c.lang) {
			for form, s := range forms {
				if c.avoid.MatchString(s) {
					t.Errorf("%s [%s] %s says %q where the portal says %q: %q", c.lang, id, form, c.avoid.FindString(s), c.use, s)
				}
			}
		}
	}
}

// A select's empty choice says "—" or that nothing is stated, never
// "nobody" or a bare "all" whose gender French cannot agree.
func TestEmptyChoices(t *testing.T) {
	c := mustCatalog(t)
	for _, tt := range []struct {
		id     string
		ar, fr string
	}{
		{"form_none", "غير محدد", "Non précisé"},
		{"form_choose", "—", "—"},
		{"filter_any_region", "كل الجهات", "Toutes les régions"},
		{"filter_any_year", "كل السنوات", "Toutes les années"},
		{"filter_any_format", "كل الصيغ", "Tous les formats"},
	} {
		if got := c.For(Arabic).T(tt.id); got != tt.ar {
			t.Errorf("ar %s = %q, want %q", tt.id, got, tt.ar)
		}
		if got := c.For(French).T(tt.id); got != tt.fr {
			t.Errorf("fr %s = %q, want %q", tt.id, got, tt.fr)
		}
	}
}

// An indicator's value, a decimal, takes the plural form CLDR gives it.
func TestDecimalCounts(t *testing.T) {
	c := mustCatalog(t)
	for _, tt := range []struct {
		lang Lang
		v    float64
		want string
	}{
		{Arabic, 4, "4 خدمات"},
		{Arabic, 21, "21 خدمة"},
		{Arabic, 1, "خدمة واحدة"},
		{Arabic, 12.5, "12,5 خدمة"},  // a fraction: other
		{Arabic, 1250, "1.250 خدمة"}, // many (50), grouped
		{French, 1.5, "1,5 service"}, // i = 1: one
		{French, 21, "21 services"},
		{French, 12.46, "12,5 services"},
	} {
		if got := c.For(tt.lang).NDecimal("unit_services", tt.v); got != tt.want {
			t.Errorf("%s NDecimal(%v) = %q, want %q", tt.lang, tt.v, got, tt.want)
		}
	}
}
