package store

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"
)

//go:embed data/reference.sql
var referenceSQL string

//go:embed data/demo.sql
var demoSQL string

// LoadReference loads the regions, provinces, institutions, the strategy,
// its axes, fields and indicators. Loading twice changes nothing.
func (db *DB) LoadReference(ctx context.Context) error {
	return db.exec(ctx, "loading reference data", referenceSQL)
}

// LoadDemo loads the demonstration content (the Oujda meeting and the series
// stops). It needs the reference data; loading twice changes nothing.
func (db *DB) LoadDemo(ctx context.Context) error {
	return db.exec(ctx, "loading demo content", demoSQL)
}

func (db *DB) exec(ctx context.Context, doing, script string) error {
	// One transaction: a script is loaded whole or not at all. The simple
	// protocol lets one Exec carry several statements.
	return db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, script, pgx.QueryExecModeSimpleProtocol); err != nil {
			return fmt.Errorf("%s: %w", doing, err)
		}
		return nil
	})
}
