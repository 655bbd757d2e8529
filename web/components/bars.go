package components

import (
	"context"
	"strconv"
	"unicode/utf8"

	"tachawor/web/layout"
)

// Bar is one bar of a horizontal bar chart.
type Bar struct {
	Key   string // slug or code, for the data-key attribute
	Label string // in the reader's language
	Lang  string // the language Label is written in
	Value int
	Text  string // the value as written beside the bar ("1.250", "45 %")
}

// BarChart is a horizontal bar chart: one row per bar, its label above it.
// Max is the value of a full-length bar (the largest value when zero).
type BarChart struct {
	ID    string
	Title string
	Desc  string
	Max   int
	Bars  []Bar
}

// The chart is laid out in user units equal to CSS pixels vertically and
// in percent of the width horizontally, so that it fills the width it is
// given, from a 375 px phone to a desk, with its text at a readable size
// (a viewBox would shrink the text with the chart).
const (
	barRowH   = 48 // label line and bar
	barLabelY = 18 // label baseline within the row
	barY      = 26 // top of the bar within the row
	barH      = 16
	barPad    = 4
	// barSpan is the share of the width a full-length bar takes: the rest
	// holds its value.
	barSpan = 78.0
	// barLabelMax is the longest label drawn in full (in characters); a
	// longer one is cut, and given in full in the table beneath.
	barLabelMax = 44
)

// barRow is a bar's geometry; x and widths are percentages of the width.
type barRow struct {
	Bar
	Y, LabelY, BarY, TextY int
	X, W, LabelX, TextX    string
	LabelAnchor            string
	TextAnchor             string
	TextDX                 string
	LabelDir               string
	Short                  string
}

// rows lays the bars out from the reading direction's start: from the right
// on an Arabic page, from the left on a French one. The numbers themselves
// are written left to right in both.
func (c BarChart) rows(ctx context.Context) []barRow {
	top := c.Max
	if top <= 0 {
		for _, b := range c.Bars {
			top = max(top, b.Value)
		}
	}
	rtl := layout.L(ctx).Lang.Dir() == "rtl"
	out := make([]barRow, len(c.Bars))
	for i, b := range c.Bars {
		w := 0.0
		if top > 0 && b.Value > 0 {
			w = float64(min(b.Value, top)) / float64(top) * barSpan
			w = float64(int(w*10+0.5)) / 10
			if w < 0.5 {
				w = 0.5 // a value above zero always shows
			}
		}
		y := barPad + i*barRowH
		r := barRow{Bar: b, Y: y, LabelY: y + barLabelY, BarY: y + barY, TextY: y + barY + barH - 3,
			W: pct(w), Short: shorten(b.Label), LabelDir: dirOf(b.Lang)}
		if rtl {
			r.X, r.TextX, r.TextAnchor, r.TextDX = pct(100-w), pct(100-w), "end", "-6"
		} else {
			r.X, r.TextX, r.TextAnchor, r.TextDX = "0", pct(w), "start", "6"
		}
		// A label starts at the reading direction's start: its own
		// direction decides which end text-anchor="start" is.
		r.LabelAnchor = "start"
		if r.LabelDir == "rtl" {
			r.LabelX = "100%"
			if !rtl {
				r.LabelX, r.LabelAnchor = "0", "end"
			}
		} else {
			r.LabelX = "0"
			if rtl {
				r.LabelX, r.LabelAnchor = "100%", "end"
			}
		}
		out[i] = r
	}
	return out
}

func (c BarChart) height() int { return barPad*2 + len(c.Bars)*barRowH }

func pct(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + "%" }

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= barLabelMax {
		return s
	}
	r := []rune(s)
	return string(r[:barLabelMax-1]) + "…"
}

// trackX is where the track of a full-length bar starts.
func (c BarChart) trackX(ctx context.Context) string {
	if layout.L(ctx).Lang.Dir() == "rtl" {
		return pct(100 - barSpan)
	}
	return "0"
}
