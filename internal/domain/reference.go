package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// InstitutionInput is an institution as staff record it.
type InstitutionInput struct {
	Name  Text   `form:"name"`
	Short string `form:"short_name"`
	// Slug names the institution in addresses (?party=ads). Left empty, it
	// is made from the short or the French name.
	Slug string `form:"slug"`
}

// OfficialInput is an official as staff record them.
type OfficialInput struct {
	Name          Text  `form:"name"`
	Title         Text  `form:"title"`
	InstitutionID int32 `form:"institution"` // 0: none
}

// InstitutionRecord is an institution as staff see it in their lists,
// archived ones included.
type InstitutionRecord struct {
	ID         int32
	Input      InstitutionInput
	SocialPole bool
	ArchivedAt *time.Time
	Version    int
	UpdatedAt  time.Time
}

// OfficialRecord is an official as staff see them in their lists,
// archived ones included.
type OfficialRecord struct {
	ID          int32
	Input       OfficialInput
	Institution Text
	ArchivedAt  *time.Time
	Version     int
	UpdatedAt   time.Time
}

// Limits on reference records' text, in characters.
const (
	ReferenceNameMax = 300
	ShortNameMax     = 50
	SlugMax          = 80
)

// ValidSlug reports whether s is a lowercase ASCII slug: letters and
// digits in words joined by single hyphens.
func ValidSlug(s string) bool {
	if s == "" || len(s) > SlugMax || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// frenchFold spells French letters in ASCII for slugs.
var frenchFold = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "í", "i", "ô", "o", "ö", "o", "ó", "o", "ù", "u", "û", "u", "ü", "u", "ú", "u",
	"ÿ", "y", "ñ", "n", "œ", "oe", "æ", "ae",
)

// Slugify makes a slug of Latin text ("Agence de Développement Social" →
// "agence-de-developpement-social"); it returns "" when nothing of s can be
// spelt in ASCII (Arabic text, say).
func Slugify(s string) string {
	s = frenchFold.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
			if b.Len() >= SlugMax-4 { // room for a "-NNN" suffix
				break
			}
			continue
		}
		dash = true
	}
	return strings.TrimSuffix(b.String(), "-")
}

// GenerateSlug is the slug of an institution whose staff typed none: from
// its short name, else its French name, else a neutral word.
func (in InstitutionInput) GenerateSlug() string {
	for _, s := range []string{in.Short, in.Name.FR} {
		if slug := Slugify(s); slug != "" {
			return slug
		}
	}
	return "institution"
}

// Problems checks an institution and returns, by form field name, the
// message ID of each problem. The slug must already be set.
func (in InstitutionInput) Problems() map[string]string {
	p := map[string]string{}
	if in.Name.AR == "" {
		p["name_ar"] = "error_arabic_required"
	} else if utf8.RuneCountInString(in.Name.AR) > ReferenceNameMax {
		p["name_ar"] = "error_too_long"
	}
	if utf8.RuneCountInString(in.Name.FR) > ReferenceNameMax {
		p["name_fr"] = "error_too_long"
	}
	if utf8.RuneCountInString(in.Short) > ShortNameMax {
		p["short_name"] = "error_too_long"
	}
	if !ValidSlug(in.Slug) {
		p["slug"] = "institution_slug_invalid"
	}
	return p
}

// Problems checks an official and returns, by form field name, the message
// ID of each problem. Which institution may be chosen is the form's to
// check (it accepts what it offers).
func (in OfficialInput) Problems() map[string]string {
	p := map[string]string{}
	if in.Name.AR == "" {
		p["name_ar"] = "error_arabic_required"
	} else if utf8.RuneCountInString(in.Name.AR) > ReferenceNameMax {
		p["name_ar"] = "error_too_long"
	}
	if utf8.RuneCountInString(in.Name.FR) > ReferenceNameMax {
		p["name_fr"] = "error_too_long"
	}
	if utf8.RuneCountInString(in.Title.AR) > ReferenceNameMax {
		p["title_ar"] = "error_too_long"
	}
	if utf8.RuneCountInString(in.Title.FR) > ReferenceNameMax {
		p["title_fr"] = "error_too_long"
	}
	return p
}
