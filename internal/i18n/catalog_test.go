package i18n

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"tachawor/locales"
)

// rawMessages is a locale file as written: message ID to its keys (zero,
// one, ..., other, description) and their text.
type rawMessages map[string]map[string]string

var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// readLocale parses locales/<lang>.toml with BurntSushi/toml directly, so the
// tests see exactly which forms each message spells out.
func readLocale(t *testing.T, l Lang) rawMessages {
	t.Helper()
	buf, err := fs.ReadFile(locales.FS, string(l)+".toml")
	if err != nil {
		t.Fatalf("read %s.toml: %v", l, err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(buf, &raw); err != nil {
		t.Fatalf("parse %s.toml: %v", l, err)
	}
	msgs := make(rawMessages, len(raw))
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			msgs[id] = map[string]string{"other": v}
		case map[string]any:
			m := make(map[string]string, len(v))
			for k, s := range v {
				str, ok := s.(string)
				if !ok {
					t.Errorf("%s.toml: [%s] %s is a %T, want a string (IDs must not contain dots or nest)", l, id, k, s)
					continue
				}
				m[k] = str
			}
			msgs[id] = m
		default:
			t.Errorf("%s.toml: %s is a %T, want a table or a string", l, id, v)
		}
	}
	return msgs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isPlural reports whether a message gives forms besides "other".
func isPlural(forms map[string]string) bool {
	for _, f := range pluralForms[:5] {
		if _, ok := forms[f]; ok {
			return true
		}
	}
	return false
}

// The house rule: Arabic and French define the same message IDs.
func TestLocalesHaveSameIDs(t *testing.T) {
	ar, fr := readLocale(t, Arabic), readLocale(t, French)
	onlyAr, onlyFr := diff(sortedKeys(ar), sortedKeys(fr))
	if len(onlyAr) > 0 {
		t.Errorf("message IDs in locales/ar.toml but missing from locales/fr.toml (translate them):\n  %s",
			strings.Join(onlyAr, "\n  "))
	}
	if len(onlyFr) > 0 {
		t.Errorf("message IDs in locales/fr.toml but missing from locales/ar.toml (translate them):\n  %s",
			strings.Join(onlyFr, "\n  "))
	}
}

func TestNewCatalogLoadsLocales(t *testing.T) {
	c, err := NewCatalog(locales.FS)
	if err != nil {
		t.Fatalf("NewCatalog(locales.FS): %v", err)
	}
	ids := c.IDs()
	if !slices.IsSorted(ids) {
		t.Errorf("IDs() not sorted: %v", ids)
	}
	if want := sortedKeys(readLocale(t, Arabic)); !slices.Equal(ids, want) {
		t.Errorf("IDs() = %v, want the IDs of ar.toml %v", ids, want)
	}
	for _, id := range []string{"portal_name", "meetings_count", "agreements_count", "regions_count", "axes_count"} {
		if !slices.Contains(ids, id) {
			t.Errorf("IDs() lacks %q", id)
		}
	}
	for _, l := range Langs {
		for _, id := range ids {
			if got := c.For(l).T(id); got == "" || strings.HasPrefix(got, "[[") {
				t.Errorf("%s: T(%q) = %q", l, id, got)
			}
		}
	}
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

var messageKeys = []string{"zero", "one", "two", "few", "many", "other", "description", "hash"}

func TestMessagesWellFormed(t *testing.T) {
	for _, l := range Langs {
		for id, forms := range readLocale(t, l) {
			if !idPattern.MatchString(id) {
				t.Errorf("%s.toml: ID %q is not lowercase snake_case (no dots, no dashes)", l, id)
			}
			if _, ok := forms["other"]; !ok {
				t.Errorf("%s.toml: [%s] has no \"other\" text", l, id)
			}
			for k, text := range forms {
				if !slices.Contains(messageKeys, k) {
					t.Errorf("%s.toml: [%s] has unknown key %q (allowed: %v)", l, id, k, messageKeys)
				}
				if slices.Contains(pluralForms, k) && strings.TrimSpace(text) == "" {
					t.Errorf("%s.toml: [%s] %s is empty", l, id, k)
				}
			}
		}
	}
}

func TestPluralMessagesHaveEveryForm(t *testing.T) {
	ar, fr := readLocale(t, Arabic), readLocale(t, French)
	// French CLDR forms: one (0 and 1), many (exact millions), other.
	// Without "many", go-i18n falls back to "other" but reports an error.
	frenchForms := []string{"one", "many", "other"}
	for _, id := range sortedKeys(ar) {
		arPlural := isPlural(ar[id])
		if arPlural {
			for _, f := range pluralForms {
				if _, ok := ar[id][f]; !ok {
					t.Errorf("ar.toml: plural message [%s] lacks form %q; Arabic needs all six: %v", id, f, pluralForms)
				}
			}
		}
		frForms, ok := fr[id]
		if !ok {
			continue // reported by TestLocalesHaveSameIDs
		}
		if frPlural := isPlural(frForms); frPlural != arPlural {
			t.Errorf("[%s] is plural in one language only (ar: %v, fr: %v)", id, arPlural, frPlural)
		}
		if isPlural(frForms) {
			for _, f := range frenchForms {
				if _, ok := frForms[f]; !ok {
					t.Errorf("fr.toml: plural message [%s] lacks form %q; French needs %v", id, f, frenchForms)
				}
			}
		}
	}
}

// Every plural message renders for counts that reach each CLDR category,
// without a misspelt field ("<no value>").
func TestPluralMessagesRender(t *testing.T) {
	c := mustCatalog(t)
	ar := readLocale(t, Arabic)
	for _, id := range c.IDs() {
		if !isPlural(ar[id]) {
			continue
		}
		for _, l := range Langs {
			for _, n := range []int{0, 1, 2, 3, 11, 100, 1000000} {
				got := c.For(l).N(id, n)
				if got == "" || strings.HasPrefix(got, "[[") || strings.Contains(got, "<no value>") {
					t.Errorf("%s: N(%q, %d) = %q", l, id, n, got)
				}
			}
		}
	}
}

func TestNewCatalogErrors(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string // substrings of the error
	}{
		{
			name: "IDs differ",
			fsys: fstest.MapFS{
				"ar.toml": file("[a]\nother = \"أ\"\n[b]\nother = \"ب\"\n[d]\nother = \"د\"\n"),
				"fr.toml": file("[b]\nother = \"b\"\n[c]\nother = \"c\"\n[e]\nother = \"e\"\n"),
			},
			want: []string{"only in ar.toml (add to fr.toml): a, d", "only in fr.toml (add to ar.toml): c, e"},
		},
		{
			name: "bad TOML",
			fsys: fstest.MapFS{
				"ar.toml": file("[a]\nother = \"أ\"\n"),
				"fr.toml": file("[a]\nother = \"unterminated\n"),
			},
			want: []string{"fr.toml"},
		},
		{
			name: "missing file",
			fsys: fstest.MapFS{"ar.toml": file("[a]\nother = \"أ\"\n")},
			want: []string{"fr.toml"},
		},
		{
			name: "broken template",
			fsys: fstest.MapFS{
				"ar.toml": file("[a]\nother = \"{{.Count\"\n"),
				"fr.toml": file("[a]\nother = \"a\"\n"),
			},
			want: []string{"ar.toml", `"a"`, "other"},
		},
		{
			name: "mixed message and nested keys",
			fsys: fstest.MapFS{
				"ar.toml": file("[a]\nother = \"أ\"\n[a.b]\nother = \"ب\"\n"),
				"fr.toml": file("[a]\nother = \"a\"\n"),
			},
			want: []string{"ar.toml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCatalog(tt.fsys)
			if err == nil {
				t.Fatalf("NewCatalog() = %v, nil; want an error", c.IDs())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestMismatchErrorFields(t *testing.T) {
	_, err := NewCatalog(fstest.MapFS{
		"ar.toml": &fstest.MapFile{Data: []byte("[a]\nother = \"أ\"\n")},
		"fr.toml": &fstest.MapFile{Data: []byte("[b]\nother = \"b\"\n")},
	})
	var mm *MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("error %v is not a *MismatchError", err)
	}
	if !slices.Equal(mm.OnlyArabic, []string{"a"}) || !slices.Equal(mm.OnlyFrench, []string{"b"}) {
		t.Errorf("MismatchError = %+v, want OnlyArabic [a], OnlyFrench [b]", mm)
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		a, b, onlyA, onlyB []string
	}{
		{nil, nil, nil, nil},
		{[]string{"a"}, nil, []string{"a"}, nil},
		{nil, []string{"a"}, nil, []string{"a"}},
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}, nil, nil},
		{[]string{"a", "c", "e"}, []string{"b", "c", "d"}, []string{"a", "e"}, []string{"b", "d"}},
	}
	for _, tt := range tests {
		onlyA, onlyB := diff(tt.a, tt.b)
		if !slices.Equal(onlyA, tt.onlyA) || !slices.Equal(onlyB, tt.onlyB) {
			t.Errorf("diff(%v, %v) = %v, %v; want %v, %v", tt.a, tt.b, onlyA, onlyB, tt.onlyA, tt.onlyB)
		}
	}
}

func mustCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := NewCatalog(locales.FS)
	if err != nil {
		t.Fatalf("NewCatalog(locales.FS): %v", err)
	}
	return c
}
