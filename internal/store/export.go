package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Field is a column of an open dataset: its name and its type in the
// Frictionless Table Schema (integer, number, boolean, string, date,
// datetime). What it holds is the message data_col_<dataset>_<name>.
type Field struct {
	Name string
	Type string
}

// Dataset is an open data export: its documented fields, read by one
// query that returns them in order, typed as declared. Only published
// records are exported, with the ids of published records only; never an
// e-mail, an address nor who wrote what.
type Dataset struct {
	Name   string
	Fields []Field
	SQL    string
}

// Columns lists the dataset's field names in order.
func (d Dataset) Columns() []string {
	out := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		out[i] = f.Name
	}
	return out
}

func fields(spec ...string) []Field {
	out := make([]Field, len(spec))
	for i, s := range spec {
		name, typ, ok := strings.Cut(s, ":")
		if !ok {
			typ = "string"
		}
		out[i] = Field{Name: name, Type: typ}
	}
	return out
}

// publishedMeeting keeps a meeting id only when that meeting is public.
const publishedMeeting = `(SELECT pm.id FROM meetings pm WHERE pm.id = %s AND pm.state = 'published')`

// Datasets are the open data exports, in the order the data page lists them.
var Datasets = []Dataset{
	{Name: "meetings",
		Fields: fields("id:integer", "region", "region_ar", "region_fr", "series_position:integer", "title_ar", "title_fr",
			"venue_ar", "venue_fr", "starts_at:datetime", "ends_at:datetime", "format", "demo:boolean"),
		SQL: `SELECT m.id, r.slug, r.name_ar, r.name_fr, m.series_position::bigint, m.title_ar, m.title_fr, m.venue_ar, m.venue_fr,
			m.starts_at, m.ends_at, m.format, m.demo
			FROM meetings m JOIN regions r ON r.id = m.region_id WHERE m.state = 'published' ORDER BY m.starts_at, m.id`},
	{Name: "attendance",
		Fields: fields("meeting_id:integer", "position:integer", "role", "name_ar", "name_fr", "title_ar", "title_fr", "institution", "demo:boolean"),
		SQL: `SELECT m.id, x.position::bigint, CASE WHEN o.id = m.chair_id THEN 'chair' ELSE 'attendee' END,
			o.name_ar, o.name_fr, o.title_ar, o.title_fr, i.slug, m.demo
			FROM meetings m
			JOIN LATERAL (SELECT a.official_id, a.position FROM meeting_attendees a WHERE a.meeting_id = m.id
			              UNION ALL
			              SELECT m.chair_id, 0 WHERE m.chair_id IS NOT NULL
			                AND NOT EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.official_id = m.chair_id)) x ON true
			JOIN officials o ON o.id = x.official_id LEFT JOIN institutions i ON i.id = o.institution_id
			WHERE m.state = 'published' ORDER BY m.starts_at, m.id, x.position`},
	{Name: "agenda",
		Fields: fields("meeting_id:integer", "position:integer", "title_ar", "title_fr", "presenter_ar", "presenter_fr",
			"summary_ar", "summary_fr", "attachments", "demo:boolean"),
		SQL: `SELECT m.id, g.position::bigint, g.title_ar, g.title_fr, g.presenter_ar, g.presenter_fr, g.summary_ar, g.summary_fr,
			(SELECT string_agg('/ar/meetings/' || m.id || '/attachments/' || t.id, ';' ORDER BY t.id) FROM attachments t WHERE t.agenda_item_id = g.id),
			m.demo
			FROM agenda_items g JOIN meetings m ON m.id = g.meeting_id
			WHERE m.state = 'published' ORDER BY m.starts_at, m.id, g.position`},
	{Name: "support",
		Fields: fields("meeting_id:integer", "position:integer", "programme_ar", "programme_fr", "beneficiaries:integer", "amount_dh:integer", "demo:boolean"),
		SQL: `SELECT m.id, g.position::bigint, g.programme_ar, g.programme_fr, g.beneficiaries::bigint, g.amount_dh, m.demo
			FROM support_grants g JOIN meetings m ON m.id = g.meeting_id
			WHERE m.state = 'published' ORDER BY m.starts_at, m.id, g.position`},
	{Name: "field_visits",
		Fields: fields("meeting_id:integer", "position:integer", "place_ar", "place_fr", "description_ar", "description_fr", "demo:boolean"),
		SQL: `SELECT m.id, v.position::bigint, v.place_ar, v.place_fr, v.description_ar, v.description_fr, m.demo
			FROM field_visits v JOIN meetings m ON m.id = v.meeting_id
			WHERE m.state = 'published' ORDER BY m.starts_at, m.id, v.position`},
	{Name: "agreements",
		Fields: fields("id:integer", "region", "subject_ar", "subject_fr", "signed_on:date", "status", "duration_months:integer",
			"meeting_id:integer", "parties", "total_amount_dh:integer", "demo:boolean"),
		SQL: `SELECT a.id, r.slug, a.subject_ar, a.subject_fr, a.signed_on, a.status, a.duration_months::bigint,
			` + fmt.Sprintf(publishedMeeting, "a.meeting_id") + `,
			(SELECT string_agg(i.slug, ';' ORDER BY p.position) FROM agreement_parties p JOIN institutions i ON i.id = p.institution_id WHERE p.agreement_id = a.id),
			(SELECT sum(p.amount_dh)::bigint FROM agreement_parties p WHERE p.agreement_id = a.id), a.demo
			FROM agreements a LEFT JOIN regions r ON r.id = a.region_id WHERE a.state = 'published' ORDER BY a.id`},
	// Expectations past the draft, with the ministry's answer; the
	// institution they were submitted for, never the person.
	{Name: "expectations",
		Fields: fields("id:integer", "region", "provinces", "meeting_id:integer", "submitted_by", "title_ar", "title_fr",
			"description_ar", "description_fr", "axes", "field", "status", "answer_ar", "answer_fr", "institution",
			"submitted_at:datetime", "decided_at:datetime", "demo:boolean"),
		SQL: `SELECT e.id, r.slug,
			(SELECT string_agg(p.slug, ';' ORDER BY p.slug) FROM expectation_provinces x JOIN provinces p ON p.id = x.province_id WHERE x.expectation_id = e.id),
			` + fmt.Sprintf(publishedMeeting, "e.meeting_id") + `, s.slug, e.title_ar, e.title_fr, e.description_ar, e.description_fr,
			(SELECT string_agg(a.slug, ';' ORDER BY a.position) FROM expectation_axes x JOIN axes a ON a.id = x.axis_id WHERE x.expectation_id = e.id),
			f.slug, e.status, e.answer_ar, e.answer_fr, i.slug, e.submitted_at, e.decided_at, e.demo
			FROM expectations e JOIN regions r ON r.id = e.region_id
			LEFT JOIN fields f ON f.id = e.field_id LEFT JOIN institutions i ON i.id = e.institution_id
			LEFT JOIN institutions s ON s.id = e.submitted_by_id
			WHERE e.status <> 'draft' ORDER BY e.id`},
	// Published commitments of the action plan, with the published
	// expectations they answer and agreements that carry them out.
	{Name: "commitments",
		Fields: fields("id:integer", "region", "axis", "title_ar", "title_fr", "description_ar", "description_fr", "institution",
			"due_on:date", "progress:integer", "expectation_ids", "agreement_ids", "demo:boolean"),
		SQL: `SELECT c.id, r.slug, a.slug, c.title_ar, c.title_fr, c.description_ar, c.description_fr, i.slug, c.due_on, c.progress::bigint,
			(SELECT string_agg(ce.expectation_id::text, ';' ORDER BY ce.expectation_id)
			 FROM commitment_expectations ce JOIN expectations e ON e.id = ce.expectation_id
			 WHERE ce.commitment_id = c.id AND e.status <> 'draft'),
			(SELECT string_agg(ca.agreement_id::text, ';' ORDER BY ca.agreement_id)
			 FROM commitment_agreements ca JOIN agreements g ON g.id = ca.agreement_id
			 WHERE ca.commitment_id = c.id AND g.state = 'published'),
			c.demo
			FROM commitments c JOIN regions r ON r.id = c.region_id JOIN axes a ON a.id = c.axis_id
			JOIN institutions i ON i.id = c.institution_id
			WHERE c.state = 'published' ORDER BY c.id`},
	{Name: "milestones",
		Fields: fields("record", "record_id:integer", "position:integer", "title_ar", "title_fr", "due_on:date", "percent:integer",
			"done_on:date", "demo:boolean"),
		SQL: `SELECT 'agreement', a.id, m.position::bigint, m.title_ar, m.title_fr, m.due_on, m.percent::bigint, NULL::date, a.demo
			FROM agreement_milestones m JOIN agreements a ON a.id = m.agreement_id WHERE a.state = 'published'
			UNION ALL
			SELECT 'commitment', c.id, m.position, m.title_ar, m.title_fr, m.due_on, m.percent, m.done_on, c.demo
			FROM commitment_milestones m JOIN commitments c ON c.id = m.commitment_id WHERE c.state = 'published'
			ORDER BY 1, 2, 3`},
	// Approved comments on published meetings and on axes: the name the
	// commenter chose to show, never their address.
	{Name: "comments",
		Fields: fields("id:integer", "meeting_id:integer", "axis", "name", "body", "created_at:datetime"),
		SQL: `SELECT c.id, c.meeting_id, a.slug, c.name, c.body, c.created_at
			FROM comments c LEFT JOIN meetings m ON m.id = c.meeting_id LEFT JOIN axes a ON a.id = c.axis_id
			WHERE c.status = 'approved' AND (c.axis_id IS NOT NULL OR m.state = 'published') ORDER BY c.id`},
	{Name: "axes",
		Fields: fields("slug", "position:integer", "name_ar", "name_fr", "description_ar", "description_fr", "objectives_ar", "objectives_fr", "demo:boolean"),
		SQL: `SELECT slug, position::bigint, name_ar, name_fr, description_ar, description_fr, objectives_ar, objectives_fr, demo
			FROM axes ORDER BY position`},
	{Name: "indicators",
		Fields: fields("slug", "axis", "name_ar", "name_fr", "unit_ar", "unit_fr", "baseline:number", "baseline_year:integer",
			"latest:number", "latest_year:integer", "target_2021:number", "target_2022:number", "target_2023:number",
			"target_2024:number", "target_2025:number", "target_2026:number", "demo:boolean"),
		SQL: `SELECT i.slug, a.slug, i.name_ar, i.name_fr, i.unit_ar, i.unit_fr, i.baseline::float8, i.baseline_year::bigint,
			i.latest::float8, i.latest_year::bigint,
			(SELECT target::float8 FROM indicator_targets WHERE indicator_id = i.id AND year = 2021),
			(SELECT target::float8 FROM indicator_targets WHERE indicator_id = i.id AND year = 2022),
			(SELECT target::float8 FROM indicator_targets WHERE indicator_id = i.id AND year = 2023),
			(SELECT target::float8 FROM indicator_targets WHERE indicator_id = i.id AND year = 2024),
			(SELECT target::float8 FROM indicator_targets WHERE indicator_id = i.id AND year = 2025),
			(SELECT target::float8 FROM indicator_targets WHERE indicator_id = i.id AND year = 2026),
			i.demo
			FROM indicators i JOIN axes a ON a.id = i.axis_id ORDER BY a.position, i.position`},
}

// FindDataset returns the dataset called name.
func FindDataset(name string) (Dataset, bool) {
	for _, d := range Datasets {
		if d.Name == name {
			return d, true
		}
	}
	return Dataset{}, false
}

// Export streams the rows of a dataset to fn, in the order of its fields,
// each value as Go types it: int64 (integer), float64 (number), bool,
// string, time.Time (date, datetime), or nil for no value. The slice is
// reused from one row to the next.
func (db *DB) Export(ctx context.Context, name string, fn func([]any) error) error {
	ds, ok := FindDataset(name)
	if !ok {
		return fmt.Errorf("unknown dataset %q", name)
	}
	rows, err := db.pool.Query(ctx, ds.SQL)
	if err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("exporting %s: %w", name, err)
		}
		if len(vals) != len(ds.Fields) {
			return fmt.Errorf("exporting %s: %d values for %d fields", name, len(vals), len(ds.Fields))
		}
		for i, v := range vals {
			switch x := v.(type) {
			case int16:
				vals[i] = int64(x)
			case int32:
				vals[i] = int64(x)
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	return nil
}

// Count is how many rows a dataset has now.
func (db *DB) Count(ctx context.Context, name string) (int64, error) {
	ds, ok := FindDataset(name)
	if !ok {
		return 0, fmt.Errorf("unknown dataset %q", name)
	}
	var n int64
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM (`+ds.SQL+`) d`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting %s: %w", name, err)
	}
	return n, nil
}

// SitemapEntry is a public page, under either language prefix.
type SitemapEntry struct {
	Path    string
	LastMod *time.Time
}

// sitemapPages are the public pages (paths without the language prefix):
// the paths given ($1, the pages that are not records) and every public
// record's.
const sitemapPages = `
	SELECT unnest($1::text[]) AS path, NULL::timestamptz AS lastmod
	UNION ALL SELECT '/strategy/' || slug, NULL FROM axes
	UNION ALL SELECT '/regions/' || slug, NULL FROM regions
	UNION ALL SELECT '/meetings/' || id, updated_at FROM meetings WHERE state = 'published'
	UNION ALL SELECT '/agreements/' || id, updated_at FROM agreements WHERE state = 'published'
	UNION ALL SELECT '/expectations/' || id, updated_at FROM expectations WHERE status <> 'draft'
	UNION ALL SELECT '/commitments/' || id, updated_at FROM commitments WHERE state = 'published'`

// SitemapCount counts the public pages: the paths given and every public
// record's.
func (db *DB) SitemapCount(ctx context.Context, paths []string) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM (`+sitemapPages+`) p`, paths).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting the sitemap: %w", err)
	}
	return n, nil
}

// Sitemap lists limit public pages from offset, in the order of their
// paths (byte order, the same on every call): the paths given and every
// public record's.
func (db *DB) Sitemap(ctx context.Context, paths []string, offset, limit int) ([]SitemapEntry, error) {
	rows, err := db.pool.Query(ctx, `SELECT path, lastmod FROM (`+sitemapPages+`) p
		ORDER BY path COLLATE "C" LIMIT $2 OFFSET $3`, paths, limit, offset)
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
