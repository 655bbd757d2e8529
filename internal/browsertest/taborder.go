package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Focus is one stop of the keyboard focus.
type Focus struct {
	// Desc describes the focused element: tag and id, its aria-label or
	// text, and href, such as `a#home "الرئيسية" href=/`.
	Desc string
	// Visible reports whether the element shows a focus indicator: an
	// outline (style not none, width > 0, not transparent) or a box-shadow
	// that it did not have before it got focus, or a change of its
	// background or border colour.
	Visible bool
}

// String gives the focus stop on one line.
func (f Focus) String() string {
	if f.Visible {
		return f.Desc
	}
	return f.Desc + " (no visible focus)"
}

// tabSetupJS records the unfocused style of the elements that can get focus,
// and moves the focus to the top of the page.
const tabSetupJS = `(() => {
	const key = el => {
		const cs = getComputedStyle(el);
		return {os: cs.outlineStyle, ow: cs.outlineWidth, oc: cs.outlineColor, bs: cs.boxShadow,
			bg: cs.backgroundColor, bc: cs.borderColor, bw: cs.borderWidth};
	};
	window.__browsertestKey = key;
	window.__browsertestBefore = new WeakMap();
	window.__browsertestSeen = [];
	for (const el of document.querySelectorAll('a[href],area[href],button,input,select,textarea,iframe,summary,[tabindex],[contenteditable]')) {
		window.__browsertestBefore.set(el, key(el));
	}
	if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
	window.scrollTo(0, 0);
	return true;
})()`

// tabStepJS describes the focused element, or returns null when the focus
// left the page or came back to the first element.
const tabStepJS = `(() => {
	let el = document.activeElement;
	while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
	if (!el || el === document.body || el === document.documentElement) return null;
	if (window.__browsertestSeen.includes(el)) return null;
	window.__browsertestSeen.push(el);

	const now = window.__browsertestKey(el);
	const before = window.__browsertestBefore.get(el);
	const clear = c => c === 'transparent' || /,\s*0\)$/.test(c) || /\/\s*0\)$/.test(c);
	const outline = now.os !== 'none' && parseFloat(now.ow) > 0 && !clear(now.oc);
	const shadow = now.bs !== 'none';
	let visible;
	if (before) {
		visible = (outline && (before.os !== now.os || before.ow !== now.ow || before.oc !== now.oc)) ||
			(shadow && before.bs !== now.bs) ||
			before.bg !== now.bg || before.bc !== now.bc || before.bw !== now.bw;
	} else {
		visible = outline || shadow;
	}

	let desc = el.tagName.toLowerCase();
	if (el.id) desc += '#' + el.id;
	const label = (el.getAttribute('aria-label') || el.innerText || el.value ||
		el.getAttribute('title') || el.getAttribute('placeholder') || '').replace(/\s+/g, ' ').trim();
	if (label) desc += ' "' + (label.length > 60 ? label.slice(0, 60) + '…' : label) + '"';
	const href = el.getAttribute('href');
	if (href !== null) desc += ' href=' + href;
	return {Desc: desc, Visible: visible};
})()`

// TabOrder opens url at the given width, presses Tab up to max times from the
// top of the page with real key events, and returns each focused element in
// order. It stops early when the focus leaves the page or returns to the
// first element.
func (b *Browser) TabOrder(t testing.TB, url string, width int, max int) []Focus {
	t.Helper()
	order, err := b.tabOrder(url, width, max)
	if err != nil {
		t.Fatal(err)
	}
	return order
}

func (b *Browser) tabOrder(url string, width int, max int) ([]Focus, error) {
	ctx, cancel, err := b.page(width)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("browsertest: load %s: %w", url, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](tabSetupJS)); err != nil {
		return nil, fmt.Errorf("browsertest: prepare %s: %w", url, err)
	}
	var order []Focus
	for range max {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return order, fmt.Errorf("browsertest: press Tab on %s: %w", url, err)
		}
		f, err := chromedp.Run(ctx, chromedp.Evaluate[*Focus](tabStepJS))
		if err != nil {
			return order, fmt.Errorf("browsertest: read the focus on %s: %w", url, err)
		}
		if f == nil {
			break
		}
		order = append(order, *f)
	}
	return order, nil
}
