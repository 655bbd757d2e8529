package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// Regions returns the twelve regions in their official order.
func (db *DB) Regions(ctx context.Context) ([]domain.Region, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, slug, name_ar, name_fr, tile_col, tile_row FROM regions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("listing regions: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanRegion)
	if err != nil {
		return nil, fmt.Errorf("listing regions: %w", err)
	}
	return out, nil
}

func scanRegion(row pgx.CollectableRow) (domain.Region, error) {
	var r domain.Region
	err := row.Scan(&r.ID, &r.Slug, &r.Name.AR, &r.Name.FR, &r.TileCol, &r.TileRow)
	return r, err
}

// Region returns the region with slug.
func (db *DB) Region(ctx context.Context, slug string) (domain.Region, error) {
	rows, _ := db.pool.Query(ctx, `SELECT id, slug, name_ar, name_fr, tile_col, tile_row FROM regions WHERE slug = $1`, slug)
	r, err := pgx.CollectExactlyOneRow(rows, scanRegion)
	if err != nil {
		return r, notFound(err, "reading region")
	}
	return r, nil
}

// Provinces returns the provinces and prefectures of a region, prefectures first.
func (db *DB) Provinces(ctx context.Context, regionID int16) ([]domain.Province, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, region_id, slug, kind, name_ar, name_fr FROM provinces
		WHERE region_id = $1 ORDER BY kind DESC, slug`, regionID)
	if err != nil {
		return nil, fmt.Errorf("listing provinces: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Province, error) {
		var p domain.Province
		err := row.Scan(&p.ID, &p.RegionID, &p.Slug, &p.Kind, &p.Name.AR, &p.Name.FR)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing provinces: %w", err)
	}
	return out, nil
}

// SeriesStop is a region with the published meeting of the consultation
// series held there, if any.
type SeriesStop struct {
	Region  domain.Region
	Meeting *domain.MeetingSummary
}

// Series returns every region with its series meeting, in region order.
func (db *DB) Series(ctx context.Context) ([]SeriesStop, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT r.id, r.slug, r.name_ar, r.name_fr, r.tile_col, r.tile_row,
		       m.id, m.series_position, m.starts_at, m.format
		FROM regions r
		LEFT JOIN LATERAL (
			SELECT id, series_position, starts_at, format FROM meetings
			WHERE region_id = r.id AND state = 'published' AND series_position IS NOT NULL
			ORDER BY series_position LIMIT 1
		) m ON true
		ORDER BY r.id`)
	if err != nil {
		return nil, fmt.Errorf("listing the series: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SeriesStop, error) {
		var s SeriesStop
		var id *int64
		var pos *int
		var m domain.MeetingSummary
		var format *string
		var starts *time.Time
		err := row.Scan(&s.Region.ID, &s.Region.Slug, &s.Region.Name.AR, &s.Region.Name.FR, &s.Region.TileCol, &s.Region.TileRow,
			&id, &pos, &starts, &format)
		if err != nil || id == nil {
			return s, err
		}
		m.ID, m.SeriesPosition, m.StartsAt, m.Format = *id, *pos, *starts, *format
		m.RegionSlug, m.RegionName = s.Region.Slug, s.Region.Name
		s.Meeting = &m
		return s, nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing the series: %w", err)
	}
	return out, nil
}
