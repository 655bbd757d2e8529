package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Hit is one search result: a published meeting, agreement, axis or
// expectation, with the texts a passage is cut from.
type Hit struct {
	Kind  string // meeting, agreement, axis, expectation
	ID    int64
	Slug  string // axes by their slug; expectations by their region's
	Title domain.Text
	Body  domain.Text
	Rank  float32
}

// searchQuery matches documents whose search vector (Arabic and French,
// see migrations/000004_search.up.sql) matches the query read both as
// Arabic and as French, each side normalised like the stored text.
const searchQuery = `(websearch_to_tsquery('arabic', fold_ar($1)) || websearch_to_tsquery('french', unaccent_fr($1)))`

// searchCandidates bounds, for each kind of record, the matches that are
// ranked: the most recent ones. Ranking every match of a common word over
// 200,000 expectations would read each one's search vector; the reader is
// told when the bound was reached, to refine the search.
const searchCandidates = 100

// SearchResult is a page of hits, and whether some matches were left out
// because a kind of record had more than searchCandidates of them.
type SearchResult struct {
	Page[Hit]
	Capped bool
}

// Search runs a full-text search over everything public: the most recent
// matches of each kind, best match first.
func (db *DB) Search(ctx context.Context, q string, page, per int) (SearchResult, error) {
	page, per, offset := limits(page, per)
	candidates := func(kind, slug, title, bodyAR, bodyFR, from, where string) string {
		// The query is written out in full (not taken from a CTE) so that
		// the planner sees it as a constant: for a common word it then
		// walks the newest records, for a rare one it uses the index.
		return `(SELECT '` + kind + `' AS kind, c.id, ` + slug + ` AS slug, ` + title + `, ` + bodyAR + ` AS body_ar, ` + bodyFR + ` AS body_fr,
			ts_rank(c.search, ` + searchQuery + `) AS rank
			FROM (SELECT * FROM ` + from + ` WHERE ` + where + ` AND t.search @@ ` + searchQuery + ` ORDER BY t.id DESC LIMIT $4) c)`
	}
	rows, err := db.pool.Query(ctx, `
		WITH hits AS (`+
		candidates("meeting", "''", "c.title_ar, c.title_fr", "c.purpose_ar || ' ' || c.outcomes_ar || ' ' || c.minutes_ar",
			"c.purpose_fr || ' ' || c.outcomes_fr || ' ' || c.minutes_fr", "meetings t", "t.state = 'published'")+` UNION ALL `+
		candidates("agreement", "''", "c.subject_ar, c.subject_fr", "c.summary_ar", "c.summary_fr", "agreements t", "t.state = 'published'")+` UNION ALL `+
		candidates("axis", "c.slug", "c.name_ar, c.name_fr", "c.description_ar || ' ' || c.objectives_ar",
			"c.description_fr || ' ' || c.objectives_fr", "axes t", "true")+` UNION ALL `+
		candidates("expectation", "(SELECT slug FROM regions WHERE id = c.region_id)", "c.title_ar, c.title_fr",
			"c.description_ar || ' ' || c.answer_ar", "c.description_fr || ' ' || c.answer_fr", "expectations t", "t.status <> 'draft'")+`
		)
		SELECT kind, id, slug, title_ar, title_fr, body_ar, body_fr, rank, count(*) OVER (),
		       (SELECT coalesce(max(n), 0) >= $4 FROM (SELECT count(*) AS n FROM hits GROUP BY kind) k)
		FROM hits ORDER BY rank DESC, kind, id DESC LIMIT $2 OFFSET $3`, q, per, offset, searchCandidates)
	if err != nil {
		return SearchResult{}, fmt.Errorf("searching: %w", err)
	}
	var res SearchResult
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Hit, error) {
		var h Hit
		var capped bool
		err := row.Scan(&h.Kind, &h.ID, &h.Slug, &h.Title.AR, &h.Title.FR, &h.Body.AR, &h.Body.FR, &h.Rank, &res.Total, &capped)
		res.Capped = res.Capped || capped
		return h, err
	})
	if err != nil {
		return SearchResult{}, fmt.Errorf("searching: %w", err)
	}
	res.Items, res.Page.Page, res.Per = items, page, per
	return res, nil
}
