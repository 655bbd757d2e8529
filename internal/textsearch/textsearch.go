// Package textsearch normalises text for full-text search and marks the
// passages that matched a query. Normalize mirrors the SQL function
// normalize_ar (migrations/000004_search.up.sql): both sides of a search must
// fold spellings the same way, and a test holds the two together.
package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize folds Arabic spelling variants: alef with hamza or madda and alef
// wasla become bare alef, alef maqsura and Persian ya become ya, taa marbuta
// becomes ha, and tashkeel (U+064B-U+065F), superscript alef (U+0670) and
// tatweel (U+0640) are removed. Other text is returned unchanged, but for
// invalid UTF-8 bytes, which become U+FFFD (PostgreSQL stores none, and
// kept raw, removing a mark between two stray bytes could join them into a
// new character).
func Normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
			continue
		case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
			r = 'ا'
		case r == 'ى', r == 'ی':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// articlePrefixes are the article and the particles combined with it;
// letterPrefixes the single-letter conjunctions and prepositions.
var (
	articlePrefixes = []string{"وال", "بال", "كال", "فال", "لل", "ال"}
	letterPrefixes  = "وبلفك"
)

func isArabicLetter(r rune) bool { return r >= 0x0621 && r <= 0x064A }

// Fold is Normalize followed by detaching the proclitics glued to Arabic
// words: first the article with the particles combined with it (وال بال
// كال فال لل ال) when three letters or more remain, then a single و ب ل ف
// or ك when four letters or more remain. It mirrors the SQL function
// fold_ar, which feeds PostgreSQL's Arabic stemmer, applied alike to
// stored text and queries.
func Fold(s string) string {
	s = Normalize(s)
	var b strings.Builder
	b.Grow(len(s))
	start := -1
	flush := func(end int) {
		b.WriteString(foldWord(s[start:end]))
		start = -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			size = 1
		}
		if isArabicLetter(r) {
			if start < 0 {
				start = i
			}
		} else {
			if start >= 0 {
				flush(i)
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if start >= 0 {
		flush(len(s))
	}
	return b.String()
}

// foldWord detaches the proclitics of one word of Arabic letters.
func foldWord(w string) string {
	for _, p := range articlePrefixes {
		if strings.HasPrefix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= 3 {
			w = w[len(p):]
			break
		}
	}
	if r, size := utf8.DecodeRuneInString(w); strings.ContainsRune(letterPrefixes, r) && utf8.RuneCountInString(w) >= 5 {
		w = w[size:]
	}
	return w
}

// key is what two words are compared on when highlighting: Arabic spelling
// and proclitics folded, diacritics removed (NFD without its marks), lower
// case. It is called for every word a passage looks at, so the common
// scripts go through a table made by the Unicode decomposition itself;
// anything else takes the decomposition.
func key(s string) string {
	ascii, arabic := true, false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case r >= 0x0600 && r <= 0x06FF:
			ascii, arabic = false, true
		case r >= latinFrom && r < latinTo, unicode.Is(unicode.Mn, r):
			ascii = false
		default:
			out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), Fold(s))
			if err != nil {
				out = Fold(s)
			}
			return strings.ToLower(out)
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	if arabic {
		s = Fold(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r >= latinFrom && r < latinTo && bases[r-latinFrom] != 0:
			b.WriteRune(bases[r-latinFrom])
		case r >= arabicFrom && r < arabicTo && bases[r-arabicFrom+latinTo-latinFrom] != 0:
			b.WriteRune(bases[r-arabicFrom+latinTo-latinFrom])
		default:
			b.WriteRune(r)
		}
	}
	return strings.ToLower(b.String())
}

// bases maps the letters of U+00C0-U+024F (Latin) and U+0600-U+06FF
// (Arabic) that the decomposition changes to the single letter it leaves
// once the marks are removed (0: unchanged).
const latinFrom, latinTo, arabicFrom, arabicTo = 0x00C0, 0x0250, 0x0600, 0x0700

var bases = func() (t [latinTo - latinFrom + arabicTo - arabicFrom]rune) {
	strip := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	set := func(i int, r rune) {
		out, _, err := transform.String(strip, string(r))
		if b, size := utf8.DecodeRuneInString(out); err == nil && size == len(out) && b != r {
			t[i] = b
		}
	}
	for r := rune(latinFrom); r < latinTo; r++ {
		set(int(r-latinFrom), r)
	}
	for r := rune(arabicFrom); r < arabicTo; r++ {
		set(int(r-arabicFrom+latinTo-latinFrom), r)
	}
	return t
}()

// Terms splits a query into folded words, dropping operators and duplicates.
func Terms(query string) []string {
	var terms []string
	seen := map[string]bool{}
	ws, _ := words(query, 0)
	for _, w := range ws {
		f := key(w.text)
		if utf8.RuneCountInString(f) < 2 || seen[f] || f == "or" {
			continue
		}
		seen[f] = true
		terms = append(terms, f)
	}
	return terms
}

// matches reports whether word begins with most of one of terms: the first
// three quarters of a long term must agree, enough to catch plural and
// feminine endings (استراتيجية / استراتيجيات, réunion / réunions) without
// matching everything.
func matches(word string, terms []string) bool {
	w := key(word)
	for _, t := range terms {
		if strings.HasPrefix(w, t[:prefixLen(t)]) {
			return true
		}
	}
	return false
}

// prefixLen is the length in bytes of the part of term a word must begin
// with: all of a term of up to four letters, three quarters of a longer one.
func prefixLen(term string) int {
	n := utf8.RuneCountInString(term)
	if n > 4 {
		n -= n / 4
	}
	i := 0
	for range n {
		_, size := utf8.DecodeRuneInString(term[i:])
		i += size
	}
	return i
}

type word struct {
	text       string
	start, end int
}

// words splits s into words, the first limit of them (limit <= 0: all),
// and says whether words were left out.
func words(s string, limit int) ([]word, bool) {
	var out []word
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 0x0640
		if inWord && start < 0 {
			if limit > 0 && len(out) == limit {
				return out, true
			}
			start = i
		}
		if !inWord && start >= 0 {
			out = append(out, word{s[start:i], start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{s[start:], start, len(s)})
	}
	return out, false
}

// maxScan bounds the words a passage looks for a match in: a passage costs
// what the page shows, not the length of the record. A record whose first
// match lies further in (or whose match is in its title) shows its start.
const maxScan = 400

// Segment is a piece of a passage; Mark is set on the pieces that matched.
type Segment struct {
	Text string
	Mark bool
}

// Passage returns the part of text around the first word matching one of
// terms (among its first maxScan words), at most about maxWords words long, split into segments with the
// matching words marked. Without a match it returns the start of the text.
// Ellipses are added where the passage cuts the text.
func Passage(text string, terms []string, maxWords int) []Segment {
	ws, more := words(text, maxScan)
	if len(ws) == 0 {
		return nil
	}
	// Words repeat: each distinct one is folded once.
	seen := make(map[string]bool, 64)
	match := func(w string) bool {
		m, ok := seen[w]
		if !ok {
			m = matches(w, terms)
			seen[w] = m
		}
		return m
	}
	first := -1
	for i, w := range ws {
		if match(w.text) {
			first = i
			break
		}
	}
	from := 0
	if first > maxWords/3 {
		from = first - maxWords/3
	}
	to := from + maxWords
	if to > len(ws) {
		to = len(ws)
	}
	start, end := ws[from].start, ws[to-1].end
	if from == 0 {
		start = 0
	}
	atEnd := to == len(ws) && !more
	if atEnd {
		end = len(text)
	}
	var segs []Segment
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(segs); n > 0 && segs[n-1].Mark == mark {
			segs[n-1].Text += s
			return
		}
		segs = append(segs, Segment{s, mark})
	}
	if from > 0 {
		add("… ", false)
	}
	pos := start
	for _, w := range ws[from:to] {
		add(text[pos:w.start], false)
		add(w.text, match(w.text))
		pos = w.end
	}
	add(text[pos:end], false)
	if !atEnd {
		add(" …", false)
	}
	return segs
}
