// Package backup saves the portal's database to a file and restores it,
// with PostgreSQL's own pg_dump and pg_restore: everything, attachments
// included (they live in the database).
package backup

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/localpg"
	"tachawor/internal/pagecache"
)

// tool returns the path of a PostgreSQL client program of the installed
// server's version.
func tool(name string) (string, error) {
	dir, err := localpg.FindBinaries()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

// Dump writes the database at databaseURL to w in pg_dump's custom format.
func Dump(ctx context.Context, databaseURL string, w io.Writer) error {
	bin, err := tool("pg_dump")
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--no-privileges", "--dbname="+databaseURL)
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Restore replaces the content of the database at databaseURL with the
// dump read from r, in a single transaction: a failed restore leaves the
// database as it was.
func Restore(ctx context.Context, databaseURL string, r io.Reader) error {
	bin, err := tool("pg_restore")
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
		"--exit-on-error", "--dbname="+databaseURL)
	cmd.Stdin, cmd.Stderr = r, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_restore: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	// The data is loaded before the triggers that notify the portals of
	// changes are made: tell every portal listening that everything changed.
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return fmt.Errorf("restored, but telling the portals: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `SELECT pg_notify($1, 'restore')`, pagecache.Channel); err != nil {
		return fmt.Errorf("restored, but telling the portals: %w", err)
	}
	return nil
}
