package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
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
	u, err := a.CreateUser(context.Background(), "", domain.NewUser{Email: email, Role: role, RegionID: region}, testPassword, 0)
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

// TestStrangerCannotLockOwnerOut: an attacker's address exhausts its
// limit for the account; the owner, from another address, signs in at once.
func TestStrangerCannotLockOwnerOut(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	const attacker, owner = "203.0.113.66", "198.51.100.7"
	for i := range LimitPerAccountAddress {
		if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", attacker); !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	// The attacker's address is refused without a password check, even
	// with the right password ...
	_, err := a.Authenticate(ctx, "STAFF@social.gov.ma", testPassword, attacker)
	if !errors.Is(err, ErrLoginThrottled) || domain.ErrorCode(err) != domain.Throttled || domain.ErrorMessage(err) != "login_throttled" || RetryAfter(err) <= 0 {
		t.Fatalf("after %d failures: %v (retry after %v), want ErrLoginThrottled", LimitPerAccountAddress, err, RetryAfter(err))
	}
	// ... while the owner signs in from another address at once.
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, owner); err != nil {
		t.Fatalf("the owner from another address: %v", err)
	}
	// The owner's success does not lift the attacker's limit.
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, attacker); !errors.Is(err, ErrLoginThrottled) {
		t.Fatalf("the attacker after the owner's sign-in: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM login_attempts WHERE ip = $1 AND throttled`, attacker); n != 2 {
		t.Errorf("%d throttled attempts recorded, want 2", n)
	}

	// Once the window has passed, the address may try again; a success
	// from it starts its count afresh.
	a.limiter.now = func() time.Time { return time.Now().Add(LimitWindow + time.Minute) }
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, attacker); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	a.limiter.now = time.Now
	for i := range LimitPerAccountAddress - 1 {
		if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", "203.0.113.50"); !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "203.0.113.50"); err != nil {
		t.Fatalf("after %d failures (one under the limit): %v", LimitPerAccountAddress-1, err)
	}
}

// verifications counts the password checks a makes.
func verifications(a *Accounts) *atomic.Int64 {
	var n atomic.Int64
	a.onVerify = func() { n.Add(1) }
	return &n
}

// guessAtOnce makes n sign-in attempts at the same moment (behind a
// barrier), the i-th on the account and from the address guess(i) gives,
// and returns their errors.
func guessAtOnce(t *testing.T, a *Accounts, n int, guess func(int) (email, addr string)) []error {
	t.Helper()
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		ready.Add(1)
		done.Go(func() {
			email, addr := guess(i)
			ready.Done()
			<-start
			_, errs[i] = a.Authenticate(context.Background(), email, fmt.Sprintf("guess-%d-password", i), addr)
		})
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

// TestConcurrentGuessesCostAtMostTheLimit: 40 guesses at once on one
// account cost at most the limit in password verifications, from one
// address and from forty.
func TestConcurrentGuessesCostAtMostTheLimit(t *testing.T) {
	const n = 40
	t.Run("one address", func(t *testing.T) {
		a, _ := newAccounts(t)
		createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
		checked := verifications(a)
		errs := guessAtOnce(t, a, n, func(int) (string, string) { return "staff@social.gov.ma", "203.0.113.9" })
		failed, throttled := tally(t, errs)
		if got := checked.Load(); got > LimitPerAccountAddress || failed != int(got) || throttled != n-int(got) {
			t.Fatalf("%d verifications, %d failed, %d throttled; want at most %d verifications", got, failed, throttled, LimitPerAccountAddress)
		}
		t.Logf("%d verifications for %d concurrent guesses", checked.Load(), n)
	})
	t.Run("forty addresses", func(t *testing.T) {
		a, _ := newAccounts(t)
		createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
		checked := verifications(a)
		errs := guessAtOnce(t, a, n, func(i int) (string, string) { return "staff@social.gov.ma", fmt.Sprintf("198.51.100.%d", i+1) })
		failed, throttled := tally(t, errs)
		if got := checked.Load(); got > AccountSlowAfter || failed != int(got) || throttled != n-int(got) {
			t.Fatalf("%d verifications, %d failed, %d throttled; want at most %d verifications", got, failed, throttled, AccountSlowAfter)
		}
		t.Logf("%d verifications for %d concurrent guesses from %d addresses", checked.Load(), n, n)
	})
	t.Run("one address, forty accounts", func(t *testing.T) {
		a, _ := newAccounts(t)
		checked := verifications(a)
		tally(t, guessAtOnce(t, a, n, func(i int) (string, string) { return fmt.Sprintf("guess%d@social.gov.ma", i), "203.0.113.10" }))
		if got := checked.Load(); got > LimitPerAddress {
			t.Fatalf("%d verifications, want at most %d", got, LimitPerAddress)
		}
	})
}

// tally counts failed and throttled attempts, failing on any other result.
func tally(t *testing.T, errs []error) (failed, throttled int) {
	t.Helper()
	for _, err := range errs {
		switch {
		case errors.Is(err, ErrLoginThrottled):
			throttled++
		case errors.Is(err, ErrLoginFailed):
			failed++
		default:
			t.Fatalf("unexpected result %v", err)
		}
	}
	return failed, throttled
}

// TestAccountIsSlowedNotLocked: guesses from many addresses slow the
// account down, by a delay that doubles; the right password from a new
// address gets in once the delay has passed, and at once from an address
// that signed the account in before.
func TestAccountIsSlowedNotLocked(t *testing.T) {
	ctx := context.Background()
	a, _ := newAccounts(t)
	createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	const home = "192.0.2.200"
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, home); err != nil {
		t.Fatal(err)
	}
	addr := 0
	next := func() string { addr++; return fmt.Sprintf("198.51.100.%d", addr) }
	for i := range AccountSlowAfter {
		if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", next()); !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	// From a new address: wait about a second, then one attempt, then two
	// seconds ...
	clock := time.Now()
	a.limiter.now = func() time.Time { return clock }
	_, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, next())
	if !errors.Is(err, ErrLoginThrottled) || RetryAfter(err) > 2*time.Second || domain.ErrorMessage(err) != "login_slowed" || domain.ErrorCode(err) != domain.Throttled {
		t.Fatalf("after %d failures: %v (retry after %v), want a wait of about a second", AccountSlowAfter, err, RetryAfter(err))
	}
	// ... but the owner's usual address is not slowed.
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, home); err != nil {
		t.Fatalf("from the owner's usual address: %v", err)
	}
	for i := range AccountSlowAfter {
		if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", next()); !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("failure %d after the owner's sign-in: %v", i+1, err)
		}
	}
	for i := range 3 {
		clock = time.Now().Add(AccountDelay(AccountSlowAfter + i))
		if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "wrong-password", next()); !errors.Is(err, ErrLoginFailed) {
			t.Fatalf("after the delay %v: %v", AccountDelay(AccountSlowAfter+i), err)
		}
		_, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, next())
		// The clock stands AccountDelay(AccountSlowAfter+i) after the latest failure.
		want := AccountDelay(AccountSlowAfter+i+1) - AccountDelay(AccountSlowAfter+i)
		if got := RetryAfter(err); !errors.Is(err, ErrLoginThrottled) || got < want || got > want+2*time.Second {
			t.Fatalf("right after: %v (retry after %v), want a wait of %v", err, RetryAfter(err), want)
		}
	}
	clock = time.Now().Add(AccountDelay(AccountSlowAfter + 3))
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, next()); err != nil {
		t.Fatalf("the right password once the delay has passed: %v", err)
	}
	if AccountDelay(AccountSlowAfter-1) != 0 || AccountDelay(AccountSlowAfter) != time.Second || AccountDelay(AccountSlowAfter+3) != 8*time.Second ||
		AccountDelay(1000) != MaxAccountDelay {
		t.Error("AccountDelay")
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
		_, err := a.CreateUser(ctx, "", c.nu, c.password, 0)
		if domain.ErrorMessage(err) != c.want {
			t.Errorf("%s: %v, want %s", name, err, c.want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM users`); n != 0 {
		t.Fatalf("%d users created by refused requests", n)
	}
	u := createUser(t, a, " Regional@Social.gov.ma ", domain.RoleRegional, 8)
	if u.Email != "regional@social.gov.ma" || u.RegionID != 8 || u.Role != domain.RoleRegional || u.Version != 1 {
		t.Errorf("created %+v", u)
	}
	_, err := a.CreateUser(ctx, "", domain.NewUser{Email: "regional@social.gov.ma", Role: domain.RoleStaff}, testPassword, 0)
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
