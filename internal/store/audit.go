package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Audit writes one line of the audit log inside tx, the transaction of the
// change it records, so that the log holds exactly the committed changes.
// userID 0 is the command line. changes is encoded as JSON (nil gives {}):
// typically the new values, or field → {"from": ..., "to": ...}; it must
// never hold a password or a token.
func Audit(ctx context.Context, tx pgx.Tx, userID int64, action, entity string, entityID int64, changes any) error {
	return auditVersion(ctx, tx, userID, action, entity, entityID, 0, changes)
}

// auditVersion is Audit for a record with a version: version is the one the
// change gave it, so that an edit refused for a stale version can be shown
// what changed since (AuditSince).
func auditVersion(ctx context.Context, tx pgx.Tx, userID int64, action, entity string, entityID int64, version int, changes any) error {
	doc := []byte("{}")
	switch c := changes.(type) {
	case nil:
	case json.RawMessage:
		if len(c) > 0 {
			doc = c
		}
	default:
		b, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("encoding audit changes of %s %d: %w", entity, entityID, err)
		}
		doc = b
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (user_id, action, entity, entity_id, version, changes)
		VALUES ($1, $2, $3, $4, nullif($5, 0), $6::jsonb)`,
		nullUserID(userID), action, entity, entityID, version, string(doc))
	if err != nil {
		return fmt.Errorf("writing audit log for %s %d: %w", entity, entityID, err)
	}
	return nil
}

// nullUserID maps the user id 0 (the command line, nobody) to NULL.
func nullUserID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

const auditColumns = `a.id, a.at, coalesce(a.user_id, 0), coalesce(u.email, ''), coalesce(u.display_name, ''),
	a.action, a.entity, a.entity_id, a.changes`

func scanAuditEntry(row pgx.CollectableRow) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var changes string
	err := row.Scan(&e.ID, &e.At, &e.UserID, &e.UserEmail, &e.UserName, &e.Action, &e.Entity, &e.EntityID, &changes)
	e.Changes = []byte(changes)
	return e, err
}

// AuditLog returns the history of one record, newest first.
func (db *DB) AuditLog(ctx context.Context, entity string, entityID int64) ([]domain.AuditEntry, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT `+auditColumns+`
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.entity = $1 AND a.entity_id = $2
		ORDER BY a.at DESC, a.id DESC`, entity, entityID)
	if err != nil {
		return nil, fmt.Errorf("reading history of %s %d: %w", entity, entityID, err)
	}
	out, err := pgx.CollectRows(rows, scanAuditEntry)
	if err != nil {
		return nil, fmt.Errorf("reading history of %s %d: %w", entity, entityID, err)
	}
	return out, nil
}

// AuditSince returns the changes made to a record after its version
// version, oldest first: what someone else saved while a form edited it.
func (db *DB) AuditSince(ctx context.Context, entity string, entityID int64, version int) ([]domain.AuditEntry, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT `+auditColumns+`
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.entity = $1 AND a.entity_id = $2 AND a.version > $3
		ORDER BY a.at, a.id`, entity, entityID, version)
	if err != nil {
		return nil, fmt.Errorf("reading changes of %s %d since version %d: %w", entity, entityID, version, err)
	}
	out, err := pgx.CollectRows(rows, scanAuditEntry)
	if err != nil {
		return nil, fmt.Errorf("reading changes of %s %d since version %d: %w", entity, entityID, version, err)
	}
	return out, nil
}

// AuditQuery narrows a search of the audit log. Zero values mean "any".
type AuditQuery struct {
	Text   string // in the author's email or name, the action, the entity or the changes
	Entity string
	Action string
	UserID int64
	From   time.Time // inclusive
	To     time.Time // exclusive
	Page   int       // 1-based
	Per    int
}

// SearchAudit lists the audit log for administrators, newest first.
func (db *DB) SearchAudit(ctx context.Context, q AuditQuery) (Page[domain.AuditEntry], error) {
	page, per, offset := limits(q.Page, q.Per)
	pattern := ""
	if t := strings.TrimSpace(q.Text); t != "" {
		pattern = "%" + auditLikeEscaper.Replace(t) + "%"
	}
	var from, to *time.Time
	if !q.From.IsZero() {
		from = &q.From
	}
	if !q.To.IsZero() {
		to = &q.To
	}
	const where = `
		WHERE ($1 = '' OR a.entity = $1)
		  AND ($2 = '' OR a.action = $2)
		  AND ($3::bigint = 0 OR a.user_id = $3)
		  AND ($4::timestamptz IS NULL OR a.at >= $4)
		  AND ($5::timestamptz IS NULL OR a.at < $5)
		  AND ($6 = '' OR u.email ILIKE $6 OR u.display_name ILIKE $6 OR a.action ILIKE $6
		       OR a.entity ILIKE $6 OR a.changes::text ILIKE $6)`
	args := []any{q.Entity, q.Action, q.UserID, from, to, pattern}
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log a LEFT JOIN users u ON u.id = a.user_id`+where, args...).Scan(&total); err != nil {
		return Page[domain.AuditEntry]{}, fmt.Errorf("counting audit log: %w", err)
	}
	rows, err := db.pool.Query(ctx, `
		SELECT `+auditColumns+`
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id`+where+`
		ORDER BY a.at DESC, a.id DESC
		LIMIT $7 OFFSET $8`, append(args, per, offset)...)
	if err != nil {
		return Page[domain.AuditEntry]{}, fmt.Errorf("searching audit log: %w", err)
	}
	items, err := pgx.CollectRows(rows, scanAuditEntry)
	if err != nil {
		return Page[domain.AuditEntry]{}, fmt.Errorf("searching audit log: %w", err)
	}
	return Page[domain.AuditEntry]{Items: items, Total: total, Page: page, Per: per}, nil
}

// auditLikeEscaper makes user text literal in a LIKE pattern (default escape \).
var auditLikeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
