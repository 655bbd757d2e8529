package textsearch

import (
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"إستراتيجية", "استراتيجيه"},
		{"أحمد", "احمد"},
		{"آمال", "امال"},
		{"ٱلله", "الله"},
		{"مستشفى", "مستشفي"},
		{"مُدَرِّسَةٌ", "مدرسه"},
		{"الـــتنمية", "التنميه"},
		{"Réunion à Oujda", "Réunion à Oujda"},
		{"", ""},
		{"a\xffb", "a\uFFFDb"},
		{"\xd9ـ\x80", "\uFFFD\uFFFD"},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPassageMarksTermsWhateverTheSpelling(t *testing.T) {
	text := "قدمت الوزيرة الخطوط العريضة للإستراتيجية الجديدة للقطب الاجتماعي بجهة الشرق."
	segs := Passage(text, Terms("استراتيجية"), 30)
	var marked []string
	var all strings.Builder
	for _, s := range segs {
		all.WriteString(s.Text)
		if s.Mark {
			marked = append(marked, s.Text)
		}
	}
	if all.String() != text {
		t.Errorf("passage %q is not the text %q", all.String(), text)
	}
	if len(marked) != 1 || marked[0] != "للإستراتيجية" {
		t.Errorf("marked %q, want the word as written: للإستراتيجية", marked)
	}
	fr := Passage("La stratégie du pôle social et ses réunions régionales", Terms("strategie reunion"), 30)
	var frMarked []string
	for _, s := range fr {
		if s.Mark {
			frMarked = append(frMarked, s.Text)
		}
	}
	if strings.Join(frMarked, "|") != "stratégie|réunions" {
		t.Errorf("French marks %q", frMarked)
	}
}

func TestPassageCutsLongText(t *testing.T) {
	words := strings.Repeat("كلمة ", 100) + "الهدف " + strings.Repeat("نص ", 100)
	segs := Passage(words, Terms("الهدف"), 12)
	var b strings.Builder
	found := false
	for _, s := range segs {
		b.WriteString(s.Text)
		found = found || (s.Mark && s.Text == "الهدف")
	}
	if !found || !strings.HasPrefix(b.String(), "… ") || !strings.HasSuffix(b.String(), " …") || len(strings.Fields(b.String())) > 16 {
		t.Errorf("passage %q", b.String())
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"إستراتيجية", "مُدَرِّسَةٌ", "Réunion", "\xff\xfe", "ـــ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("not idempotent on %q", s)
		}
		if utf8.ValidString(s) && len(n) > len(s) {
			t.Fatalf("grew: %q -> %q", s, n)
		}
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		for _, r := range n {
			if r == 'أ' || r == 'إ' || r == 'آ' || r == 'ة' || r == 'ى' || r == 0x0640 || (r >= 0x064B && r <= 0x065F) {
				t.Fatalf("%q left %q", s, r)
			}
		}
	})
}

func FuzzPassage(f *testing.F) {
	f.Add("قدمت الوزيرة الإستراتيجية", "استراتيجية")
	f.Add("a\xffb c", "c")
	f.Fuzz(func(t *testing.T, text, query string) {
		segs := Passage(text, Terms(query), 20)
		for _, s := range segs {
			if s.Text == "" {
				t.Fatal("empty segment")
			}
		}
	})
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"للإستراتيجية", "استراتيجيه"},
		{"لاستراتيجية", "استراتيجيه"},
		{"والتنمية المستدامة", "تنميه مستدامه"},
		{"وزارة", "زاره"},
		{"والد", "والد"},
		{"الله", "الله"},
		{"بالرباط 2021-2026", "رباط 2021-2026"},
		{"Oujda الشرق", "Oujda شرق"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	f.Add("للإستراتيجية والتنمية")
	f.Add("\xffوال\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		if utf8.ValidString(s) && len(out) > len(s) {
			t.Fatalf("grew: %q -> %q", s, out)
		}
		if !utf8.ValidString(out) || Fold(out) != Fold(Fold(out)) {
			t.Fatalf("%q folds to %q", s, out)
		}
	})
}

// A passage costs what it shows: a long text whose only match is far in, or
// absent (the match was in the title), is cut quickly.
func BenchmarkPassageLongText(b *testing.B) {
	text := strings.Repeat("Le comité régional a examiné les propositions des associations de la province. ", 300) +
		strings.Repeat("وقد ناقشت اللجنة الجهوية مقترحات الجمعيات في مجال التنمية الاجتماعية. ", 300)
	terms := Terms("الطفولة enfance")
	for b.Loop() {
		Passage(text, terms, 30)
	}
}

// key's shortcuts give what the Unicode decomposition gives.
func FuzzKeyMatchesDecomposition(f *testing.F) {
	for _, s := range []string{"Réunion", "ÉLÈVES", "œuvre", "Çà", "naïve", "Ǆ", "ŉ", "ﬁ", "الإستراتيجية", "e\u0301", "Ångström", "ß", "İstanbul", "x\u0670y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), Fold(s))
		if err != nil {
			return
		}
		if want := strings.ToLower(out); key(s) != want {
			t.Errorf("key(%q) = %q, want %q", s, key(s), want)
		}
	})
}
