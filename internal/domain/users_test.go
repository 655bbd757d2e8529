package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestEmailProblem(t *testing.T) {
	for email, want := range map[string]string{
		"amina@social.gov.ma":               "",
		"Amina.Berrada+staff@social.gov.ma": "",
		"":                                  "email_required",
		"amina":                             "email_invalid",
		"amina@":                            "email_invalid",
		"@social.gov.ma":                    "email_invalid",
		"Amina <amina@social.gov.ma>":       "email_invalid",
		"amina @social.gov.ma":              "email_invalid",
		"amina@social.gov.ma\n":             "email_invisible",
		"a@b@c.ma":                          "email_invalid",
		"amina\x00@social.gov.ma":           "email_invisible",
		"\xffamina@social.gov.ma":           "email_invalid",
		strings.Repeat("a", 250) + "@x.ma":  "email_invalid",
	} {
		if got := EmailProblem(email); got != want {
			t.Errorf("EmailProblem(%q) = %q, want %q", email, got, want)
		}
	}
}

func TestNewUserProblems(t *testing.T) {
	tests := []struct {
		name string
		nu   NewUser
		want map[string]string
	}{
		{"admin", NewUser{Email: "a@b.ma", Role: RoleAdmin}, nil},
		{"staff with a name", NewUser{Email: "a@b.ma", DisplayName: "أمينة", Role: RoleStaff}, nil},
		{"regional", NewUser{Email: "a@b.ma", Role: RoleRegional, RegionID: 2}, nil},
		{"regional without region", NewUser{Email: "a@b.ma", Role: RoleRegional}, map[string]string{"region": "region_required"}},
		{"staff with region", NewUser{Email: "a@b.ma", Role: RoleStaff, RegionID: 2}, map[string]string{"region": "region_not_allowed"}},
		{"negative region", NewUser{Email: "a@b.ma", Role: RoleRegional, RegionID: -1}, map[string]string{"region": "region_unknown"}},
		{"everything wrong", NewUser{Email: "x", DisplayName: strings.Repeat("ن", 201), Role: "root"},
			map[string]string{"email": "email_invalid", "display_name": "display_name_too_long", "role": "role_invalid"}},
		{"200 characters", NewUser{Email: "a@b.ma", DisplayName: strings.Repeat("ن", 200), Role: RoleAdmin}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.nu.Problems()
			if len(got) != len(tt.want) {
				t.Fatalf("Problems() = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("Problems()[%s] = %q, want %q", k, got[k], v)
				}
			}
			err := tt.nu.Validate()
			if (err == nil) != (len(tt.want) == 0) {
				t.Fatalf("Validate() = %v", err)
			}
			var e *Error
			if err != nil && (!errors.As(err, &e) || e.Code != Invalid) {
				t.Errorf("Validate() = %v, want a *Error with code Invalid", err)
			}
		})
	}
	if err := (NewUser{Email: "x", Role: "root"}).Validate(); ErrorMessage(err) != "email_invalid" {
		t.Errorf("first problem: %v, want the email's", err)
	}
}

func TestNormalize(t *testing.T) {
	n := NewUser{Email: "  Amina@Social.gov.ma\t", DisplayName: " Amina "}.Normalize()
	if n.Email != "amina@social.gov.ma" || n.DisplayName != "Amina" {
		t.Errorf("Normalize() = %+v", n)
	}
	// Fullwidth letters are the letters the keyboard meant.
	if got := NormalizeEmail("ａｄｍｉｎ@Social.gov.ma"); got != "admin@social.gov.ma" {
		t.Errorf("NormalizeEmail(fullwidth) = %q", got)
	}
	if got := TruncateBytes("aéé", 4); got != "aé" {
		t.Errorf("TruncateBytes = %q", got)
	}
}

// TestLookalikeEmails: an address that would show like another account's
// is refused with a message saying why, before and after normalization.
func TestLookalikeEmails(t *testing.T) {
	for email, want := range map[string]string{
		"ad\u200bmin@social.gov.ma":                          "email_invisible",     // zero width space
		"admin\u200d@social.gov.ma":                          "email_invisible",     // zero width joiner
		"\u202eam.vog.laicos@nimda":                          "email_invisible",     // right-to-left override
		"admin@social\u2066.gov.ma":                          "email_invisible",     // left-to-right isolate
		"admin\u00ad@social.gov.ma":                          "email_invisible",     // soft hyphen
		"admin\ufe0f@social.gov.ma":                          "email_invisible",     // variation selector
		"admin\u3164@social.gov.ma":                          "email_invisible",     // Hangul filler
		"admin\u00a0@social.gov.ma":                          "email_invisible",     // no-break space (kept if not normalized)
		"admin\u2800@social.gov.ma":                          "email_invisible",     // braille blank
		"\u0430dmin@social.gov.ma":                           "email_mixed_scripts", // Cyrillic а
		"admin@s\u043ecial.gov.ma":                           "email_mixed_scripts", // Cyrillic о in a label
		"adm\u03b9n@social.gov.ma":                           "email_mixed_scripts", // Greek iota
		"\u0627dmin@social.gov.ma":                           "email_mixed_scripts", // Arabic alef among Latin
		"أمينة@social.gov.ma":                                "",                    // one script in each part
		"amina@وزارة.ma":                                     "",
		"\u043f\u0440\u0438\u043c\u0435\u0440@social.gov.ma": "", // all Cyrillic
		"山田たろう@example.jp":                                   "", // Han with Hiragana
		"amina.berrada-2026@social.gov.ma":                   "",
	} {
		if got := EmailProblem(email); got != want {
			t.Errorf("EmailProblem(%q) = %q, want %q", email, got, want)
		}
	}
	// Normalization keeps what would deceive.
	for _, email := range []string{"ad\u200bmin@social.gov.ma", "\u0430dmin@social.gov.ma"} {
		if EmailProblem(NormalizeEmail(email)) == "" {
			t.Errorf("%q accepted once normalized", email)
		}
	}
	if err := (NewUser{Email: "ad\u200bmin@social.gov.ma", Role: RoleAdmin}.Normalize()).Validate(); ErrorMessage(err) != "email_invisible" {
		t.Errorf("Validate: %v", err)
	}
}

func TestUserAndInvitation(t *testing.T) {
	now := time.Now()
	u := User{Email: "a@b.ma"}
	if u.Disabled() || u.Name() != "a@b.ma" {
		t.Errorf("user %+v", u)
	}
	u.DisabledAt, u.DisplayName = &now, "Amina"
	if !u.Disabled() || u.Name() != "Amina" {
		t.Errorf("user %+v", u)
	}
	inv := Invitation{ExpiresAt: now.Add(time.Hour)}
	if !inv.Usable(now) || inv.Usable(now.Add(2*time.Hour)) {
		t.Error("expiry")
	}
	inv.UsedAt = &now
	if inv.Usable(now) {
		t.Error("a used invitation is usable")
	}
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("%s invalid", r)
		}
	}
	if Role("").Valid() || Role("Admin").Valid() {
		t.Error("unknown roles are valid")
	}
}
