package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Catalog holds the translated messages of both languages. It is built once
// at start-up and is safe for concurrent use.
type Catalog struct {
	ids        []string
	localizers map[Lang]*Localizer

	// warned remembers which (language, message) problems were already
	// logged, so that a missing ID on a busy page logs once, not per request;
	// nwarned bounds it, should IDs ever be built from request data.
	warned  sync.Map
	nwarned atomic.Int64
}

// maxWarned is how many distinct message problems a Catalog logs.
const maxWarned = 1000

// NewCatalog loads ar.toml and fr.toml from fsys (locales.FS in production).
// It fails if either file does not parse, if a message's text is not a valid
// template, or if the two files do not define exactly the same message IDs;
// the error then names every ID found in one file only.
func NewCatalog(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{localizers: make(map[Lang]*Localizer, len(Langs))}
	ids := make(map[Lang][]string, len(Langs))
	for _, l := range Langs {
		bundle := goi18n.NewBundle(l.Tag())
		bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		path := string(l) + ".toml"
		file, err := bundle.LoadMessageFileFS(fsys, path)
		if err != nil {
			return nil, fmt.Errorf("i18n: load %s: %w", path, err)
		}
		var errs []error
		for _, m := range file.Messages {
			ids[l] = append(ids[l], m.ID)
			if err := checkTemplates(m); err != nil {
				errs = append(errs, err)
			}
		}
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("i18n: load %s: %w", path, err)
		}
		slices.Sort(ids[l])
		c.localizers[l] = &Localizer{
			Lang:    l,
			catalog: c,
			loc:     goi18n.NewLocalizer(bundle, string(l)),
		}
	}
	onlyAr, onlyFr := diff(ids[Arabic], ids[French])
	if len(onlyAr) > 0 || len(onlyFr) > 0 {
		return nil, &MismatchError{OnlyArabic: onlyAr, OnlyFrench: onlyFr}
	}
	c.ids = ids[Arabic]
	return c, nil
}

// MismatchError reports message IDs defined in one language file only.
type MismatchError struct {
	OnlyArabic []string // in ar.toml, missing from fr.toml
	OnlyFrench []string // in fr.toml, missing from ar.toml
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	b.WriteString("i18n: ar.toml and fr.toml must define the same message IDs")
	if len(e.OnlyArabic) > 0 {
		fmt.Fprintf(&b, "; only in ar.toml (add to fr.toml): %s", strings.Join(e.OnlyArabic, ", "))
	}
	if len(e.OnlyFrench) > 0 {
		fmt.Fprintf(&b, "; only in fr.toml (add to ar.toml): %s", strings.Join(e.OnlyFrench, ", "))
	}
	return b.String()
}

// diff returns the elements of sorted a missing from sorted b, and the
// reverse.
func diff(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			onlyA = append(onlyA, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return onlyA, onlyB
}

// checkTemplates parses every form of m now, so that a broken {{...}} stops
// the start-up instead of showing up on one page, in one language, later.
func checkTemplates(m *goi18n.Message) error {
	left, right := m.LeftDelim, m.RightDelim
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	var errs []error
	for _, f := range []struct{ form, src string }{
		{"zero", m.Zero}, {"one", m.One}, {"two", m.Two},
		{"few", m.Few}, {"many", m.Many}, {"other", m.Other},
	} {
		if _, err := template.New(m.ID).Delims(left, right).Parse(f.src); err != nil {
			errs = append(errs, fmt.Errorf("message %q, form %s: %w", m.ID, f.form, err))
		}
	}
	return errors.Join(errs...)
}

// IDs returns the message IDs, sorted; both languages have the same.
func (c *Catalog) IDs() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.ids)
}

// For returns the localizer of language l; an unknown language gets Arabic.
// Localizers are shared and safe for concurrent use: do not modify one. On a
// nil Catalog it returns a localizer whose messages all read "[[id]]".
func (c *Catalog) For(l Lang) *Localizer {
	if _, ok := ParseLang(string(l)); !ok {
		l = Arabic
	}
	if c == nil {
		return &Localizer{Lang: l}
	}
	return c.localizers[l]
}

// warnOnce logs a problem with message id in language l the first time it
// is seen.
func (c *Catalog) warnOnce(l Lang, id string, err error) {
	if c == nil {
		warn(l, id, err)
		return
	}
	key := string(l) + "\x00" + id
	if _, seen := c.warned.Load(key); seen {
		return
	}
	if c.nwarned.Add(1) > maxWarned {
		return
	}
	if _, seen := c.warned.LoadOrStore(key, struct{}{}); seen {
		return
	}
	warn(l, id, err)
}
