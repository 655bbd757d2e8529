// Package migrations holds the database schema as numbered golang-migrate
// files, embedded so the binary carries them.
package migrations

import "embed"

// FS holds every NNNNNN_name.up.sql and .down.sql file.
//
//go:embed *.sql
var FS embed.FS
