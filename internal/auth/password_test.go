package auth

import (
	"errors"
	"strings"
	"testing"

	"tachawor/internal/domain"
)

func TestValidatePassword(t *testing.T) {
	const email = "Amina.Berrada@social.gov.ma"
	tests := []struct {
		name, pw string
		want     string // message ID, "" for accepted
	}{
		{"empty", "", "password_too_short"},
		{"7 characters", "kq7vz3m", "password_too_short"},
		{"8 characters", "kq7vz3mw", ""},
		{"7 Arabic letters (14 bytes)", "كلمةسرج", "password_too_short"},
		{"8 Arabic letters", "كلمةسرجد", ""},
		{"64 characters", strings.Repeat("vR7q", 16), ""},
		{"128 characters", strings.Repeat("vR7q", 32), ""},
		{"129 characters", strings.Repeat("vR7q", 32) + "x", "password_too_long"},
		{"spaces are characters", "a b c d e", ""},
		{"only letters, no composition rule", "tortuelentesurlaroute", ""},
		{"common: password", "password", "password_common"},
		{"common: 12345678", "12345678", "password_common"},
		{"common: azerty123", "azerty123", "password_common"},
		{"common: motdepasse", "motdepasse", "password_common"},
		{"common, other case", "MotDePasse", "password_common"},
		{"common, upper case", "AZERTY123", "password_common"},
		{"common: Moroccan", "casablanca", "password_common"},
		{"the email", email, "password_is_email"},
		{"the email, other case", strings.ToLower(email), "password_is_email"},
		{"the email's local part", "amina.berrada", "password_is_email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassword(tt.pw, email)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ValidatePassword(%q) = %v, want accepted", tt.pw, err)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.Invalid || de.MessageID != tt.want {
				t.Fatalf("ValidatePassword(%q) = %v, want invalid %s", tt.pw, err, tt.want)
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	set := commonPasswords()
	if len(set) < 1000 {
		t.Fatalf("%d common passwords, want at least 1000", len(set))
	}
	for _, pw := range []string{"password", "12345678", "azerty123", "motdepasse", "qwerty123", "iloveyou", "11111111", "password1"} {
		if !IsCommonPassword(pw) || !IsCommonPassword(strings.ToUpper(pw)) {
			t.Errorf("%q is not on the list", pw)
		}
	}
	if IsCommonPassword("vR7qvR7q-tachawor-unusual") {
		t.Error("an unusual password is on the list")
	}
}

func TestHashAndCheckPassword(t *testing.T) {
	h1, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h1 == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q: want argon2id m=19456 t=2 p=1", h1)
	}
	for _, c := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"Correct horse battery", false},
		{"correct horse battery ", false},
		{"", false},
	} {
		ok, err := CheckPassword(c.pw, h1)
		if err != nil || ok != c.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", c.pw, ok, err, c.want)
		}
	}
	// The same typed password, composed differently (é as one code point
	// or as e + combining acute), is the same password.
	h, _ := HashPassword("mot de pass\u00e9 long")
	if ok, _ := CheckPassword("mot de passe\u0301 long", h); !ok {
		t.Error("a decomposed é does not match its composed form")
	}
	if _, err := CheckPassword("x", "not a hash"); err == nil {
		t.Error("checking against a malformed hash gives no error")
	}
	if ok, err := CheckPassword("anything", dummyHash()); ok || err != nil {
		t.Errorf("dummy hash: %v, %v", ok, err)
	}
}
