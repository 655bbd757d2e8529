package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// fakeHash passes the users.password_hash check; store tests never verify it.
const fakeHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"

func mustCreateUser(t *testing.T, db *store.DB, email string, role domain.Role, region int16) domain.User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), "", domain.NewUser{Email: email, Role: role, RegionID: region}, fakeHash, 0)
	if err != nil {
		t.Fatalf("creating %s: %v", email, err)
	}
	return u
}

func TestCreateUserAndRead(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	admin := mustCreateUser(t, db, "Admin@Social.gov.ma", domain.RoleAdmin, 0)
	u, err := db.CreateUser(ctx, "", domain.NewUser{Email: "elu@region.ma", DisplayName: "Élu", Role: domain.RoleRegional, RegionID: 2}, fakeHash, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Version != 1 || u.RegionID != 2 || u.DisplayName != "Élu" || u.Disabled() || u.CreatedAt.IsZero() {
		t.Errorf("created %+v", u)
	}

	for name, c := range map[string]struct {
		nu   domain.NewUser
		code domain.Code
		msg  string
	}{
		"same address, other case": {domain.NewUser{Email: "admin@social.GOV.MA", Role: domain.RoleStaff}, domain.Conflict, "email_taken"},
		"unknown region":           {domain.NewUser{Email: "x@region.ma", Role: domain.RoleRegional, RegionID: 42}, domain.Invalid, "region_unknown"},
		// The database backs the domain's rules on its own.
		"regional without region": {domain.NewUser{Email: "y@region.ma", Role: domain.RoleRegional}, domain.Invalid, "user_invalid"},
		"staff with a region":     {domain.NewUser{Email: "z@region.ma", Role: domain.RoleStaff, RegionID: 1}, domain.Invalid, "user_invalid"},
		"unknown role":            {domain.NewUser{Email: "w@region.ma", Role: "owner"}, domain.Invalid, "user_invalid"},
		"no @":                    {domain.NewUser{Email: "nobody", Role: domain.RoleStaff}, domain.Invalid, "user_invalid"},
	} {
		_, err := db.CreateUser(ctx, "", c.nu, fakeHash, 0)
		if domain.ErrorCode(err) != c.code || domain.ErrorMessage(err) != c.msg {
			t.Errorf("%s: %v, want %s %s", name, err, c.code, c.msg)
		}
	}
	if _, err := db.CreateUser(ctx, "", domain.NewUser{Email: "plain@region.ma", Role: domain.RoleStaff}, "plaintext", 0); err == nil {
		t.Error("a password that is not an argon2id hash was stored")
	}

	got, err := db.UserByID(ctx, u.ID)
	if err != nil || got != u {
		t.Errorf("UserByID: %+v, %v; want %+v", got, err, u)
	}
	if _, err := db.UserByID(ctx, 999999); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("UserByID(unknown): %v, want ErrNotFound", err)
	}
	if got, err := db.UserByEmail(ctx, " ADMIN@social.gov.ma"); err != nil || got.ID != admin.ID {
		t.Errorf("UserByEmail: %+v, %v", got, err)
	}
	if _, err := db.UserByEmail(ctx, "nobody@social.gov.ma"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("UserByEmail(unknown): %v, want ErrNotFound", err)
	}
	if got, hash, err := db.UserCredentials(ctx, "elu@REGION.ma"); err != nil || got.ID != u.ID || hash != fakeHash {
		t.Errorf("UserCredentials: %+v, %q, %v", got, hash, err)
	}

	// The audit log records the creation, by whom, without the hash.
	log, err := db.AuditLog(ctx, "user", u.ID)
	if err != nil || len(log) != 1 {
		t.Fatalf("history: %v, %v", log, err)
	}
	var changes map[string]any
	if e := log[0]; e.Action != domain.AuditCreate || e.UserID != admin.ID || e.UserEmail != admin.Email ||
		json.Unmarshal(e.Changes, &changes) != nil ||
		fmt.Sprint(changes) != "map[display_name:Élu email:elu@region.ma region_id:2 role:regional]" {
		t.Errorf("history entry %+v %s", e, e.Changes)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE changes::text LIKE '%argon2%'`); n != 0 {
		t.Error("a password hash reached the audit log")
	}
}

func TestListUsers(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	for i := range 25 {
		mustCreateUser(t, db, fmt.Sprintf("user%02d@social.gov.ma", i), domain.RoleStaff, 0)
	}
	mustCreateUser(t, db, "admin@social.gov.ma", domain.RoleAdmin, 0)
	first := mustCreateUser(t, db, "aaa@social.gov.ma", domain.RoleStaff, 0)
	if _, err := db.SetDisabled(ctx, first.ID, true, 0); err != nil {
		t.Fatal(err)
	}
	p1, err := db.ListUsers(ctx, 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Total != 27 || len(p1.Items) != 20 || p1.Pages() != 2 || p1.Items[0].Email != "admin@social.gov.ma" {
		t.Errorf("page 1: total %d, %d items, first %s", p1.Total, len(p1.Items), p1.Items[0].Email)
	}
	p2, err := db.ListUsers(ctx, 2, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Items) != 7 || p2.Items[6].ID != first.ID {
		t.Errorf("page 2: %d items; the disabled account should come last", len(p2.Items))
	}
}

func TestSetDisabled(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	admin := mustCreateUser(t, db, "admin@social.gov.ma", domain.RoleAdmin, 0)
	staff := mustCreateUser(t, db, "staff@social.gov.ma", domain.RoleStaff, 0)

	u, err := db.SetDisabled(ctx, staff.ID, true, admin.ID)
	if err != nil || !u.Disabled() || u.Version != 2 {
		t.Fatalf("disable: %+v, %v", u, err)
	}
	// Disabling twice changes nothing.
	if u, err = db.SetDisabled(ctx, staff.ID, true, admin.ID); err != nil || u.Version != 2 {
		t.Errorf("disable again: %+v, %v", u, err)
	}
	if u, err = db.SetDisabled(ctx, staff.ID, false, admin.ID); err != nil || u.Disabled() || u.Version != 3 {
		t.Errorf("enable: %+v, %v", u, err)
	}
	log, _ := db.AuditLog(ctx, "user", staff.ID)
	if len(log) != 3 || log[0].Action != domain.AuditEnable || log[1].Action != domain.AuditDisable || log[1].UserID != admin.ID {
		t.Errorf("history: %+v", log)
	}
	if _, err := db.SetDisabled(ctx, 999999, true, admin.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown account: %v", err)
	}

	// The last active administrator stays.
	if _, err := db.SetDisabled(ctx, admin.ID, true, admin.ID); domain.ErrorMessage(err) != "last_admin" {
		t.Errorf("disabling the last administrator: %v, want last_admin", err)
	}
	// Two administrators disabling each other at once: one stays, no deadlock.
	second := mustCreateUser(t, db, "admin2@social.gov.ma", domain.RoleAdmin, 0)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	pairs := [2][2]int64{{admin.ID, second.ID}, {second.ID, admin.ID}}
	for i, p := range pairs {
		wg.Go(func() { _, errs[i] = db.SetDisabled(ctx, p[1], true, p[0]) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if domain.ErrorMessage(err) != "last_admin" {
			t.Errorf("concurrent disable: %v", err)
		}
	}
	if ok != 1 || count(t, db, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL`) != 1 {
		t.Errorf("%d concurrent disables succeeded, want 1, and one administrator left", ok)
	}
}

func TestLoginAttempts(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	u := mustCreateUser(t, db, "staff@social.gov.ma", domain.RoleStaff, 0)
	now := time.Now()
	w := store.LoginWindows{Short: now.Add(-time.Minute), Account: now.Add(-time.Hour), Known: now.Add(-24 * time.Hour)}
	var seen store.LoginCounts
	begin := func(email, ip string, wait time.Duration) int64 {
		t.Helper()
		id, got, err := db.BeginLoginAttempt(ctx, email, ip, w, func(c store.LoginCounts) time.Duration { seen = c; return wait })
		if err != nil || got != wait || (wait == 0) != (id != 0) {
			t.Fatalf("BeginLoginAttempt: %d, %v, %v", id, got, err)
		}
		return id
	}
	begin("Staff@Social.gov.ma", "192.0.2.1", 0)
	begin("staff@social.gov.ma", "192.0.2.2", 0)
	begin("other@social.gov.ma", "192.0.2.1", 0)
	begin("other@social.gov.ma", "192.0.2.1", time.Minute) // throttled: never counts
	begin("STAFF@social.gov.ma", "192.0.2.1", 0)
	if seen.Pair != 1 || seen.Address != 2 || seen.Account != 2 || seen.Known || seen.LastFailure.IsZero() {
		t.Errorf("counts %+v; want pair 1, address 2, account 2", seen)
	}
	// A success starts the counts of the account and of the pair afresh,
	// not the address's, and makes the address known.
	ok := begin("staff@social.gov.ma", "192.0.2.1", 0)
	if err := db.SucceedLoginAttempt(ctx, ok, u.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	begin("staff@social.gov.ma", "192.0.2.1", 0)
	if seen.Pair != 0 || seen.Address != 3 || seen.Account != 0 || !seen.Known {
		t.Errorf("after a success: %+v", seen)
	}
	begin("staff@social.gov.ma", "192.0.2.2", 0)
	if seen.Pair != 1 || seen.Account != 1 || seen.Known {
		t.Errorf("from the other address: %+v", seen)
	}
	// Outside the windows nothing counts.
	w = store.LoginWindows{Short: now.Add(time.Minute), Account: now.Add(time.Minute), Known: now.Add(time.Minute)}
	begin("staff@social.gov.ma", "192.0.2.1", 0)
	if seen != (store.LoginCounts{}) {
		t.Errorf("outside the windows: %+v", seen)
	}
	list, err := db.LoginAttempts(ctx, "staff@social.gov.ma", 10)
	if err != nil || len(list) != 7 || list[0].Succeeded || !list[3].Succeeded || list[3].UserID != u.ID || list[3].IP != "192.0.2.1" {
		t.Errorf("attempts: %+v, %v", list, err)
	}
	if err := db.SucceedLoginAttempt(ctx, 999999, u.ID, ""); err == nil {
		t.Error("an unknown attempt marked successful")
	}
	if _, _, err := db.BeginLoginAttempt(ctx, "x@y.ma", "not an address", w, func(store.LoginCounts) time.Duration { return 0 }); err == nil {
		t.Error("a malformed address was recorded")
	}
	n, err := db.DeleteLoginAttempts(ctx, time.Now().Add(time.Minute))
	if err != nil || n != 9 {
		t.Errorf("deleted %d, %v", n, err)
	}
}
