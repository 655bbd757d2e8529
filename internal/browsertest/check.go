package browsertest

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Report is what Check finds on one page.
type Report struct {
	// Lang and Dir are document.documentElement.lang and .dir; BodyDirection
	// is getComputedStyle(document.body).direction.
	Lang, Dir, BodyDirection string
	// ScrollWidth and ClientWidth are those of document.documentElement. The
	// page overflows horizontally when ScrollWidth > ClientWidth.
	ScrollWidth, ClientWidth int
	// Violations are the axe-core violations with the impact "serious" or
	// "critical".
	Violations []Violation
	// Status is the HTTP status of the main document, or 0 if unknown.
	Status int
	Title  string
	// Text is what the layout of the page's text shows wrong (see
	// [TextProblems]).
	Text TextProblems
}

// TextProblems is what a reader would see wrong in the laid-out text of a
// page: words broken across lines, runs of text out of reading order,
// separators inside an isolate of the other direction, numbers, dates,
// paths and addresses that do not read left to right, isolates touching
// the words beside them. Each entry names the text and
// where it is; each list stops at 40.
type TextProblems struct {
	Broken, Disorder, Separators, Reversed, Touching []string
}

// All returns every problem, each prefixed with its kind.
func (p TextProblems) All() []string {
	var out []string
	for _, k := range []struct {
		kind string
		list []string
	}{{"word broken across lines", p.Broken}, {"out of reading order", p.Disorder},
		{"separator inside an isolate", p.Separators}, {"not left to right", p.Reversed},
		{"no space between words", p.Touching}} {
		for _, s := range k.list {
			out = append(out, k.kind+": "+s)
		}
	}
	return out
}

// Overflows reports whether the page is wider than its viewport.
func (r Report) Overflows() bool { return r.ScrollWidth > r.ClientWidth }

// ViolationIDs returns the IDs of the violations, such as "image-alt".
func (r Report) ViolationIDs() []string {
	ids := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		ids[i] = v.ID
	}
	return ids
}

// Violation is one failed axe-core rule.
type Violation struct {
	ID, Impact, Help string
	// Nodes are the elements that fail: the target selector, then the
	// HTML of the element, truncated.
	Nodes []string
}

// String gives the violation on one line, with at most three nodes.
func (v Violation) String() string {
	nodes := v.Nodes
	more := ""
	if len(nodes) > 3 {
		more = fmt.Sprintf(" (+%d more)", len(nodes)-3)
		nodes = nodes[:3]
	}
	return fmt.Sprintf("%s (%s): %s: %s%s", v.ID, v.Impact, v.Help, strings.Join(nodes, " | "), more)
}

const maxNodeText = 200

// reportJS collects the Report fields that do not need axe.
const reportJS = `(() => {
	const de = document.documentElement;
	return {
		Lang: de.lang || "",
		Dir: de.dir || "",
		BodyDirection: document.body ? getComputedStyle(document.body).direction : "",
		ScrollWidth: de.scrollWidth,
		ClientWidth: de.clientWidth,
		Title: document.title || "",
	};
})()`

// axeRunJS runs axe and keeps the serious and critical violations.
const axeRunJS = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
	.filter(v => v.impact === 'serious' || v.impact === 'critical')
	.map(v => ({
		ID: v.id,
		Impact: v.impact,
		Help: v.help,
		Nodes: v.nodes.map(n => ((n.target || []).join(' ') + ' ' + (n.html || '')).trim()),
	})))`

// Check navigates to url in a new tab of the given width, waits for the load
// event, collects the Report, runs axe-core, and writes a full-page PNG
// screenshot to shotPath (creating its folder) if shotPath is not "". It fails
// the test when the page does not load, when axe-core is missing, or when the
// screenshot cannot be written. An HTTP error status does not fail it: look at
// Report.Status.
func (b *Browser) Check(t testing.TB, url string, width int, shotPath string) Report {
	t.Helper()
	r, err := b.Inspect(url, width, shotPath)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Inspect is Check returning its error instead of failing a test: it may be
// called from any goroutine, so that several tabs check pages at once.
func (b *Browser) Inspect(url string, width int, shotPath string) (Report, error) {
	return b.check(url, width, shotPath)
}

func (b *Browser) check(url string, width int, shotPath string, opts ...chromedp.ContextOption) (Report, error) {
	axeSrc, err := AxeScript()
	if err != nil {
		return Report{}, err
	}
	ctx, cancel, err := b.page(width, opts...)
	if err != nil {
		return Report{}, err
	}
	defer cancel()
	return inspect(ctx, url, shotPath, axeSrc)
}

// Tab is a tab kept open to check one page after another, which is faster
// than a tab per page: axe-core is installed once, to run in every page
// it loads. A Tab is for one goroutine at a time; Close it when done.
type Tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	width  int
}

// Tab opens a tab of the browser's own session.
func (b *Browser) Tab() (*Tab, error) { return b.tab() }

// Tab opens a tab of the session.
func (s *Session) Tab() (*Tab, error) { return s.b.tab(chromedp.WithExistingBrowserContext(s.id)) }

func (b *Browser) tab(opts ...chromedp.ContextOption) (*Tab, error) {
	axeSrc, err := AxeScript()
	if err != nil {
		return nil, err
	}
	ctx, cancel, err := b.page(1280, opts...)
	if err != nil {
		return nil, err
	}
	// The browser keeps the script and runs it in each document the tab
	// loads, before the page's own scripts, whatever its
	// Content-Security-Policy.
	_, err = chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axeSrc})
		return chromedp.Void{}, err
	})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("browsertest: install axe-core in a tab: %w", err)
	}
	return &Tab{ctx: ctx, cancel: cancel, width: 1280}, nil
}

// Inspect is [Browser.Inspect] in this tab: it loads url at the given
// width (0: 1280) and reports on it.
func (t *Tab) Inspect(url string, width int, shotPath string) (Report, error) {
	if width <= 0 {
		width = 1280
	}
	if width != t.width {
		if err := chromedp.Do(t.ctx, chromedp.EmulateViewport(int64(width), PageHeight)); err != nil {
			return Report{}, fmt.Errorf("browsertest: set the width of a tab to %d: %w", width, err)
		}
		t.width = width
	}
	return inspect(t.ctx, url, shotPath, "")
}

// Close closes the tab.
func (t *Tab) Close() { t.cancel() }

// inspect loads url in the tab of ctx and reports on it. axeSrc is the
// source of axe-core to evaluate in the page, or "" when the tab installs
// it in every document.
func inspect(ctx context.Context, url, shotPath, axeSrc string) (Report, error) {
	var r Report
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return r, fmt.Errorf("browsertest: load %s: %w", url, err)
	}
	if r, err = chromedp.Run(ctx, chromedp.Evaluate[Report](reportJS)); err != nil {
		return r, fmt.Errorf("browsertest: read %s: %w", url, err)
	}
	if resp != nil {
		r.Status = int(resp.Status)
	}
	// Text in a web font has its final size only once the font is loaded.
	if r.Text, err = chromedp.Run(ctx, chromedp.Evaluate[TextProblems](`document.fonts.ready.then(() => `+textJS+`)`, chromedp.EvalAwaitPromise)); err != nil {
		return r, fmt.Errorf("browsertest: measure the text of %s: %w", url, err)
	}

	if axeSrc != "" {
		// Evaluating the script at the top level defines window.axe,
		// whatever Content-Security-Policy the page sends.
		if _, err = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSrc)); err != nil {
			return r, fmt.Errorf("browsertest: inject axe-core into %s: %w", url, err)
		}
	}
	r.Violations, err = chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return r, fmt.Errorf("browsertest: run axe-core on %s: %w", url, err)
	}
	for i := range r.Violations {
		for j, n := range r.Violations[i].Nodes {
			r.Violations[i].Nodes[j] = truncate(strings.Join(strings.Fields(n), " "), maxNodeText)
		}
	}

	if shotPath != "" {
		png, err := screenshot(ctx)
		if err != nil {
			return r, fmt.Errorf("browsertest: screenshot of %s: %w", url, err)
		}
		if err := os.MkdirAll(filepath.Dir(shotPath), 0o755); err != nil {
			return r, err
		}
		if err := os.WriteFile(shotPath, png, 0o644); err != nil {
			return r, err
		}
	}
	return r, nil
}

// maxShotHeight limits the height of a screenshot, in CSS pixels.
const maxShotHeight = 16000

// Screenshot returns a PNG of the whole height of the page of ctx (a context
// from [Browser.Page]) at the width of its viewport, after the web fonts load.
// Content that overflows the viewport sideways is cut off at its edge, as a
// person sees it before scrolling; Report.Overflows tells about it.
//
// It makes the viewport as tall as the page for the capture and then puts it
// back. It does not use the captureBeyondViewport option of Chromium, which
// paints right-to-left pages shifted sideways (Chromium 156).
func Screenshot(ctx context.Context) ([]byte, error) { return screenshot(ctx) }

func screenshot(ctx context.Context) ([]byte, error) {
	// Text in a web font is blank until the font loads.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		if m.CSSLayoutViewport == nil || m.CSSContentSize == nil {
			return nil, fmt.Errorf("no layout metrics")
		}
		width, height := m.CSSLayoutViewport.ClientWidth, m.CSSLayoutViewport.ClientHeight
		full := min(int64(math.Ceil(m.CSSContentSize.Height)), maxShotHeight)
		if full > height {
			if _, err := chromedp.EmulateViewport(width, full)(ctx, t); err != nil {
				return nil, err
			}
			defer chromedp.EmulateViewport(width, height)(ctx, t)
		}
		res, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:      page.CaptureScreenshotFormatPng,
			FromSurface: new(true),
		})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
