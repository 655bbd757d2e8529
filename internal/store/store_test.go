package store_test

import (
	"context"
	"testing"

	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

// newDB returns a fresh migrated database with the reference data, and the
// demo content when demo is set.
func newDB(t *testing.T, demo bool) *store.DB {
	t.Helper()
	db := store.New(testdb.New(t))
	if demo {
		if _, err := db.LoadDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func count(t *testing.T, db *store.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
