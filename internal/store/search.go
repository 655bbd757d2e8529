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

// Search runs a full-text search over everything public, best match first.
func (db *DB) Search(ctx context.Context, q string, page, per int) (Page[Hit], error) {
	page, per, offset := limits(page, per)
	rows, err := db.pool.Query(ctx, `
		WITH q AS (SELECT `+searchQuery+` AS query),
		hits AS (
			SELECT 'meeting' AS kind, m.id, '' AS slug, m.title_ar, m.title_fr,
			       m.purpose_ar || ' ' || m.outcomes_ar || ' ' || m.minutes_ar AS body_ar,
			       m.purpose_fr || ' ' || m.outcomes_fr || ' ' || m.minutes_fr AS body_fr,
			       ts_rank(m.search, q.query) AS rank
			FROM meetings m, q WHERE m.state = 'published' AND m.search @@ q.query
			UNION ALL
			SELECT 'agreement', a.id, '', a.subject_ar, a.subject_fr, a.summary_ar, a.summary_fr, ts_rank(a.search, q.query)
			FROM agreements a, q WHERE a.state = 'published' AND a.search @@ q.query
			UNION ALL
			SELECT 'axis', x.id, x.slug, x.name_ar, x.name_fr, x.description_ar || ' ' || x.objectives_ar,
			       x.description_fr || ' ' || x.objectives_fr, ts_rank(x.search, q.query)
			FROM axes x, q WHERE x.search @@ q.query
			UNION ALL
			SELECT 'expectation', e.id, (SELECT slug FROM regions WHERE id = e.region_id), e.title_ar, e.title_fr, e.description_ar || ' ' || e.answer_ar,
			       e.description_fr || ' ' || e.answer_fr, ts_rank(e.search, q.query)
			FROM expectations e, q WHERE e.status <> 'draft' AND e.search @@ q.query
		)
		SELECT kind, id, slug, title_ar, title_fr, body_ar, body_fr, rank, count(*) OVER ()
		FROM hits ORDER BY rank DESC, kind, id DESC LIMIT $2 OFFSET $3`, q, per, offset)
	if err != nil {
		return Page[Hit]{}, fmt.Errorf("searching: %w", err)
	}
	total := 0
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Hit, error) {
		var h Hit
		err := row.Scan(&h.Kind, &h.ID, &h.Slug, &h.Title.AR, &h.Title.FR, &h.Body.AR, &h.Body.FR, &h.Rank, &total)
		return h, err
	})
	if err != nil {
		return Page[Hit]{}, fmt.Errorf("searching: %w", err)
	}
	return Page[Hit]{Items: items, Total: total, Page: page, Per: per}, nil
}
