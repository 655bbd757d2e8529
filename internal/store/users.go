package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgerrcode"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"tachawor/internal/domain"
)

const userColumns = `id, email, display_name, role, coalesce(region_id, 0), disabled_at, created_at, updated_at, version, session_epoch, lang`

func scanUser(row pgx.CollectableRow) (domain.User, error) {
	var u domain.User
	err := row.Scan(userFields(&u)...)
	return u, err
}

// userFields are the destinations of userColumns.
func userFields(u *domain.User) []any {
	return []any{&u.ID, &u.Email, &u.DisplayName, &u.Role, &u.RegionID, &u.DisabledAt, &u.CreatedAt, &u.UpdatedAt, &u.Version, &u.SessionEpoch, &u.Lang}
}

// userChanges is what the audit log keeps of a new account (never the hash).
func userChanges(u domain.NewUser) map[string]any {
	c := map[string]any{"email": u.Email, "display_name": u.DisplayName, "role": u.Role}
	if u.RegionID != 0 {
		c["region_id"] = u.RegionID
	}
	return c
}

// accountError turns the database's refusals of an account into domain
// errors: a taken email, an unknown region, a role without its region.
func accountError(err error, doing string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case pgerrcode.UniqueViolation:
			return &domain.Error{Code: domain.Conflict, MessageID: "email_taken", Err: err}
		case pgerrcode.ForeignKeyViolation:
			if strings.Contains(pgErr.ConstraintName, "region") {
				return &domain.Error{Code: domain.Invalid, MessageID: "region_unknown", Err: err}
			}
		case pgerrcode.CheckViolation:
			return &domain.Error{Code: domain.Invalid, MessageID: "user_invalid", Err: err}
		}
	}
	return fmt.Errorf("%s: %w", doing, err)
}

func insertUser(ctx context.Context, tx pgx.Tx, u domain.NewUser, passwordHash string, by int64) (domain.User, error) {
	var region *int16
	if u.RegionID != 0 {
		region = &u.RegionID
	}
	rows, _ := tx.Query(ctx, `
		INSERT INTO users (email, display_name, password_hash, role, region_id, created_by, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		RETURNING `+userColumns,
		u.Email, u.DisplayName, passwordHash, string(u.Role), region, nullUserID(by))
	user, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return user, accountError(err, "creating user")
	}
	return user, nil
}

// CreateUser creates an account with an argon2id password hash; by is the
// administrator creating it (0 for the command line). An address already
// taken, whatever its case, gives a Conflict "email_taken".
// token is the create form's (see created).
func (db *DB) CreateUser(ctx context.Context, token string, u domain.NewUser, passwordHash string, by int64) (domain.User, error) {
	var user domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		_, err := created(ctx, tx, token, "user", func() (int64, error) {
			var err error
			if user, err = insertUser(ctx, tx, u, passwordHash, by); err != nil {
				return 0, err
			}
			return user.ID, Audit(ctx, tx, by, domain.AuditCreate, "user", user.ID, userChanges(u))
		})
		return err
	})
	return user, err
}

// UserByID returns the account id (domain.ErrNotFound if there is none).
func (db *DB) UserByID(ctx context.Context, id int64) (domain.User, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return u, notFound(err, "reading user")
	}
	return u, nil
}

// UserByEmail returns the account with that address, whatever its case.
func (db *DB) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE lower(email) = lower($1)`, strings.TrimSpace(email))
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return u, notFound(err, "reading user")
	}
	return u, nil
}

// UserCredentials returns the account with that address and its password
// hash, for signing in only.
func (db *DB) UserCredentials(ctx context.Context, email string) (domain.User, string, error) {
	var hash string
	rows, _ := db.pool.Query(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE lower(email) = lower($1)`, strings.TrimSpace(email))
	u, err := pgx.CollectExactlyOneRow(rows, func(row pgx.CollectableRow) (domain.User, error) {
		var u domain.User
		err := row.Scan(append(userFields(&u), &hash)...)
		return u, err
	})
	if err != nil {
		return u, "", notFound(err, "reading user")
	}
	return u, hash, nil
}

// ListUsers lists the accounts, active ones first, then by email.
func (db *DB) ListUsers(ctx context.Context, page, per int) (Page[domain.User], error) {
	page, per, offset := limits(page, per)
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&total); err != nil {
		return Page[domain.User]{}, fmt.Errorf("counting users: %w", err)
	}
	rows, err := db.pool.Query(ctx, `
		SELECT `+userColumns+` FROM users
		ORDER BY disabled_at IS NOT NULL, lower(email), id
		LIMIT $1 OFFSET $2`, per, offset)
	if err != nil {
		return Page[domain.User]{}, fmt.Errorf("listing users: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanUser)
	if err != nil {
		return Page[domain.User]{}, fmt.Errorf("listing users: %w", err)
	}
	return Page[domain.User]{Items: items, Total: total, Page: page, Per: per}, nil
}

// SetDisabled disables (or enables again) an account; by is the
// administrator (0 for the command line). Disabling ends every session of
// the account in the same transaction (enabling it again brings none
// back). The last active administrator cannot be disabled (Conflict
// "last_admin").
func (db *DB) SetDisabled(ctx context.Context, id int64, disabled bool, by int64) (domain.User, error) {
	var user domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// Lock the active administrators first, always in the same order,
		// so that two administrators disabling each other at once can
		// neither leave none nor deadlock.
		var admins []int64
		if disabled {
			rows, _ := tx.Query(ctx, `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`)
			var err error
			if admins, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
				return fmt.Errorf("locking administrators: %w", err)
			}
		}
		rows, _ := tx.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1 FOR UPDATE`, id)
		cur, err := pgx.CollectExactlyOneRow(rows, scanUser)
		if err != nil {
			return notFound(err, "reading user")
		}
		if cur.Disabled() == disabled {
			user = cur
			return nil
		}
		if disabled && cur.Role == domain.RoleAdmin && !slices.ContainsFunc(admins, func(a int64) bool { return a != id }) {
			return domain.Errorf(domain.Conflict, "last_admin")
		}
		changes := map[string]any{"disabled": map[string]bool{"from": !disabled, "to": disabled}}
		if disabled {
			// Every session of the account ends with it, at once.
			_, ended, err := endSessions(ctx, tx, id, "")
			if err != nil {
				return err
			}
			changes["sessions_ended"] = ended
		}
		rows, _ = tx.Query(ctx, `
			UPDATE users SET disabled_at = CASE WHEN $2 THEN now() END,
			       updated_at = now(), updated_by = $3, version = version + 1
			WHERE id = $1
			RETURNING `+userColumns, id, disabled, nullUserID(by))
		if user, err = pgx.CollectExactlyOneRow(rows, scanUser); err != nil {
			return fmt.Errorf("disabling user: %w", err)
		}
		action := domain.AuditEnable
		if disabled {
			action = domain.AuditDisable
		}
		return Audit(ctx, tx, by, action, "user", id, changes)
	})
	return user, err
}

const invitationColumns = `i.id, i.email, i.role, coalesce(i.region_id, 0), i.created_by, i.created_at, i.expires_at,
	i.used_at, coalesce(i.user_id, 0), i.revoked_at, coalesce(i.revoked_by, 0),
	inviter.email, inviter.display_name, (inviter.disabled_at IS NOT NULL OR inviter.role <> 'admin')`

// invitationFrom joins each invitation to its inviter.
const invitationFrom = ` FROM invitations i JOIN users inviter ON inviter.id = i.created_by `

func scanInvitation(row pgx.CollectableRow) (domain.Invitation, error) {
	var i domain.Invitation
	err := row.Scan(&i.ID, &i.Email, &i.Role, &i.RegionID, &i.CreatedBy, &i.CreatedAt, &i.ExpiresAt,
		&i.UsedAt, &i.UserID, &i.RevokedAt, &i.RevokedBy, &i.InviterEmail, &i.InviterName, &i.InviterGone)
	return i, err
}

// CreateInvitation stores an invitation to create the account u, valid for
// ttl from now (the database's clock), and, when mail is sent (SendingMail)
// and mail is not nil, the e-mail that carries it, in the same
// transaction. Only the SHA-256 of its token is given. An address that
// already has an account gives "email_taken".
func (db *DB) CreateInvitation(ctx context.Context, token string, u domain.NewUser, tokenHash []byte, by int64, ttl time.Duration, mail *Mail) (domain.Invitation, error) {
	var inv domain.Invitation
	err := db.tx(ctx, func(tx pgx.Tx) error {
		_, err := created(ctx, tx, token, "invitation", func() (int64, error) {
			err := db.createInvitation(ctx, tx, u, tokenHash, by, ttl, mail, &inv)
			return inv.ID, err
		})
		return err
	})
	return inv, err
}

// createInvitation writes the invitation of CreateInvitation into inv.
func (db *DB) createInvitation(ctx context.Context, tx pgx.Tx, u domain.NewUser, tokenHash []byte, by int64, ttl time.Duration, mail *Mail, inv *domain.Invitation) error {
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1))`, u.Email).Scan(&taken); err != nil {
		return fmt.Errorf("checking invited email: %w", err)
	}
	if taken {
		return domain.Errorf(domain.Conflict, "email_taken")
	}
	var region *int16
	if u.RegionID != 0 {
		region = &u.RegionID
	}
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO invitations (token_hash, email, role, region_id, created_by, expires_at)
		VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
		RETURNING id`,
		tokenHash, u.Email, string(u.Role), region, by, ttl.Seconds()).Scan(&id)
	if err != nil {
		return accountError(err, "creating invitation")
	}
	rows, _ := tx.Query(ctx, `SELECT `+invitationColumns+invitationFrom+`WHERE i.id = $1`, id)
	if *inv, err = pgx.CollectExactlyOneRow(rows, scanInvitation); err != nil {
		return fmt.Errorf("reading the new invitation: %w", err)
	}
	c := userChanges(u)
	c["expires_at"] = inv.ExpiresAt
	if err := Audit(ctx, tx, by, domain.AuditInvite, "invitation", inv.ID, c); err != nil {
		return err
	}
	if mail != nil {
		return db.EnqueueMail(ctx, tx, *mail)
	}
	return nil
}

// InvitationByToken returns the invitation whose token has that SHA-256,
// used, expired or revoked ones included (domain.ErrNotFound if there is
// none).
func (db *DB) InvitationByToken(ctx context.Context, tokenHash []byte) (domain.Invitation, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+invitationColumns+invitationFrom+`WHERE i.token_hash = $1`, tokenHash)
	inv, err := pgx.CollectExactlyOneRow(rows, scanInvitation)
	if err != nil {
		return inv, notFound(err, "reading invitation")
	}
	return inv, nil
}

// PendingInvitations lists the invitations that can still be accepted
// (neither used, expired nor revoked, their inviter still an active
// administrator), newest first.
func (db *DB) PendingInvitations(ctx context.Context) ([]domain.Invitation, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+invitationColumns+invitationFrom+`
		WHERE i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
		  AND inviter.disabled_at IS NULL AND inviter.role = 'admin'
		ORDER BY i.created_at DESC, i.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("listing invitations: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanInvitation)
	if err != nil {
		return nil, fmt.Errorf("listing invitations: %w", err)
	}
	return out, nil
}

// Invitations lists every invitation, newest first, each with its inviter
// and what became of it (domain.Invitation.State): pending, accepted,
// expired or revoked.
func (db *DB) Invitations(ctx context.Context, page, per int) (Page[domain.Invitation], error) {
	page, per, offset := limits(page, per)
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM invitations`).Scan(&total); err != nil {
		return Page[domain.Invitation]{}, fmt.Errorf("counting invitations: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+invitationColumns+invitationFrom+`
		ORDER BY i.created_at DESC, i.id DESC LIMIT $1 OFFSET $2`, per, offset)
	if err != nil {
		return Page[domain.Invitation]{}, fmt.Errorf("listing invitations: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanInvitation)
	if err != nil {
		return Page[domain.Invitation]{}, fmt.Errorf("listing invitations: %w", err)
	}
	return Page[domain.Invitation]{Items: items, Total: total, Page: page, Per: per}, nil
}

// RevokeInvitation revokes the invitation id; by is the administrator. A
// used invitation cannot be revoked (Conflict "invitation_used"); revoking
// a revoked one changes nothing.
func (db *DB) RevokeInvitation(ctx context.Context, id, by int64) (domain.Invitation, error) {
	var inv domain.Invitation
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+invitationColumns+invitationFrom+`WHERE i.id = $1 FOR UPDATE OF i`, id)
		var err error
		if inv, err = pgx.CollectExactlyOneRow(rows, scanInvitation); err != nil {
			return notFound(err, "reading invitation")
		}
		switch {
		case inv.UsedAt != nil:
			return domain.Errorf(domain.Conflict, "invitation_used")
		case inv.RevokedAt != nil:
			return nil
		}
		if err := tx.QueryRow(ctx, `UPDATE invitations SET revoked_at = now(), revoked_by = $2 WHERE id = $1 RETURNING revoked_at`,
			id, by).Scan(&inv.RevokedAt); err != nil {
			return fmt.Errorf("revoking invitation: %w", err)
		}
		inv.RevokedBy = by
		return Audit(ctx, tx, by, domain.AuditRevoke, "invitation", id, map[string]any{"email": inv.Email, "role": inv.Role})
	})
	return inv, err
}

// AcceptInvitation creates the invited account, with the invitation's role
// and region whatever else is asked, and marks the invitation used, in one
// transaction. The invitation's row is locked first, so of two concurrent
// accepts one creates the account and the other finds it used; its
// inviter's row is share-locked, so an inviter being disabled at that
// moment either comes first (and the invitation is refused) or after.
// Errors (code Invalid): "invitation_invalid" (no such token),
// "invitation_used", "invitation_revoked" (by an administrator, or its
// inviter disabled or no longer an administrator), "invitation_expired";
// "email_taken" (Conflict) if the address got an account meanwhile, in
// which case the invitation stays unused.
func (db *DB) AcceptInvitation(ctx context.Context, tokenHash []byte, displayName, passwordHash string) (domain.User, error) {
	var user domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+invitationColumns+invitationFrom+`
			WHERE i.token_hash = $1 FOR UPDATE OF i FOR SHARE OF inviter`, tokenHash)
		inv, err := pgx.CollectExactlyOneRow(rows, scanInvitation)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return domain.Errorf(domain.Invalid, "invitation_invalid")
		case err != nil:
			return fmt.Errorf("reading invitation: %w", err)
		}
		if id := invitationRefusal(&inv); id != "" {
			return domain.Errorf(domain.Invalid, id)
		}
		var expired bool
		if err := tx.QueryRow(ctx, `SELECT expires_at <= now() FROM invitations WHERE id = $1`, inv.ID).Scan(&expired); err != nil {
			return fmt.Errorf("reading invitation: %w", err)
		}
		if expired {
			return domain.Errorf(domain.Invalid, "invitation_expired")
		}
		nu := domain.NewUser{Email: inv.Email, DisplayName: displayName, Role: inv.Role, RegionID: inv.RegionID}
		if user, err = insertUser(ctx, tx, nu, passwordHash, inv.CreatedBy); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE invitations SET used_at = now(), user_id = $2 WHERE id = $1`, inv.ID, user.ID); err != nil {
			return fmt.Errorf("marking invitation used: %w", err)
		}
		c := userChanges(nu)
		c["invitation_id"] = inv.ID
		c["invited_by"] = inv.CreatedBy
		if err := Audit(ctx, tx, user.ID, domain.AuditAccept, "invitation", inv.ID, map[string]any{"user_id": user.ID}); err != nil {
			return err
		}
		return Audit(ctx, tx, user.ID, domain.AuditCreate, "user", user.ID, c)
	})
	return user, err
}

// invitationRefusal is the message ID that refuses a used or revoked
// invitation ("" otherwise; expiry is judged by the caller's clock).
func invitationRefusal(inv *domain.Invitation) string {
	switch {
	case inv.UsedAt != nil:
		return "invitation_used"
	case inv.RevokedAt != nil || inv.InviterGone:
		return "invitation_revoked"
	}
	return ""
}
