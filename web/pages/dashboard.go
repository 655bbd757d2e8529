package pages

import (
	"context"

	"tachawor/internal/domain"
	"tachawor/web/components"
	"tachawor/web/layout"
)

// Dashboard is the public dashboard's view model: the figures, and the
// regions and axes to filter them by.
type Dashboard struct {
	D       domain.Dashboard
	Regions []domain.Region
	Axes    []domain.Axis
	Region  string // slug of the region filtered by, if any
	Axis    string // slug of the axis filtered by, if any
}

// Filtered reports whether a filter narrows the figures.
func (m Dashboard) Filtered() bool { return m.Region != "" || m.Axis != "" }

// orFiltered picks the message for a filtered view when a filter is set.
func (m Dashboard) orFiltered(id string) string {
	if m.Filtered() {
		return id + "_filtered"
	}
	return id
}

// named is a bar labelled with a bilingual name, in the reader's language
// or else the other.
func named(ctx context.Context, key string, name domain.Text, value int, text string) components.Bar {
	v, lang := name.In(layout.Lang(ctx))
	return components.Bar{Key: key, Label: v, Lang: lang, Value: value, Text: text}
}

func tallyChart(ctx context.Context, id string, tallies []domain.Tally, status bool) components.BarChart {
	c := components.BarChart{ID: id, Title: t(ctx, id), Desc: t(ctx, id+"_desc")}
	for _, x := range tallies {
		if status {
			c.Bars = append(c.Bars, components.Bar{Key: x.Key, Label: t(ctx, "expectation_status_"+x.Key),
				Lang: layout.Lang(ctx), Value: x.Count, Text: number(ctx, x.Count)})
		} else {
			c.Bars = append(c.Bars, named(ctx, x.Key, x.Name, x.Count, number(ctx, x.Count)))
		}
	}
	return c
}

// stage is a band of progress of the commitments.
type stage struct {
	Key          string
	Count, Share int
}

func stages(p domain.Progress) []stage {
	return []stage{{"not_started", p.NotStarted, p.NotStartedShare}, {"in_progress", p.InProgress, p.InProgressShare},
		{"completed", p.Completed, p.CompletedShare}}
}

// stageChart draws each stage's share of the commitments (their counts are
// in the table).
func stageChart(ctx context.Context, p domain.Progress) components.BarChart {
	c := components.BarChart{ID: "dashboard_stages", Title: t(ctx, "dashboard_stages"), Desc: t(ctx, "dashboard_stages_desc"), Max: 100}
	for _, s := range stages(p) {
		c.Bars = append(c.Bars, components.Bar{Key: s.Key, Label: t(ctx, "dashboard_stage_"+s.Key), Lang: layout.Lang(ctx),
			Value: s.Share, Text: layout.L(ctx).Percent(s.Share)})
	}
	return c
}

func progressChart(ctx context.Context, axes []domain.Progress) components.BarChart {
	c := components.BarChart{ID: "dashboard_progress", Title: t(ctx, "dashboard_progress"),
		Desc: t(ctx, "dashboard_progress_desc"), Max: 100}
	for _, p := range axes {
		c.Bars = append(c.Bars, named(ctx, p.Key, p.Name, p.Average, layout.L(ctx).Percent(p.Average)))
	}
	return c
}
