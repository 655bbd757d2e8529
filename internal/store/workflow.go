package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// workflowTables are the records with a publication state, by audit entity.
var workflowTables = map[string]string{"meeting": "meetings", "agreement": "agreements", "commitment": "commitments"}

// SetState moves a record (entity "meeting", "agreement" or "commitment")
// to another publication state if the move is allowed and the record is
// still at version; the change and its audit line commit together. It
// returns the new version.
func (db *DB) SetState(ctx context.Context, entity string, id int64, version int, to string, userID int64) (int, error) {
	table, ok := workflowTables[entity]
	if !ok {
		return 0, fmt.Errorf("no publication state for %q", entity)
	}
	var newVersion int
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var from string
		var current int
		err := tx.QueryRow(ctx, `SELECT state, version FROM `+table+` WHERE id = $1 FOR UPDATE`, id).Scan(&from, &current)
		if err != nil {
			return notFound(err, "reading "+entity+" state")
		}
		if current != version {
			return domain.ErrVersionConflict
		}
		action, ok := domain.Transition(from, to)
		if !ok {
			return &domain.Error{Code: domain.Invalid, MessageID: "error_transition"}
		}
		err = tx.QueryRow(ctx, `UPDATE `+table+` SET state = $2, version = version + 1, updated_at = now(),
			published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END
			WHERE id = $1 RETURNING version`, id, to).Scan(&newVersion)
		if err != nil {
			return fmt.Errorf("setting %s state: %w", entity, err)
		}
		return auditVersion(ctx, tx, userID, action, entity, id, newVersion, map[string]any{"state": map[string]string{"from": from, "to": to}})
	})
	return newVersion, err
}

// Diff returns, field by field, what changed between two values of the
// same struct type, as {"name": {"from": old, "to": new}}: what the audit
// log records of an edit. Fields are named as the form names them (their
// `form` tag; untagged fields are not recorded), embedded structs count as
// their fields, times are compared as instants (a value read back in
// another time zone is not a change) and an empty list as none.
func Diff(before, after any) map[string]any {
	out := map[string]any{}
	b, a := reflect.ValueOf(before), reflect.ValueOf(after)
	if b.Kind() != reflect.Struct || a.Type() != b.Type() {
		return out
	}
	diffFields(b, a, out)
	return out
}

func diffFields(b, a reflect.Value, out map[string]any) {
	for i := 0; i < b.NumField(); i++ {
		f := b.Type().Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			diffFields(b.Field(i), a.Field(i), out)
			continue
		}
		name := f.Tag.Get("form")
		if !f.IsExported() || name == "" {
			continue
		}
		bv, av := b.Field(i).Interface(), a.Field(i).Interface()
		bj, _ := json.Marshal(inUTC(bv))
		aj, _ := json.Marshal(inUTC(av))
		if string(bj) != string(aj) {
			out[name] = map[string]any{"from": inUTC(bv), "to": inUTC(av)}
		}
	}
}

// inUTC is v with a time, or a pointer to one, in UTC, and an empty slice
// as none.
func inUTC(v any) any {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Len() == 0 {
		return nil
	}
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case *time.Time:
		if t != nil {
			u := t.UTC()
			return &u
		}
	}
	return v
}

// ChangedFields lists the fields an audit line's changes touched.
func ChangedFields(changes []byte) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(changes, &m) != nil {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
