package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// Datasets are the open data exports: each a documented list of columns
// read by one query. Only published records are exported.
var Datasets = map[string]struct {
	Columns []string
	SQL     string
}{
	"meetings": {
		Columns: []string{"id", "region", "region_ar", "region_fr", "series_position", "title_ar", "title_fr",
			"venue_ar", "venue_fr", "starts_at", "format", "demo"},
		SQL: `SELECT m.id, r.slug, r.name_ar, r.name_fr, m.series_position, m.title_ar, m.title_fr, m.venue_ar, m.venue_fr,
			m.starts_at, m.format, m.demo
			FROM meetings m JOIN regions r ON r.id = m.region_id WHERE m.state = 'published' ORDER BY m.starts_at, m.id`,
	},
	"agreements": {
		Columns: []string{"id", "region", "subject_ar", "subject_fr", "signed_on", "status", "duration_months",
			"meeting_id", "parties", "total_amount_dh", "demo"},
		SQL: `SELECT a.id, r.slug, a.subject_ar, a.subject_fr, a.signed_on, a.status, a.duration_months, a.meeting_id,
			(SELECT string_agg(i.slug, ';' ORDER BY p.position) FROM agreement_parties p JOIN institutions i ON i.id = p.institution_id WHERE p.agreement_id = a.id),
			(SELECT sum(p.amount_dh) FROM agreement_parties p WHERE p.agreement_id = a.id), a.demo
			FROM agreements a LEFT JOIN regions r ON r.id = a.region_id WHERE a.state = 'published' ORDER BY a.id`,
	},
	"axes": {
		Columns: []string{"slug", "position", "name_ar", "name_fr", "description_ar", "description_fr", "objectives_ar", "objectives_fr", "demo"},
		SQL: `SELECT slug, position, name_ar, name_fr, description_ar, description_fr, objectives_ar, objectives_fr, demo
			FROM axes ORDER BY position`,
	},
	"indicators": {
		Columns: []string{"slug", "axis", "name_ar", "name_fr", "unit_ar", "unit_fr", "baseline", "baseline_year",
			"latest", "latest_year", "target_2021", "target_2022", "target_2023", "target_2024", "target_2025", "target_2026", "demo"},
		SQL: `SELECT i.slug, a.slug, i.name_ar, i.name_fr, i.unit_ar, i.unit_fr, i.baseline::text, i.baseline_year, i.latest::text, i.latest_year,
			(SELECT target::text FROM indicator_targets WHERE indicator_id = i.id AND year = 2021),
			(SELECT target::text FROM indicator_targets WHERE indicator_id = i.id AND year = 2022),
			(SELECT target::text FROM indicator_targets WHERE indicator_id = i.id AND year = 2023),
			(SELECT target::text FROM indicator_targets WHERE indicator_id = i.id AND year = 2024),
			(SELECT target::text FROM indicator_targets WHERE indicator_id = i.id AND year = 2025),
			(SELECT target::text FROM indicator_targets WHERE indicator_id = i.id AND year = 2026),
			i.demo
			FROM indicators i JOIN axes a ON a.id = i.axis_id ORDER BY a.position, i.position`,
	},
	// Expectations past the draft, with the ministry's answer; never who
	// wrote them.
	"expectations": {
		Columns: []string{"id", "region", "title_ar", "title_fr", "description_ar", "description_fr", "axes", "field",
			"status", "answer_ar", "answer_fr", "institution", "submitted_at", "decided_at", "demo"},
		SQL: `SELECT e.id, r.slug, e.title_ar, e.title_fr, e.description_ar, e.description_fr,
			(SELECT string_agg(a.slug, ';' ORDER BY a.position) FROM expectation_axes x JOIN axes a ON a.id = x.axis_id WHERE x.expectation_id = e.id),
			f.slug, e.status, e.answer_ar, e.answer_fr, i.slug, e.submitted_at, e.decided_at, e.demo
			FROM expectations e JOIN regions r ON r.id = e.region_id
			LEFT JOIN fields f ON f.id = e.field_id LEFT JOIN institutions i ON i.id = e.institution_id
			WHERE e.status <> 'draft' ORDER BY e.id`,
	},
	// Published commitments of the action plan, with the published
	// expectations they answer.
	"commitments": {
		Columns: []string{"id", "region", "axis", "title_ar", "title_fr", "institution", "due_on", "progress",
			"expectation_ids", "demo"},
		SQL: `SELECT c.id, r.slug, a.slug, c.title_ar, c.title_fr, i.slug, c.due_on, c.progress,
			(SELECT string_agg(ce.expectation_id::text, ';' ORDER BY ce.expectation_id)
			 FROM commitment_expectations ce JOIN expectations e ON e.id = ce.expectation_id
			 WHERE ce.commitment_id = c.id AND e.status <> 'draft'),
			c.demo
			FROM commitments c JOIN regions r ON r.id = c.region_id JOIN axes a ON a.id = c.axis_id
			JOIN institutions i ON i.id = c.institution_id
			WHERE c.state = 'published' ORDER BY c.id`,
	},
}

// Export streams the rows of a dataset to fn, each value as text (empty
// for NULL), in the order of the dataset's columns.
func (db *DB) Export(ctx context.Context, name string, fn func([]string) error) error {
	ds, ok := Datasets[name]
	if !ok {
		return fmt.Errorf("unknown dataset %q", name)
	}
	rows, err := db.pool.Query(ctx, ds.SQL)
	if err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	defer rows.Close()
	rec := make([]string, len(ds.Columns))
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("exporting %s: %w", name, err)
		}
		for i, v := range vals {
			rec[i] = text(v)
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	return nil
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Location() == time.UTC {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case bool:
		return strconv.FormatBool(x)
	case int16:
		return strconv.Itoa(int(x))
	case int32:
		return strconv.Itoa(int(x))
	case int64:
		return strconv.FormatInt(x, 10)
	default:
		return fmt.Sprint(x)
	}
}

// SitemapEntry is a public page, under either language prefix.
type SitemapEntry struct {
	Path    string
	LastMod *time.Time
}

// Sitemap lists the public records' pages (paths without the language prefix).
func (db *DB) Sitemap(ctx context.Context) ([]SitemapEntry, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT '/strategy/' || slug, NULL::timestamptz FROM axes
		UNION ALL SELECT '/regions/' || slug, NULL FROM regions
		UNION ALL SELECT '/meetings/' || id, updated_at FROM meetings WHERE state = 'published'
		UNION ALL SELECT '/agreements/' || id, updated_at FROM agreements WHERE state = 'published'
		UNION ALL SELECT '/expectations/' || id, updated_at FROM expectations WHERE status <> 'draft'
		UNION ALL SELECT '/commitments/' || id, updated_at FROM commitments WHERE state = 'published'`)
	if err != nil {
		return nil, fmt.Errorf("listing the sitemap: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SitemapEntry, error) {
		var e SitemapEntry
		err := row.Scan(&e.Path, &e.LastMod)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing the sitemap: %w", err)
	}
	return out, nil
}
