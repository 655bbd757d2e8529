package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

// runUser runs "tachawor user ARGS" with stdin and returns its output.
func runUser(t *testing.T, db *store.DB, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := userCommand(context.Background(), db, args, strings.NewReader(stdin), &out)
	return out.String(), err
}

func TestUserCreate(t *testing.T) {
	ctx := context.Background()
	db := store.New(testdb.New(t))
	a := auth.NewAccounts(db)

	out, err := runUser(t, db, "premier admin 2026\n", "create", "--email", "Admin@Social.gov.ma", "--role", "admin", "--name", "Première administratrice")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "created user") || !strings.Contains(out, "admin@social.gov.ma") {
		t.Errorf("output %q", out)
	}
	u, err := a.Authenticate(ctx, "admin@social.gov.ma", "premier admin 2026", "127.0.0.1")
	if err != nil || u.Role != domain.RoleAdmin || u.DisplayName != "Première administratrice" {
		t.Fatalf("signing in as the new administrator: %+v, %v", u, err)
	}

	// A Windows line ending is not part of the password; only the first line counts.
	if _, err := runUser(t, db, "fes meknes 2026\r\nsecond line\n", "create", "--email", "elu@fes.ma", "--role", "regional", "--region", "fes-meknes"); err != nil {
		t.Fatal(err)
	}
	u, err = a.Authenticate(ctx, "elu@fes.ma", "fes meknes 2026", "127.0.0.1")
	if err != nil || u.Role != domain.RoleRegional || u.RegionID != 3 {
		t.Fatalf("the regional official: %+v, %v", u, err)
	}
	// No terminating newline.
	if _, err := runUser(t, db, "sans fin de ligne", "create", "--email", "staff@social.gov.ma", "--role", "staff"); err != nil {
		t.Fatal(err)
	}

	for name, c := range map[string]struct {
		stdin string
		args  []string
		want  string // in the error
	}{
		"regional without region": {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "regional"}, "--region"},
		"lists the regions":       {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "regional"}, "fes-meknes"},
		"unknown region":          {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "regional", "--region", "atlantis"}, `unknown region "atlantis"`},
		"region for staff":        {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "staff", "--region", "oriental"}, "only for the regional role"},
		"bad role":                {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "root"}, "--role must be"},
		"no email":                {"solide mot de passe", []string{"create", "--role", "staff"}, "--email is required"},
		"bad email":               {"solide mot de passe", []string{"create", "--email", "r@", "--role", "staff"}, "not valid"},
		"common password":         {"azerty123\n", []string{"create", "--email", "r@x.ma", "--role", "staff"}, "most common"},
		"short password":          {"abc\n", []string{"create", "--email", "r@x.ma", "--role", "staff"}, "at least 8"},
		"password is the email":   {"robert@exemple.ma\n", []string{"create", "--email", "Robert@Exemple.ma", "--role", "staff"}, "email address"},
		"no password":             {"", []string{"create", "--email", "r@x.ma", "--role", "staff"}, "no password"},
		"empty first line":        {"\nsolide mot de passe\n", []string{"create", "--email", "r@x.ma", "--role", "staff"}, "no password"},
		"taken address":           {"solide mot de passe", []string{"create", "--email", "ADMIN@social.gov.ma", "--role", "staff"}, "already exists"},
		"unknown flag":            {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "staff", "--admin"}, "usage"},
		"stray argument":          {"solide mot de passe", []string{"create", "--email", "r@x.ma", "--role", "staff", "extra"}, "unexpected argument"},
		"no subcommand":           {"", nil, "usage"},
		"unknown subcommand":      {"", []string{"delete"}, "unknown user command"},
	} {
		_, err := runUser(t, db, c.stdin, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM users`); n != 3 {
		t.Errorf("%d accounts, want the 3 created", n)
	}
}

func TestUserDisable(t *testing.T) {
	ctx := context.Background()
	db := store.New(testdb.New(t))
	for _, args := range [][]string{
		{"create", "--email", "admin@social.gov.ma", "--role", "admin"},
		{"create", "--email", "staff@social.gov.ma", "--role", "staff"},
	} {
		if _, err := runUser(t, db, "solide mot de passe\n", args...); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runUser(t, db, "", "disable", "--email", "STAFF@social.gov.ma")
	if err != nil || !strings.Contains(out, "disabled user") {
		t.Fatalf("disable: %q, %v", out, err)
	}
	if _, err := auth.NewAccounts(db).Authenticate(ctx, "staff@social.gov.ma", "solide mot de passe", "127.0.0.1"); err == nil {
		t.Error("a disabled account signs in")
	}
	if _, err := runUser(t, db, "", "enable", "--email", "staff@social.gov.ma"); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.NewAccounts(db).Authenticate(ctx, "staff@social.gov.ma", "solide mot de passe", "127.0.0.1"); err != nil {
		t.Errorf("an enabled account: %v", err)
	}
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"unknown account": {[]string{"disable", "--email", "nobody@social.gov.ma"}, "no account"},
		"no email":        {[]string{"disable"}, "--email is required"},
		"last admin":      {[]string{"disable", "--email", "admin@social.gov.ma"}, "last active administrator"},
	} {
		if _, err := runUser(t, db, "", c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
}

func count(t *testing.T, db *store.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestUserPassword(t *testing.T) {
	ctx := context.Background()
	db := store.New(testdb.New(t))
	if _, err := runUser(t, db, "ancienne phrase de passe\n", "create", "--email", "staff@social.gov.ma", "--role", "staff"); err != nil {
		t.Fatal(err)
	}
	u, err := db.UserByEmail(ctx, "staff@social.gov.ma")
	if err != nil {
		t.Fatal(err)
	}
	// A live session of the account, to be ended.
	if _, err := db.Pool().Exec(ctx, `INSERT INTO sessions (token, data, expiry, user_id) VALUES ('live', '\x00', now() + interval '1 hour', $1)`, u.ID); err != nil {
		t.Fatal(err)
	}
	out, err := runUser(t, db, "nouvelle phrase de passe\r\n", "password", "--email", " STAFF@Social.gov.ma ")
	if err != nil || !strings.Contains(out, "password set") {
		t.Fatalf("password: %q, %v", out, err)
	}
	a := auth.NewAccounts(db)
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "nouvelle phrase de passe", "127.0.0.1"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "ancienne phrase de passe", "127.0.0.2"); err == nil {
		t.Error("the old password still works")
	}
	if n := count(t, db, `SELECT count(*) FROM sessions WHERE user_id = $1`, u.ID); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'password_set' AND entity_id = $1 AND user_id IS NULL
		AND changes->>'sessions_ended' = '1' AND changes::text NOT LIKE '%phrase%'`, u.ID); n != 1 {
		t.Errorf("audit lines of the password set: %d", n)
	}
	for name, c := range map[string]struct {
		stdin string
		args  []string
		want  string
	}{
		"no email":        {"solide mot de passe", []string{"password"}, "--email is required"},
		"unknown account": {"solide mot de passe", []string{"password", "--email", "nobody@social.gov.ma"}, "no account"},
		"no password":     {"", []string{"password", "--email", "staff@social.gov.ma"}, "no password"},
		"common password": {"azerty123\n", []string{"password", "--email", "staff@social.gov.ma"}, "most common"},
		"short password":  {"abc\n", []string{"password", "--email", "staff@social.gov.ma"}, "at least 8"},
		"the email":       {"staff@social.gov.ma\n", []string{"password", "--email", "staff@social.gov.ma"}, "email address"},
		"stray argument":  {"solide mot de passe", []string{"password", "--email", "staff@social.gov.ma", "x"}, "unexpected argument"},
	} {
		if _, err := runUser(t, db, c.stdin, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
	// The refused attempts changed nothing.
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "nouvelle phrase de passe", "127.0.0.3"); err != nil {
		t.Errorf("after refusals: %v", err)
	}
}
