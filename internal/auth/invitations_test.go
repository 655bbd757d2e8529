package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"sync"
	"testing"
	"time"

	"tachawor/internal/domain"
)

func TestInvitation(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)

	token, inv, err := a.CreateInvitation(ctx, "", admin.ID, " Elu@Region.ma ", domain.RoleRegional, 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 {
		t.Fatalf("token %q: want 32 bytes in base64url", token)
	}
	if d := time.Until(inv.ExpiresAt); d < InvitationTTL-time.Minute || d > InvitationTTL+time.Minute {
		t.Errorf("expires in %v, want %v", d, InvitationTTL)
	}
	// Only the token's SHA-256 is stored.
	h := sha256.Sum256(raw)
	if n := count(t, db, `SELECT count(*) FROM invitations WHERE token_hash = $1 AND email = 'elu@region.ma'`, h[:]); n != 1 {
		t.Fatal("the invitation is not stored under the token's SHA-256")
	}
	if n := count(t, db, `SELECT count(*) FROM invitations WHERE encode(token_hash, 'escape') LIKE '%'||$1||'%'`, token); n != 0 {
		t.Error("the raw token is stored")
	}
	if got, err := a.Invitation(ctx, token); err != nil || got.ID != inv.ID || got.Role != domain.RoleRegional || got.RegionID != 4 {
		t.Fatalf("Invitation: %+v, %v", got, err)
	}

	// A refused password leaves the invitation usable.
	if _, err := a.AcceptInvitation(ctx, token, "Élu", "azerty123"); domain.ErrorMessage(err) != "password_common" {
		t.Fatalf("weak password: %v", err)
	}
	u, err := a.AcceptInvitation(ctx, token, "  Élu régional ", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "elu@region.ma" || u.Role != domain.RoleRegional || u.RegionID != 4 || u.DisplayName != "Élu régional" {
		t.Errorf("created %+v", u)
	}
	if _, err := a.Authenticate(ctx, "elu@region.ma", testPassword, "192.0.2.7"); err != nil {
		t.Errorf("signing in with the new account: %v", err)
	}
	// Single use.
	if _, err := a.AcceptInvitation(ctx, token, "again", testPassword+"2"); domain.ErrorMessage(err) != "invitation_used" {
		t.Errorf("second use: %v, want invitation_used", err)
	}
	if n := count(t, db, `SELECT count(*) FROM invitations WHERE id = $1 AND used_at IS NOT NULL AND user_id = $2`, inv.ID, u.ID); n != 1 {
		t.Error("the invitation is not marked used by the new account")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE (entity, entity_id, action) IN (('invitation', $1, 'invite'), ('invitation', $1, 'accept_invitation'), ('user', $2, 'create'))`, inv.ID, u.ID); n != 3 {
		t.Errorf("%d audit entries for the invitation, want 3", n)
	}

	// Unknown and malformed tokens.
	for _, bad := range []string{"", "nope", base64.RawURLEncoding.EncodeToString(make([]byte, 32)), token + "x"} {
		if _, err := a.AcceptInvitation(ctx, bad, "x", testPassword); domain.ErrorMessage(err) != "invitation_invalid" {
			t.Errorf("token %q: %v, want invitation_invalid", bad, err)
		}
	}

	// Invalid invitations.
	for name, c := range map[string]struct {
		email  string
		role   domain.Role
		region int16
		ttl    time.Duration
		want   string
	}{
		"taken address":     {"ADMIN@social.gov.ma", domain.RoleStaff, 0, 0, "email_taken"},
		"no region":         {"r@region.ma", domain.RoleRegional, 0, 0, "region_required"},
		"unknown region":    {"r@region.ma", domain.RoleRegional, 77, 0, "region_unknown"},
		"bad address":       {"r@", domain.RoleStaff, 0, 0, "email_invalid"},
		"lifetime too long": {"r@region.ma", domain.RoleStaff, 0, 365 * 24 * time.Hour, "invitation_ttl_invalid"},
		"negative lifetime": {"r@region.ma", domain.RoleStaff, 0, -time.Hour, "invitation_ttl_invalid"},
	} {
		if _, _, err := a.CreateInvitation(ctx, "", admin.ID, c.email, c.role, c.region, c.ttl); domain.ErrorMessage(err) != c.want {
			t.Errorf("%s: %v, want %s", name, err, c.want)
		}
	}
}

func TestInvitationExpiry(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	token, inv, err := a.CreateInvitation(ctx, "", admin.ID, "late@social.gov.ma", domain.RoleStaff, 0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// Two hours later.
	if _, err := db.Pool().Exec(ctx, `UPDATE invitations SET created_at = created_at - interval '2 hours', expires_at = expires_at - interval '2 hours' WHERE id = $1`, inv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Invitation(ctx, token); domain.ErrorMessage(err) != "invitation_expired" {
		t.Errorf("Invitation: %v, want invitation_expired", err)
	}
	if _, err := a.AcceptInvitation(ctx, token, "Late", testPassword); domain.ErrorMessage(err) != "invitation_expired" {
		t.Errorf("AcceptInvitation: %v, want invitation_expired", err)
	}
	// The store checks the expiry itself, under the row lock.
	h := sha256.Sum256(mustDecode(t, token))
	if _, err := db.AcceptInvitation(ctx, h[:], "Late", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5"); domain.ErrorMessage(err) != "invitation_expired" {
		t.Errorf("store AcceptInvitation: %v, want invitation_expired", err)
	}
	if n := count(t, db, `SELECT count(*) FROM users WHERE email = 'late@social.gov.ma'`); n != 0 {
		t.Error("an expired invitation created an account")
	}
	if pending, err := db.PendingInvitations(ctx); err != nil || len(pending) != 0 {
		t.Errorf("pending invitations: %v, %v", pending, err)
	}
}

func mustDecode(t *testing.T, token string) []byte {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestInvitationConcurrentAccept: of several accepts of one token at the
// same moment, exactly one creates an account.
func TestInvitationConcurrentAccept(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	token, _, err := a.CreateInvitation(ctx, "", admin.ID, "race@social.gov.ma", domain.RoleStaff, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			_, errs[i] = a.AcceptInvitation(ctx, token, "Racer", testPassword)
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case domain.ErrorMessage(err) == "invitation_used":
		default:
			t.Errorf("concurrent accept: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d accepts succeeded, want exactly 1", ok)
	}
	if c := count(t, db, `SELECT count(*) FROM users WHERE lower(email) = 'race@social.gov.ma'`); c != 1 {
		t.Errorf("%d accounts created", c)
	}
}

// TestInvitationRevocation: an administrator revokes an invitation, which
// then cannot be accepted; revoking again changes nothing, a used one
// cannot be revoked; the list shows every state with who invited.
func TestInvitationRevocation(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	token, inv, err := a.CreateInvitation(ctx, "", admin.ID, "revoked@social.gov.ma", domain.RoleStaff, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if inv.State(time.Now()) != domain.InvitationPending || inv.InviterEmail != "admin@social.gov.ma" {
		t.Fatalf("new invitation %+v", inv)
	}
	got, err := a.RevokeInvitation(ctx, admin.ID, inv.ID)
	if err != nil || got.State(time.Now()) != domain.InvitationRevoked || got.RevokedBy != admin.ID || got.RevokedAt == nil {
		t.Fatalf("RevokeInvitation: %+v, %v", got, err)
	}
	if _, err := a.Invitation(ctx, token); domain.ErrorMessage(err) != "invitation_revoked" {
		t.Errorf("Invitation: %v, want invitation_revoked", err)
	}
	if _, err := a.AcceptInvitation(ctx, token, "Révoqué", testPassword); domain.ErrorMessage(err) != "invitation_revoked" {
		t.Errorf("AcceptInvitation: %v, want invitation_revoked", err)
	}
	// The store refuses it itself, under its lock.
	h, _ := tokenHash(token)
	if _, err := db.AcceptInvitation(ctx, h, "Révoqué", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5"); domain.ErrorMessage(err) != "invitation_revoked" {
		t.Errorf("store AcceptInvitation: %v", err)
	}
	if _, err := a.RevokeInvitation(ctx, admin.ID, inv.ID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'invitation' AND entity_id = $1 AND action = 'revoke' AND user_id = $2`, inv.ID, admin.ID); n != 1 {
		t.Errorf("%d audit lines of the revocation, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM users WHERE email = 'revoked@social.gov.ma'`); n != 0 {
		t.Error("a revoked invitation created an account")
	}

	// Every state, in the list.
	usedToken, used, _ := a.CreateInvitation(ctx, "", admin.ID, "used@social.gov.ma", domain.RoleStaff, 0, 0)
	if _, err := a.AcceptInvitation(ctx, usedToken, "Used", testPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RevokeInvitation(ctx, admin.ID, used.ID); domain.ErrorMessage(err) != "invitation_used" || domain.ErrorCode(err) != domain.Conflict {
		t.Errorf("revoking a used invitation: %v", err)
	}
	_, expired, _ := a.CreateInvitation(ctx, "", admin.ID, "expired@social.gov.ma", domain.RoleStaff, 0, time.Hour)
	db.Pool().Exec(ctx, `UPDATE invitations SET created_at = created_at - interval '2 hours', expires_at = expires_at - interval '2 hours' WHERE id = $1`, expired.ID)
	_, pending, _ := a.CreateInvitation(ctx, "", admin.ID, "pending@social.gov.ma", domain.RoleStaff, 0, 0)
	if _, err := a.RevokeInvitation(ctx, admin.ID, 999999); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("revoking an unknown invitation: %v", err)
	}
	list, err := db.Invitations(ctx, 1, 20)
	if err != nil || list.Total != 4 {
		t.Fatalf("Invitations: %+v, %v", list, err)
	}
	states := map[int64]string{}
	for _, i := range list.Items {
		states[i.ID] = i.State(time.Now())
		if i.InviterEmail != "admin@social.gov.ma" || i.CreatedAt.IsZero() {
			t.Errorf("invitation %d without its inviter or date: %+v", i.ID, i)
		}
	}
	want := map[int64]string{inv.ID: "revoked", used.ID: "accepted", expired.ID: "expired", pending.ID: "pending"}
	for id, s := range want {
		if states[id] != s {
			t.Errorf("invitation %d: %s, want %s", id, states[id], s)
		}
	}
	if p, _ := db.PendingInvitations(ctx); len(p) != 1 || p[0].ID != pending.ID {
		t.Errorf("pending invitations: %+v", p)
	}
}

// TestInvitationDiesWithItsInviter: admin 2 invites an administrator,
// admin 1 disables admin 2 after the invitation page was opened: the
// invitation no longer creates anything (checked at acceptance).
func TestInvitationDiesWithItsInviter(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin1 := createUser(t, a, "admin1@social.gov.ma", domain.RoleAdmin, 0)
	admin2 := createUser(t, a, "admin2@social.gov.ma", domain.RoleAdmin, 0)
	token, inv, err := a.CreateInvitation(ctx, "", admin2.ID, "new-admin@social.gov.ma", domain.RoleAdmin, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The page is opened while admin 2 is active ...
	if _, err := a.Invitation(ctx, token); err != nil {
		t.Fatal(err)
	}
	// ... then admin 2 is disabled before the form is sent.
	if _, err := db.SetDisabled(ctx, admin2.ID, true, admin1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcceptInvitation(ctx, token, "Nouvel admin", testPassword); domain.ErrorMessage(err) != "invitation_revoked" {
		t.Fatalf("accepting the invitation of a disabled administrator: %v, want invitation_revoked", err)
	}
	if n := count(t, db, `SELECT count(*) FROM users WHERE role = 'admin'`); n != 2 {
		t.Errorf("%d administrators, want the 2 there were", n)
	}
	list, _ := db.Invitations(ctx, 1, 10)
	if len(list.Items) != 1 || list.Items[0].ID != inv.ID || list.Items[0].State(time.Now()) != domain.InvitationRevoked || !list.Items[0].InviterGone {
		t.Errorf("listed as %+v", list.Items)
	}
	if p, _ := db.PendingInvitations(ctx); len(p) != 0 {
		t.Errorf("still pending: %+v", p)
	}
}

// TestAcceptingGrantsOnlyTheInvitationsRole: the account an invitation
// creates has the invitation's role and region; nothing the acceptor
// sends can change them (AcceptInvitation takes no role at all).
func TestAcceptingGrantsOnlyTheInvitationsRole(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	token, _, err := a.CreateInvitation(ctx, "", admin.ID, "elu@region.ma", domain.RoleRegional, 6, 0)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.AcceptInvitation(ctx, token, "Élu", testPassword)
	if err != nil || u.Role != domain.RoleRegional || u.RegionID != 6 {
		t.Fatalf("accepted: %+v, %v", u, err)
	}
	if n := count(t, db, `SELECT count(*) FROM users WHERE role = 'admin'`); n != 1 {
		t.Errorf("%d administrators", n)
	}
}
