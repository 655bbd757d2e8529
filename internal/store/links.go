package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Linkable is a record a form offers to link to: an expectation a
// commitment answers, an agreement that carries it out.
type Linkable struct {
	ID     int64
	Title  domain.Text
	Stands string // an expectation's status, an agreement's publication state
}

// linkables are the kinds of records a commitment links to: their table,
// title and standing columns, which of them a commitment of region $1 may
// link to, and which come first.
var linkables = map[string]struct{ table, title, stands, eligible, first string }{
	"expectation": {"expectations", "title", "status", "region_id = $1 AND status <> 'draft'",
		"status IN ('retained', 'partly_retained')"},
	"agreement": {"agreements", "subject", "state", "(region_id = $1 OR region_id IS NULL) AND state <> 'archived'", "true"},
}

// Linkables lists the records of kind ("expectation", "agreement") a
// commitment of region may link to: first those of include (ticked) that
// are eligible or already linked (linked, those the commitment has), then
// up to limit of the eligible ones whose title holds words (or whose
// number is words), the first kind of them first (retained expectations),
// newest first. What is not listed cannot be chosen.
func (db *DB) Linkables(ctx context.Context, kind string, region int16, words string, include, linked []int64, limit int) ([]Linkable, error) {
	k, ok := linkables[kind]
	if !ok {
		return nil, fmt.Errorf("no linkable records of kind %q", kind)
	}
	if include == nil {
		include = []int64{}
	}
	if linked == nil {
		linked = []int64{}
	}
	pattern := ""
	if words = strings.TrimSpace(words); words != "" {
		pattern = "%" + auditLikeEscaper.Replace(words) + "%"
	}
	cols := `id, ` + k.title + `_ar, ` + k.title + `_fr, ` + k.stands
	rows, err := db.pool.Query(ctx, `
		(SELECT `+cols+`, 0 AS rank FROM `+k.table+` WHERE id = ANY($3) AND (id = ANY($6) OR `+k.eligible+`))
		UNION
		(SELECT `+cols+`, CASE WHEN `+k.first+` THEN 1 ELSE 2 END FROM `+k.table+`
		 WHERE $1 <> 0 AND `+k.eligible+` AND NOT id = ANY($3)
		   AND ($2 = '' OR `+k.title+`_ar ILIKE $2 OR `+k.title+`_fr ILIKE $2 OR id::text = $4)
		 ORDER BY 5, id DESC LIMIT $5)
		ORDER BY rank, id DESC`, region, pattern, include, words, limit, linked)
	if err != nil {
		return nil, fmt.Errorf("listing %ss to link: %w", kind, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Linkable, error) {
		var l Linkable
		var rank int
		err := row.Scan(&l.ID, &l.Title.AR, &l.Title.FR, &l.Stands, &rank)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing %ss to link: %w", kind, err)
	}
	return out, nil
}
