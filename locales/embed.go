// Package locales holds the portal's message catalogues, one go-i18n TOML file
// per language (ar.toml, fr.toml), embedded so the binary carries them.
//
// Both files must define exactly the same message IDs; internal/i18n refuses
// to load them otherwise and its tests list any ID present in one file only.
// IDs are lowercase snake_case without dots (go-i18n reads a dot in a key as
// a nested table). Plural messages receive the formatted count as {{.Count}};
// Arabic plural messages give all six CLDR forms (zero, one, two, few, many,
// other), French ones give one, many and other.
package locales

import "embed"

// FS holds ar.toml and fr.toml; pass it to i18n.NewCatalog.
//
//go:embed *.toml
var FS embed.FS
