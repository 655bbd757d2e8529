package auth

import (
	"bufio"
	"crypto/rand"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"golang.org/x/text/unicode/norm"

	"tachawor/internal/domain"
)

// hashParams are the argon2id parameters of new password hashes: the first of
// OWASP's recommended settings (Password Storage Cheat Sheet: m=19 MiB,
// t=2, p=1), about 50 ms and 19 MiB per hash on the portal's two-core
// server, so that a burst of sign-ins cannot exhaust its memory or stall its
// other requests. A hash records its own parameters, so raising these later
// keeps old hashes valid.
var hashParams = argon2id.Params{
	Memory:      19 * 1024, // KiB
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// Password length limits, in characters (runes). No composition rules
// (NIST SP 800-63B, OWASP ASVS 5.0 6.2).
const (
	MinPasswordLength = 8
	MaxPasswordLength = 128
)

// normalize gives one byte sequence for the same typed password, whatever
// the keyboard or input method composed (NFKC, as NIST SP 800-63B advises).
func normalize(pw string) string { return norm.NFKC.String(pw) }

// HashPassword returns the argon2id hash of pw in the PHC string format.
func HashPassword(pw string) (string, error) {
	p := hashParams
	h, err := argon2id.CreateHash(normalize(pw), &p)
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return h, nil
}

// CheckPassword reports whether pw matches hash; the comparison of the
// derived keys takes constant time.
func CheckPassword(pw, hash string) (bool, error) {
	ok, err := argon2id.ComparePasswordAndHash(normalize(pw), hash)
	if err != nil {
		return false, fmt.Errorf("checking password: %w", err)
	}
	return ok, nil
}

// dummyHash is compared against when there is no account, so that an
// unknown address takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(rand.Text())
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return h
})

//go:embed common-passwords.txt
var commonPasswordsFile string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 2048)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[strings.ToLower(line)] = struct{}{}
	}
	return set
})

// IsCommonPassword reports whether pw, in any case, is on the embedded list
// of common passwords.
func IsCommonPassword(pw string) bool {
	_, ok := commonPasswords()[strings.ToLower(normalize(pw))]
	return ok
}

// ValidatePassword checks a new password for the account email: at least
// MinPasswordLength and at most MaxPasswordLength characters, not the
// address (nor its part before @), not a common password. The error is a
// *domain.Error (code Invalid) with message ID "password_too_short",
// "password_too_long", "password_is_email" or "password_common".
func ValidatePassword(pw, email string) error {
	pw = normalize(pw)
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return domain.Errorf(domain.Invalid, "password_too_short")
	case n > MaxPasswordLength:
		return domain.Errorf(domain.Invalid, "password_too_long")
	}
	if email = strings.TrimSpace(email); email != "" {
		local, _, _ := strings.Cut(email, "@")
		if strings.EqualFold(pw, email) || strings.EqualFold(pw, local) {
			return domain.Errorf(domain.Invalid, "password_is_email")
		}
	}
	if IsCommonPassword(pw) {
		return domain.Errorf(domain.Invalid, "password_common")
	}
	return nil
}
