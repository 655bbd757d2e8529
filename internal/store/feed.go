package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Feed lists what is new in public, newest first, at most limit entries:
// meetings published, agreements published (signed), answers given to
// expectations and the progress recorded on published commitments; of
// one region (regionSlug) or of all ("").
func (db *DB) Feed(ctx context.Context, regionSlug string, limit int) ([]domain.FeedEntry, error) {
	rows, err := db.pool.Query(ctx, `
		WITH reg AS (SELECT id FROM regions WHERE slug = $1)
		SELECT * FROM (
		  (SELECT 'meeting', m.id, 0::bigint, m.published_at, m.title_ar, m.title_fr, r.name_ar, r.name_fr,
		          '', '', '', 0::smallint, NULL::date
		   FROM meetings m JOIN regions r ON r.id = m.region_id
		   WHERE m.state = 'published' AND m.published_at IS NOT NULL AND ($1 = '' OR m.region_id = (SELECT id FROM reg))
		   ORDER BY m.published_at DESC, m.id DESC LIMIT $2)
		  UNION ALL
		  (SELECT 'agreement', a.id, 0, a.published_at, a.subject_ar, a.subject_fr, coalesce(r.name_ar, ''), coalesce(r.name_fr, ''),
		          a.status, '', '', 0, a.signed_on
		   FROM agreements a LEFT JOIN regions r ON r.id = a.region_id
		   WHERE a.state = 'published' AND a.published_at IS NOT NULL AND ($1 = '' OR a.region_id = (SELECT id FROM reg))
		   ORDER BY a.published_at DESC, a.id DESC LIMIT $2)
		  UNION ALL
		  (SELECT 'answer', e.id, h.id, h.at, e.title_ar, e.title_fr, r.name_ar, r.name_fr,
		          h.status, e.answer_ar, e.answer_fr, 0, NULL
		   FROM expectation_status_history h JOIN expectations e ON e.id = h.expectation_id JOIN regions r ON r.id = e.region_id
		   WHERE h.status IN ('retained', 'partly_retained', 'not_retained') AND e.status <> 'draft'
		     AND ($1 = '' OR e.region_id = (SELECT id FROM reg))
		   ORDER BY h.at DESC, h.id DESC LIMIT $2)
		  UNION ALL
		  (SELECT 'progress', c.id, p.id, p.at, c.title_ar, c.title_fr, r.name_ar, r.name_fr,
		          '', '', '', p.progress, NULL
		   FROM commitment_progress p JOIN commitments c ON c.id = p.commitment_id JOIN regions r ON r.id = c.region_id
		   WHERE c.state = 'published' AND ($1 = '' OR c.region_id = (SELECT id FROM reg))
		   ORDER BY p.at DESC, p.id DESC LIMIT $2)
		) AS f(kind, id, event, at, title_ar, title_fr, region_ar, region_fr, status, answer_ar, answer_fr, progress, signed_on)
		ORDER BY at DESC, kind, id DESC, event DESC LIMIT $2`, regionSlug, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the feed: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.FeedEntry, error) {
		var f domain.FeedEntry
		err := row.Scan(&f.Kind, &f.ID, &f.Event, &f.At, &f.Title.AR, &f.Title.FR, &f.RegionName.AR, &f.RegionName.FR,
			&f.Status, &f.Answer.AR, &f.Answer.FR, &f.Progress, &f.SignedOn)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the feed: %w", err)
	}
	return out, nil
}

// LastModified is when public content last changed: the latest change to
// a published meeting, agreement or commitment, to an expectation past its
// draft, or a comment's approval. Zero when there is none.
func (db *DB) LastModified(ctx context.Context) (time.Time, error) {
	var t *time.Time
	err := db.pool.QueryRow(ctx, `SELECT greatest(
		(SELECT max(updated_at) FROM meetings WHERE state = 'published'),
		(SELECT max(updated_at) FROM agreements WHERE state = 'published'),
		(SELECT max(updated_at) FROM commitments WHERE state = 'published'),
		(SELECT max(updated_at) FROM expectations WHERE status <> 'draft'),
		(SELECT max(moderated_at) FROM comments WHERE status = 'approved'))`).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the last modification: %w", err)
	}
	if t == nil {
		return time.Time{}, nil
	}
	return *t, nil
}
