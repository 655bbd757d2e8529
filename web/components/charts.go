package components

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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

// tile geometry of the twelve-region map, in user units. The map is drawn
// 484 units wide and shown at most 28rem wide, so that at 375 px (343 px
// of content) a unit is 0.71 px: labels of 17 units (18 for Naskh, whose
// letters are smaller) read at 12 px or more on a phone, and wrap on up to
// three lines to stay inside their tile. The stylesheet gives the same
// sizes (.tile-map text).
const tileW, tileH, tileGap = 118, 88, 4

// tileType is the type of a language's labels: font size and line height
// in user units, and how many characters a line takes (the tile's width,
// less a margin, over the average advance of the script's letters).
type tileType struct{ font, leading, chars int }

func tileTypeOf(lang string) tileType {
	if lang == "ar" {
		return tileType{font: 18, leading: 20, chars: 13}
	}
	return tileType{font: 17, leading: 19, chars: 11}
}

type tile struct {
	X, Y     int
	Href     string
	Held     bool
	Position string
	PosY     int // baseline of the position in the series
	TextX    int
	Lines    []tileLine
	Label    string
}

// tileLine is one line of a tile's label, at its baseline.
type tileLine struct {
	Text string
	Y    int
}

// wrapLabel cuts a region's name into lines of at most width characters,
// at spaces and after hyphens, never inside a word.
func wrapLabel(name string, width int) []string {
	var words []string
	for _, w := range strings.Fields(name) {
		for {
			i := strings.Index(w, "-")
			if i < 0 || i == len(w)-1 {
				break
			}
			words = append(words, w[:i+1])
			w = w[i+1:]
		}
		words = append(words, w)
	}
	var lines []string
	for _, w := range words {
		if n := len(lines); n > 0 {
			last := lines[n-1]
			sep := " "
			if strings.HasSuffix(last, "-") {
				sep = ""
			}
			if utf8.RuneCountInString(last+sep+w) <= width {
				lines[n-1] = last + sep + w
				continue
			}
		}
		lines = append(lines, w)
	}
	return lines
}

func tiles(ctx context.Context, stops []SeriesTile) []tile {
	out := make([]tile, 0, len(stops))
	ty := tileTypeOf(layout.Lang(ctx))
	for _, s := range stops {
		name, _ := s.Region.Name.In(layout.Lang(ctx))
		name = strings.TrimPrefix(name, "جهة ")
		t := tile{X: s.Region.TileCol * (tileW + tileGap), Y: s.Region.TileRow * (tileH + tileGap),
			Href: layout.Href(ctx, "/regions/"+s.Region.Slug), Held: s.Position > 0}
		t.TextX = t.X + tileW/2
		lines := wrapLabel(name, ty.chars)
		n := len(lines)
		if t.Held {
			n++
		}
		// The lines sit in the middle of the tile, the position first.
		y := t.Y + (tileH-n*ty.leading)/2 + ty.font - 3
		if t.Held {
			t.Position = layout.L(ctx).Number(int64(s.Position))
			t.PosY = y
			y += ty.leading
			t.Label = layout.L(ctx).TData("map_tile_held", map[string]any{"Region": name, "N": s.Position})
		} else {
			t.Label = layout.L(ctx).TData("map_tile_pending", map[string]any{"Region": name})
		}
		for _, l := range lines {
			t.Lines = append(t.Lines, tileLine{Text: l, Y: y})
			y += ty.leading
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
