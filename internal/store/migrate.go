package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for golang-migrate

	"tachawor/migrations"
)

// newMigrate opens golang-migrate on databaseURL with the embedded
// migrations. Its pgx/v5 driver holds a PostgreSQL advisory lock while it
// migrates, so two processes starting together cannot both apply them.
func newMigrate(databaseURL string) (*migrate.Migrate, func(), error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("reading embedded migrations: %w", err)
	}
	sqlDB, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("opening database for migrations: %w", err)
	}
	driver, err := migratepgx.WithInstance(sqlDB, &migratepgx.Config{})
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("starting migration driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", driver)
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("starting migrations: %w", err)
	}
	return m, func() { m.Close() }, nil
}

// Migrate applies every migration not yet applied.
func Migrate(ctx context.Context, databaseURL string) error {
	m, closeFn, err := newMigrate(databaseURL)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("applying migrations: %w", err)
	}
	return nil
}

// MigrateDown reverts every migration.
func MigrateDown(ctx context.Context, databaseURL string) error {
	m, closeFn, err := newMigrate(databaseURL)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := m.Down(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("reverting migrations: %w", err)
	}
	return nil
}

// MigrationVersion returns the applied version and whether it is dirty.
func MigrationVersion(databaseURL string) (uint, bool, error) {
	m, closeFn, err := newMigrate(databaseURL)
	if err != nil {
		return 0, false, err
	}
	defer closeFn()
	v, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

// Prepare migrates the database at databaseURL and loads the reference
// data: what every fresh database of the portal (and every test template)
// starts from.
func Prepare(ctx context.Context, databaseURL string) error {
	if err := Migrate(ctx, databaseURL); err != nil {
		return err
	}
	pool, err := Open(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	_, err = New(pool).LoadReference(ctx)
	return err
}
