package components

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tachawor/internal/domain"
	"tachawor/web/layout"
)

// chart geometry for an indicator: one column per year, left to right in
// both languages (a time axis is not mirrored).
type indicatorChart struct {
	W, H, Left, Bottom, Top int
	Max                     float64
	Bars                    []chartBar
	BaselineY               int
	Latest                  *chartPoint
}

type chartBar struct {
	X, Y, W, H int
	Year       string
	Value      string
}

type chartPoint struct{ X, Y int }

func newIndicatorChart(ind domain.Indicator) indicatorChart {
	c := indicatorChart{W: 360, H: 170, Left: 8, Bottom: 24, Top: 18}
	c.Max = ind.Baseline
	for _, t := range ind.Targets {
		c.Max = max(c.Max, t.Value)
	}
	if ind.Latest != nil {
		c.Max = max(c.Max, *ind.Latest)
	}
	if c.Max <= 0 {
		c.Max = 1
	}
	plotH := c.H - c.Bottom - c.Top
	y := func(v float64) int { return c.Top + plotH - int(v/c.Max*float64(plotH)+0.5) }
	n := len(ind.Targets)
	if n == 0 {
		n = 1
	}
	slot := (c.W - c.Left*2) / n
	for i, t := range ind.Targets {
		x := c.Left + i*slot + slot/6
		c.Bars = append(c.Bars, chartBar{X: x, Y: y(t.Value), W: slot * 2 / 3, H: c.Top + plotH - y(t.Value),
			Year: strconv.Itoa(t.Year), Value: fmtFloat(t.Value)})
		if ind.Latest != nil && ind.LatestYear != nil && *ind.LatestYear == t.Year {
			c.Latest = &chartPoint{X: x + slot/3, Y: y(*ind.Latest)}
		}
	}
	c.BaselineY = y(ind.Baseline)
	return c
}

// tile geometry of the twelve-region map.
const tileW, tileH, tileGap = 118, 58, 4

type tile struct {
	X, Y     int
	Name     string
	Href     string
	Held     bool
	Position string
	TextX    int
	TextY    int
	Label    string
}

func tiles(ctx context.Context, stops []SeriesTile) []tile {
	out := make([]tile, 0, len(stops))
	for _, s := range stops {
		name, _ := s.Region.Name.In(layout.Lang(ctx))
		name = strings.TrimPrefix(name, "جهة ")
		t := tile{X: s.Region.TileCol * (tileW + tileGap), Y: s.Region.TileRow * (tileH + tileGap), Name: name,
			Href: layout.Href(ctx, "/regions/"+s.Region.Slug), Held: s.Position > 0}
		t.TextX, t.TextY = t.X+tileW/2, t.Y+tileH/2+4
		if t.Held {
			t.Position = layout.L(ctx).Number(int64(s.Position))
			t.Label = layout.L(ctx).TData("map_tile_held", map[string]any{"Region": name, "N": s.Position})
		} else {
			t.Label = layout.L(ctx).TData("map_tile_pending", map[string]any{"Region": name})
		}
		out = append(out, t)
	}
	return out
}

// SeriesTile is a region on the map with its place in the series (0: no meeting yet).
type SeriesTile struct {
	Region   domain.Region
	Position int
}

func mapSize(stops []SeriesTile) (int, int) {
	cols, rows := 0, 0
	for _, s := range stops {
		cols, rows = max(cols, s.Region.TileCol+1), max(rows, s.Region.TileRow+1)
	}
	return cols*(tileW+tileGap) - tileGap, rows*(tileH+tileGap) - tileGap
}

// progressChart is the geometry of a commitment's progress over time: a
// step line (a value holds until the next one is recorded) on a 0-100 %
// scale, time running left to right in both languages.
type progressChart struct {
	W, H, Left, Right, Top, Bottom int
	Path                           string
	Dots                           []chartPoint
	Grid                           []progressTick
	First, Last                    time.Time
	FirstX, LastX                  int
}

type progressTick struct {
	Y, Value int
}

func newProgressChart(points []domain.ProgressPoint) progressChart {
	c := progressChart{W: 360, H: 170, Left: 44, Right: 16, Top: 12, Bottom: 30}
	plotW, plotH := c.W-c.Left-c.Right, c.H-c.Top-c.Bottom
	y := func(p int) int { return c.Top + plotH - p*plotH/100 }
	for _, p := range []int{0, 50, 100} {
		c.Grid = append(c.Grid, progressTick{Y: y(p), Value: p})
	}
	if len(points) == 0 {
		return c
	}
	c.First, c.Last = points[0].At, points[len(points)-1].At
	span := c.Last.Sub(c.First)
	x := func(t time.Time) int {
		if span <= 0 {
			return c.Left + plotW/2
		}
		return c.Left + int(float64(t.Sub(c.First))/float64(span)*float64(plotW)+0.5)
	}
	var b strings.Builder
	for i, p := range points {
		px, py := x(p.At), y(p.Progress)
		if i == 0 {
			b.WriteString("M" + strconv.Itoa(px) + " " + strconv.Itoa(py))
		} else {
			b.WriteString(" H" + strconv.Itoa(px) + " V" + strconv.Itoa(py))
		}
		c.Dots = append(c.Dots, chartPoint{X: px, Y: py})
	}
	c.Path = b.String()
	c.FirstX, c.LastX = x(c.First), x(c.Last)
	return c
}

// firstAnchor anchors the first date under its point: from its start, or
// centred when it is the only one.
func firstAnchor(c progressChart) string {
	if c.LastX == c.FirstX {
		return "middle"
	}
	return "start"
}
