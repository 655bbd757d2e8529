package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

const testPassword = "tortue-lente-2026"

// newAccounts returns Accounts on a fresh database with the reference data.
func newAccounts(t *testing.T) (*Accounts, *store.DB) {
	t.Helper()
	db := store.New(testdb.New(t))
	return NewAccounts(db), db
}

func createUser(t *testing.T, a *Accounts, email string, role domain.Role, region int16) domain.User {
	t.Helper()
	u, err := a.CreateUser(context.Background(), domain.NewUser{Email: email, Role: role, RegionID: region}, testPassword, 0)
	if err != nil {
		t.Fatalf("creating %s: %v", email, err)
	}
	return u
}

func count(t *testing.T, db *store.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	u := createUser(t, a, "Staff@Social.gov.ma", domain.RoleStaff, 0)
	off := createUser(t, a, "gone@social.gov.ma", domain.RoleStaff, 0)
	if _, err := db.SetDisabled(ctx, off.ID, true, 0); err != nil {
		t.Fatal(err)
	}

	got, err := a.Authenticate(ctx, "  staff@social.GOV.ma ", testPassword, "192.0.2.10:51234")
	if err != nil || got.ID != u.ID {
		t.Fatalf("right password: %v, %v", got, err)
	}

	// Unknown account, wrong password, disabled account: one answer.
	refusals := map[string][2]string{
		"unknown account": {"nobody@social.gov.ma", testPassword},
		"wrong password":  {"staff@social.gov.ma", testPassword + "x"},
		"disabled":        {"gone@social.gov.ma", testPassword},
		"empty":           {"", ""},
		"hostile email":   {"a\x00b\xff" + string(make([]byte, 5000)), "x"},
	}
	var texts []string
	for name, c := range refusals {
		_, err := a.Authenticate(ctx, c[0], c[1], "192.0.2.11")
		if !errors.Is(err, ErrLoginFailed) {
			t.Errorf("%s: %v, want ErrLoginFailed", name, err)
			continue
		}
		texts = append(texts, err.Error())
	}
	if slices.Sort(texts); len(slices.Compact(texts)) != 1 {
		t.Errorf("refusals differ: %q", texts)
	}
	// Every attempt is recorded.
	if n := count(t, db, `SELECT count(*) FROM login_attempts`); n != 1+len(refusals) {
		t.Errorf("%d attempts recorded, want %d", n, 1+len(refusals))
	}
	if n := count(t, db, `SELECT count(*) FROM login_attempts WHERE succeeded AND user_id = $1 AND ip = '192.0.2.10'`, u.ID); n != 1 {
		t.Errorf("the successful attempt: %d rows", n)
	}
	if n := count(t, db, `SELECT count(*) FROM login_attempts WHERE email_lower = 'gone@social.gov.ma' AND NOT succeeded AND user_id IS NULL`); n != 1 {
		t.Errorf("the disabled account's attempt: %d rows", n)
	}

	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "not an address"); err == nil {
		t.Error("a malformed client address is accepted")
	}
}

// TestAuthenticateTiming checks that an unknown account costs a password
// check too, so it cannot be told from a wrong password by the time taken.
func TestAuthenticateTiming(t *testing.T) {
	ctx := context.Background()
	a, _ := newAccounts(t)
	createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	fastest := func(email string) time.Duration {
		best := time.Hour
		for i := range 3 {
			start := time.Now()
			_, err := a.Authenticate(ctx, email, "wrong-password", fmt.Sprintf("198.51.100.%d", i))
			if !errors.Is(err, ErrLoginFailed) {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	wrong, unknown := fastest("staff@social.gov.ma"), fastest("nobody@social.gov.ma")
	if unknown < wrong/3 {
		t.Errorf("unknown account refused in %v, wrong password in %v: the difference tells them apart", unknown, wrong)
	}
	t.Logf("wrong password %v, unknown account %v", wrong, unknown)
}

func TestThrottlePerAccount(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	for i := range LimitPerAccount {
		// From different addresses: the account's own limit applies.
		_, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", fmt.Sprintf("203.0.113.%d", i))
		if !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if ok, err := a.Limiter().Allow(ctx, "STAFF@social.gov.ma", "203.0.113.99"); ok || err != nil {
		t.Errorf("Allow after %d failures: %v, %v", LimitPerAccount, ok, err)
	}
	// Now even the right password is refused, without being checked.
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "203.0.113.99"); !errors.Is(err, ErrLoginThrottled) {
		t.Fatalf("after %d failures: %v, want ErrLoginThrottled", LimitPerAccount, err)
	}
	// Another account is not affected.
	createUser(t, a, "other@social.gov.ma", domain.RoleStaff, 0)
	if _, err := a.Authenticate(ctx, "other@social.gov.ma", testPassword, "203.0.113.99"); err != nil {
		t.Fatalf("another account: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM login_attempts WHERE email_lower = 'staff@social.gov.ma'`); n != LimitPerAccount+1 {
		t.Errorf("%d attempts recorded, want %d", n, LimitPerAccount+1)
	}
	if n := count(t, db, `SELECT count(*) FROM login_attempts WHERE throttled`); n != 1 {
		t.Errorf("%d throttled attempts recorded, want 1", n)
	}

	// Once the window has passed, the account may sign in again; a success
	// starts its count afresh.
	a.limiter.now = func() time.Time { return time.Now().Add(LimitWindow + time.Minute) }
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "203.0.113.99"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	a.limiter.now = time.Now
	for i := range LimitPerAccount - 1 {
		if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", "203.0.113.50"); !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d after a success: %v", i+1, err)
		}
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "203.0.113.50"); err != nil {
		t.Fatalf("after %d failures since the last success: %v", LimitPerAccount-1, err)
	}
}

func TestThrottlePerAddress(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	// One IPv6 /64 is one address for the limit.
	for i := range LimitPerAddress {
		ip := fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1)
		_, err := a.Authenticate(ctx, fmt.Sprintf("guess%d@social.gov.ma", i), "wrong-password", ip)
		if !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "2001:db8:1:2:ffff::1"); !errors.Is(err, ErrLoginThrottled) {
		t.Fatalf("after %d failures from one network: %v, want ErrLoginThrottled", LimitPerAddress, err)
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "2001:db8:1:3::1"); err != nil {
		t.Fatalf("from another network: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM login_attempts WHERE ip = '2001:db8:1:2::/64'`); n != LimitPerAddress+1 {
		t.Errorf("%d attempts recorded from the network, want %d", n, LimitPerAddress+1)
	}
}

func TestClientAddress(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":                  "192.0.2.1",
		"192.0.2.1:8080":             "192.0.2.1",
		" 192.0.2.1 ":                "192.0.2.1",
		"::ffff:192.0.2.1":           "192.0.2.1",
		"[2001:db8::1]:443":          "2001:db8::/64",
		"2001:db8:0:0:abcd::1":       "2001:db8::/64",
		"[fe80::1%eth0]:80":          "fe80::/64",
		"2001:db8:aaaa:bbbb:1:2:3:4": "2001:db8:aaaa:bbbb::/64",
	} {
		got, err := ClientAddress(in)
		if err != nil || got != want {
			t.Errorf("ClientAddress(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "localhost", "192.0.2.300", "' OR 1=1 --"} {
		if got, err := ClientAddress(in); err == nil {
			t.Errorf("ClientAddress(%q) = %q, want an error", in, got)
		}
	}
}

func TestCreateUser(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	for name, c := range map[string]struct {
		nu       domain.NewUser
		password string
		want     string
	}{
		"weak password":     {domain.NewUser{Email: "a@social.gov.ma", Role: domain.RoleStaff}, "12345678", "password_common"},
		"short password":    {domain.NewUser{Email: "a@social.gov.ma", Role: domain.RoleStaff}, "short", "password_too_short"},
		"email as password": {domain.NewUser{Email: "a@social.gov.ma", Role: domain.RoleStaff}, "a@social.gov.ma", "password_is_email"},
		"bad email":         {domain.NewUser{Email: "not-an-email", Role: domain.RoleStaff}, testPassword, "email_invalid"},
		"no region":         {domain.NewUser{Email: "r@social.gov.ma", Role: domain.RoleRegional}, testPassword, "region_required"},
		"region for staff":  {domain.NewUser{Email: "s@social.gov.ma", Role: domain.RoleStaff, RegionID: 1}, testPassword, "region_not_allowed"},
		"unknown region":    {domain.NewUser{Email: "r@social.gov.ma", Role: domain.RoleRegional, RegionID: 98}, testPassword, "region_unknown"},
		"unknown role":      {domain.NewUser{Email: "r@social.gov.ma", Role: "owner"}, testPassword, "role_invalid"},
	} {
		_, err := a.CreateUser(ctx, c.nu, c.password, 0)
		if domain.ErrorMessage(err) != c.want {
			t.Errorf("%s: %v, want %s", name, err, c.want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM users`); n != 0 {
		t.Fatalf("%d users created by refused requests", n)
	}
	u := createUser(t, a, " Regional@Social.gov.ma ", domain.RoleRegional, 8)
	if u.Email != "Regional@Social.gov.ma" || u.RegionID != 8 || u.Role != domain.RoleRegional || u.Version != 1 {
		t.Errorf("created %+v", u)
	}
	_, err := a.CreateUser(ctx, domain.NewUser{Email: "regional@social.gov.ma", Role: domain.RoleStaff}, testPassword, 0)
	if domain.ErrorCode(err) != domain.Conflict || domain.ErrorMessage(err) != "email_taken" {
		t.Errorf("same address in another case: %v, want email_taken", err)
	}
	// The hash is argon2id, never the password; the audit log has no trace of either.
	if n := count(t, db, `SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'`); n != 1 {
		t.Errorf("%d argon2id hashes", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND action = 'create'
		AND changes::text NOT LIKE '%argon2%' AND changes::text NOT LIKE '%'||$2||'%'`, u.ID, testPassword); n != 1 {
		t.Errorf("%d clean audit entries for the new account", n)
	}
}
