package browsertest

// textJS measures the text of the page as the browser laid it out and
// returns what a reader would see wrong:
//
//   - Broken: words split across two lines. A word is what lies between
//     spaces (no-break spaces included) and after a hyphen or a <wbr>, so
//     text may wrap at a space, after a hyphen or where the page offers a
//     break, never inside a word. Each word's client rects (one per line
//     box and bidi run) must sit on one line.
//   - Disorder: two runs of text shown against the reading order of the
//     text around them. A block's inline content is cut into runs: its text
//     nodes and its isolates (bdi, an element with dir, an inline-block)
//     taken whole, in document order; on a line, each run must come after
//     the previous one in the block's direction (to its left in right to
//     left text). An isolate's own content is checked the same way in its
//     own direction. Flex rows and table rows are checked the same way, item
//     after item. SVG is left out: its charts keep their axes left to right.
//   - Separator: a run of the other direction that begins or ends with a
//     separator (· — – , ; : |): the separator belongs to the text around,
//     and inside the isolate it shows at the wrong end.
//   - Touching: an isolate and the text beside it shown with no space
//     between their words ("4 خدمات(2021)", "جهة الشرقL'Oriental").
//   - Reversed: what reads left to right in both languages shown in
//     another order: a number written with group or field separators
//     ("1 250 000", "19/01/2022", "2022-01-19", "10:00"), a path or web
//     address ("/ar/meetings/1"), an e-mail address, a file extension
//     (".ics"). A range such as
//     "2021-2026" is not one: in Arabic text it reads right to left.
//
// Hidden text (display: none, visually hidden, clipped) is not measured.
const textJS = `(() => {
	const out = {Broken: [], Disorder: [], Separators: [], Reversed: [], Touching: []};
	const max = 40;
	const clip = s => { s = s.replace(/\s+/g, ' ').trim(); return s.length > 40 ? s.slice(0, 40) + '…' : s; };
	const where = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		else if (el.classList.length) s += '.' + [...el.classList].join('.');
		const p = el.parentElement;
		if (p && p !== document.body) {
			let q = p.tagName.toLowerCase();
			if (p.id) q += '#' + p.id; else if (p.classList.length) q += '.' + p.classList[0];
			s = q + ' > ' + s;
		}
		return s;
	};
	const hiddenCache = new Map();
	const hidden = el => {
		if (!el || el === document.documentElement) return false;
		if (hiddenCache.has(el)) return hiddenCache.get(el);
		const cs = getComputedStyle(el);
		let h = cs.display === 'none' || cs.visibility === 'hidden' || cs.clipPath !== 'none';
		if (!h) h = hidden(el.parentElement);
		hiddenCache.set(el, h);
		return h;
	};
	const skipTags = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA', 'SELECT', 'OPTION', 'svg', 'SVG', 'TITLE', 'HEAD']);
	const rangeOf = (node, from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to); return r; };
	const rects = x => [...x.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
	const sameLine = (a, b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5 * Math.min(a.height, b.height);

	// Words broken across lines.
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const texts = [];
	for (let n; (n = walker.nextNode());) {
		const el = n.parentElement;
		if (!el || el.closest('script,style,template,noscript,textarea,select,svg') || hidden(el)) continue;
		texts.push(n);
	}
	for (const n of texts) {
		const re = /[^\s\-‐]+[\-‐]?/g;
		for (let m; (m = re.exec(n.data));) {
			const rs = rects(rangeOf(n, m.index, m.index + m[0].length));
			if (rs.some(r => !sameLine(r, rs[0]))) {
				if (out.Broken.length < max) out.Broken.push(clip(m[0]) + ' in ' + where(n.parentElement));
			}
		}
	}

	// Numbers, dates, paths and addresses, which read left to right in
	// both languages: each piece (a run of letters or digits, or one other
	// character) must come after the previous one, to its right.
	const ltrRe = /\d+(?:[ \u00a0\u202f.,:\/]\d+)+|\d{4}-\d{2}-\d{2}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?:\/\/)?\/?[\w.-]+(?:\/[\w.-]+)+\/?|\/[\w.-]+|(?<=^|[\s(])\.[a-z]{2,5}\b/g;
	for (const n of texts) {
		for (let m; (m = ltrRe.exec(n.data));) {
			let prev = null;
			for (const g of m[0].matchAll(/[A-Za-z0-9_]+|[^A-Za-z0-9_]/g)) {
				const rs = rects(rangeOf(n, m.index + g.index, m.index + g.index + g[0].length));
				if (!rs.length) { prev = null; continue; }
				const r = rs[0];
				if (prev && sameLine(prev, r) && r.left < prev.right - 1) {
					if (out.Reversed.length < max) out.Reversed.push(clip(m[0]) + ' in ' + where(n.parentElement));
					break;
				}
				prev = r;
			}
		}
	}

	// Runs against the reading order.
	const box = node => {
		let rs;
		if (node.nodeType === Node.TEXT_NODE) {
			const s = node.data, a = s.search(/\S/), b = s.length - s.match(/\s*$/)[0].length;
			rs = rects(rangeOf(node, a, b));
		} else {
			rs = rects(node);
		}
		if (!rs.length) return null;
		const first = rs.reduce((x, r) => r.top < x.top ? r : x, rs[0]);
		const last = rs.reduce((x, r) => r.top > x.top ? r : x, rs[0]);
		const line = (ref) => {
			const on = rs.filter(r => sameLine(r, ref));
			return {left: Math.min(...on.map(r => r.left)), right: Math.max(...on.map(r => r.right)),
				top: ref.top, bottom: ref.bottom, height: ref.height};
		};
		return {first: line(first), last: line(last)};
	};
	const label = node => clip(node.nodeType === Node.TEXT_NODE ? node.data : (node.innerText || node.getAttribute('aria-label') || node.tagName));
	const textOf = node => (node.nodeType === Node.TEXT_NODE ? node.data : (node.innerText || '')).trim();
	const isolate = node => node.nodeType === Node.ELEMENT_NODE;
	const check = (seq, dir, container, inline) => {
		let prev = null, prevBox = null;
		for (const node of seq) {
			const b = box(node);
			if (!b) continue;
			if (prevBox && sameLine(prevBox.last, b.first)) {
				const bad = dir === 'rtl' ? b.first.right > prevBox.last.left + 2 : b.first.left < prevBox.last.right - 2;
				if (bad && out.Disorder.length < max) {
					out.Disorder.push('"' + label(prev) + '" then "' + label(node) + '" (' + dir + ') in ' + where(container));
				}
				// Words of two runs run together when an isolate touches
				// the text before or after it with no space between.
				const gap = dir === 'rtl' ? prevBox.last.left - b.first.right : b.first.left - prevBox.last.right;
				if (inline && !bad && gap < 1 && (isolate(prev) || isolate(node)) &&
					/[\p{L}\p{N}:،,;]$/u.test(textOf(prev)) && /^[\p{L}\p{N}(]/u.test(textOf(node)) && out.Touching.length < max) {
					out.Touching.push('"' + label(prev) + '" and "' + label(node) + '" in ' + where(container));
				}
			}
			prev = node; prevBox = b;
		}
	};
	const isolates = el => { const u = getComputedStyle(el).unicodeBidi; return u === 'isolate' || u === 'isolate-override' || u === 'plaintext'; };
	const atomic = (el, cs) => /^inline-/.test(cs.display) || ['IMG', 'INPUT', 'BUTTON', 'PROGRESS', 'METER', 'VIDEO', 'IFRAME'].includes(el.tagName);
	const walk = (container) => {
		const dir = getComputedStyle(container).direction;
		const ccs = getComputedStyle(container);
		const row = (ccs.display === 'flex' || ccs.display === 'inline-flex') && ccs.flexDirection === 'row' || ccs.display === 'table-row';
		let seq = [];
		const items = [];
		const flush = () => { if (seq.length > 1) check(seq, dir, container, true); seq = []; };
		const visit = node => {
			if (node.nodeType === Node.TEXT_NODE) {
				if (/\S/.test(node.data)) seq.push(node);
				return;
			}
			if (node.nodeType !== Node.ELEMENT_NODE || skipTags.has(node.tagName) || hidden(node)) return;
			const cs = getComputedStyle(node);
			if (cs.position === 'absolute' || cs.position === 'fixed' || cs.float !== 'none') { walk(node); return; }
			if (cs.display === 'inline' && !isolates(node)) {
				for (const c of node.childNodes) visit(c);
				return;
			}
			if (cs.display === 'contents') {
				for (const c of node.childNodes) visit(c);
				return;
			}
			if (cs.display === 'inline' || atomic(node, cs)) {
				seq.push(node);
				if (isolates(node) && cs.direction !== dir) {
					const t = (node.innerText || '').trim();
					if (/^[·—–,،;؛:|]|[·—–,،;؛:|]$/.test(t) && out.Separators.length < max) {
						out.Separators.push('"' + clip(t) + '" (' + cs.direction + ' in ' + dir + ') in ' + where(node));
					}
				}
				walk(node);
				return;
			}
			flush();
			items.push(node);
			walk(node);
		};
		for (const c of container.childNodes) visit(c);
		flush();
		if (row && items.length > 1) check(items, dir, container, false);
	};
	walk(document.body);
	return out;
})()`
