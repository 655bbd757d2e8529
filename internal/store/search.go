package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Hit is one search result: a public meeting, agreement, axis, expectation
// or commitment, with what tells it apart from others of the same title
// (its region, its date, a meeting's place in the series) and the text a
// passage is cut from.
type Hit struct {
	Kind           string // meeting, agreement, axis, expectation, commitment
	ID             int64
	Slug           string // axes are addressed by their slug
	RegionSlug     string // "" when the record has no region
	Region         domain.Text
	Day            *time.Time
	SeriesPosition int // meetings: 0 when unknown
	Title          domain.Text
	Body           domain.Text
}

// searchQuery is the reader's query read both as Arabic and as French,
// each side normalised like the stored text (migrations/000004_search).
// It is written out where it is used, not taken from a CTE, so that the
// planner sees a constant and the RUM index orders by it.
const searchQuery = `(websearch_to_tsquery('arabic', fold_ar($1)) || websearch_to_tsquery('french', unaccent_fr($1)))`

// SearchRanked is how many of the best matches a search ranks and pages
// through (ten pages of twenty): the first page is the best of all
// matches, however many; past the bound the reader is asked to refine.
const SearchRanked = 200

// SearchResult is a page of hits. Total counts at most SearchRanked
// matches; More says there were more. Unranked says the time budget ran
// out before the matches were ranked (a word found in nearly every
// record): the newest matches are shown instead, and the reader is told.
type SearchResult struct {
	Page[Hit]
	More     bool
	Unranked bool
}

// hitColumns are what a hit shows. Of a record's text, only the start is
// read: a passage is cut from its first words (textsearch's maxScan), and
// reading a long record whole would cost what it holds, not what is shown.
const hitColumns = `d.kind, d.id, d.slug, coalesce(r.slug, ''), coalesce(r.name_ar, ''), coalesce(r.name_fr, ''), d.day,
	coalesce(d.series_position, 0), d.title_ar, d.title_fr, left(d.body_ar, 4000), left(d.body_fr, 4000)`

// Search runs a full-text search over everything public, best match
// first, ranked over all matches by the RUM index within budget (0: no
// budget of its own). Only the page's records are read whole: passages
// cost what the page shows, not what matched.
func (db *DB) Search(ctx context.Context, q string, page, per int, budget time.Duration) (SearchResult, error) {
	page, per, offset := limits(page, per)
	res := SearchResult{Page: Page[Hit]{Page: page, Per: per}}
	if offset >= SearchRanked {
		// Past the pages of ranked matches: only how many there are.
		return db.countMatches(ctx, q, res)
	}
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if budget > 0 {
			if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`,
				strconv.FormatInt(budget.Milliseconds(), 10)); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `
			WITH ranked AS (
				SELECT kind, id, search <=> `+searchQuery+` AS distance FROM search_documents
				WHERE search @@ `+searchQuery+` ORDER BY search <=> `+searchQuery+` LIMIT $4),
			page AS (SELECT * FROM ranked ORDER BY distance, kind, id LIMIT $2 OFFSET $3)
			SELECT `+hitColumns+`, (SELECT count(*) FROM ranked)
			FROM page p JOIN search_documents d USING (kind, id) LEFT JOIN regions r ON r.id = d.region_id
			ORDER BY p.distance, p.kind, p.id`, q, per, offset, SearchRanked+1)
		if err != nil {
			return err
		}
		res.Items, err = collectHits(rows, &res.Total)
		return err
	})
	if Canceled(err) && ctx.Err() == nil { // the budget ran out
		res.Unranked = true
		rows, err2 := db.pool.Query(ctx, `
			WITH newest AS (SELECT kind, id, day FROM search_documents WHERE search @@ `+searchQuery+`
			                ORDER BY day DESC NULLS LAST LIMIT $4),
			page AS (SELECT * FROM newest ORDER BY day DESC NULLS LAST, kind, id LIMIT $2 OFFSET $3)
			SELECT `+hitColumns+`, (SELECT count(*) FROM newest)
			FROM page p JOIN search_documents d USING (kind, id) LEFT JOIN regions r ON r.id = d.region_id
			ORDER BY p.day DESC NULLS LAST, p.kind, p.id`, q, per, offset, SearchRanked+1)
		if err = err2; err == nil {
			res.Items, err = collectHits(rows, &res.Total)
		}
	}
	if err != nil {
		return SearchResult{}, fmt.Errorf("searching: %w", err)
	}
	if len(res.Items) == 0 && offset > 0 {
		// A page past the last: no row carried the count.
		return db.countMatches(ctx, q, res)
	}
	if res.Total > SearchRanked {
		res.Total, res.More = SearchRanked, true
	}
	return res, nil
}

// countMatches gives res the number of matches of q, up to SearchRanked
// (More when there are more), for a page that shows none of them: the
// reader is told where the results end.
func (db *DB) countMatches(ctx context.Context, q string, res SearchResult) (SearchResult, error) {
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_documents WHERE search @@ `+searchQuery+` LIMIT $2) m`,
		q, SearchRanked+1).Scan(&res.Total); err != nil {
		return SearchResult{}, fmt.Errorf("counting matches: %w", err)
	}
	if res.Total > SearchRanked {
		res.Total, res.More = SearchRanked, true
	}
	return res, nil
}

func collectHits(rows pgx.Rows, total *int) ([]Hit, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Hit, error) {
		var h Hit
		var pos int16
		err := row.Scan(&h.Kind, &h.ID, &h.Slug, &h.RegionSlug, &h.Region.AR, &h.Region.FR, &h.Day, &pos,
			&h.Title.AR, &h.Title.FR, &h.Body.AR, &h.Body.FR, total)
		h.SeriesPosition = int(pos)
		return h, err
	})
}
