package browsertest

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var browser Shared

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

const head = `<!doctype html>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", sans-serif; margin: 0; padding: 1rem; color: #111; background: #fff; }
a { color: #0645ad; }
</style>
`

var pages = map[string]string{
	"/rtl": `<html lang="ar" dir="rtl">` + head + `<title>صفحة تجربة</title>
<header><nav aria-label="التنقل الرئيسي"><a href="/rtl">الرئيسية</a> · <a href="/about">من نحن</a></nav></header>
<main>
<h1>مرحبا بكم في طشوار</h1>
<p>هذه صفحة عربية من اليمين إلى اليسار. سنوات الدراسة 2021-2026.</p>
<form action="/rtl">
<label for="name">الاسم الكامل</label>
<input id="name" name="name" type="text" autocomplete="name">
<button type="submit">إرسال</button>
</form>
</main>`,

	"/violation": `<html lang="ar" dir="rtl">` + head + `<title>صفحة فيها أخطاء</title>
<main>
<h1>صورة بلا نص بديل</h1>
<img src="/pixel.png" width="40" height="40">
<form><input type="text" name="q"></form>
</main>`,

	"/overflow": `<html lang="ar" dir="rtl">` + head + `<title>صفحة عريضة</title>
<main>
<h1>جدول عريض</h1>
<div style="width: 2000px; height: 50px; background: #cde;">محتوى عريض جدا</div>
</main>`,

	"/tabs": `<html lang="ar" dir="rtl">` + head + `<title>ترتيب التنقل</title>
<main>
<h1>روابط</h1>
<p><a id="first" href="/one">الأول</a></p>
<p><a id="second" href="/two" style="outline-offset: 2px">الثاني</a></p>
</main>`,

	"/nofocus": `<html lang="en">` + head + `<title>No focus ring</title>
<style>
a:focus, a:focus-visible { outline: none; }
.ring:focus-visible { outline: none; box-shadow: 0 0 0 3px #1a73e8; }
</style>
<main>
<h1>Focus styles</h1>
<a id="hidden" href="/x">Hidden focus</a>
<button class="ring" aria-label="Shadow ring">S</button>
</main>`,

	"/tall": `<html lang="ar" dir="rtl">` + head + `<title>صفحة طويلة</title>
<main>
<div id="red" style="width: 100px; height: 40px; background: #f00;"></div>
<p style="height: 3000px;">نص في أعلى الصفحة الطويلة</p>
<div id="blue" style="width: 100px; height: 40px; background: #00f;"></div>
</main>`,

	// Text laid out as it should be: Latin names isolated inside Arabic,
	// the separators outside them, an example number isolated, a path in
	// an element of its own direction, a long compound wrapping at its
	// hyphen, a word exactly as wide as its box.
	"/text-good": `<html lang="ar" dir="rtl">` + head + `<title>نص سليم</title>
<main>
<h1><bdi>جهة الشرق</bdi> · <span lang="fr" dir="ltr">L'Oriental</span></h1>
<p>الجهات: <bdi>Fès-Meknès</bdi>، <bdi>Souss-Massa</bdi>، <bdi>جهة الشرق</bdi>.</p>
<p>اكتب المبلغ، مثلا ` + "\u2066" + `1 250 000` + "\u2069" + ` أو التاريخ ` + "\u2066" + `2022-01-19` + "\u2069" + `.</p>
<p>الملف <code dir="ltr">/data/meetings.csv</code> والعنوان <span dir="ltr">name@example.ma</span> (ملف ` + "\u2066" + `.ics` + "\u2069" + `).</p>
<p>استراتيجية 2021-2026 للقطب الاجتماعي</p>
<p lang="fr" dir="ltr" style="width: 7em">Tanger-Tétouan-Al Hoceïma</p>
<p style="display: inline-block; white-space: nowrap">الاستراتيجية</p>
<p>القيمة: 4 خدمات <span dir="ltr">(2021)</span> <strong>الجواب:</strong> <bdi>محتفظ به</bdi>، <bdi>Fès</bdi>. نص <mark>مظ</mark>لل</p>
</main>`,

	// The same text, laid out wrong.
	"/text-bad": `<html lang="ar" dir="rtl">` + head + `<title>نص معيب</title>
<main>
<h1><bdi>جهة الشرق</bdi><span lang="fr" dir="ltr">· L'Oriental</span></h1>
<p>الجهات: <a href="#a">Fès-Meknès</a> <a href="#b">Souss-Massa</a></p>
<p>اكتب المبلغ، مثلا 1 250 000 أو التاريخ 2022-01-19.</p>
<p>صفحته: /ar/meetings/id (ملف .ics)</p>
<p style="width: 3em; overflow-wrap: anywhere">الاستراتيجية</p>
<p>القيمة: 4 خدمات<span dir="ltr">(2021)</span> <strong>الجواب:</strong><bdi>محتفظ به</bdi></p>
</main>`,

	"/flow": `<html lang="en">` + head + `<title>Flow</title>
<main>
<label for="email">Email</label> <input id="email" type="email">
<button id="go" type="button" onclick="document.getElementById('out').textContent = 'hello ' + document.getElementById('email').value">Go</button>
<p id="out"></p>
</main>`,
}

// onePixelPNG is a valid 1x1 PNG.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, body := range pages {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if path != "/flow" {
				// A strict policy, like the app's, must not stop axe.
				w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
			}
			io.WriteString(w, body)
		})
	}
	mux.HandleFunc("GET /pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(onePixelPNG)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func shotDir(t *testing.T) string {
	dir := filepath.Join(ScreenshotDir(), "browsertest")
	t.Logf("screenshots in %s", dir)
	return dir
}

// pngWidth checks that path is a non-empty PNG and returns its width.
func pngWidth(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(b) == 0 {
		t.Fatalf("screenshot %s is empty", path)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", path, err)
	}
	return cfg.Width
}

func TestRTLPageIsAccessible(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	dir := shotDir(t)
	for _, width := range []int{390, 1280} {
		shot := filepath.Join(dir, fmt.Sprintf("rtl-%d.png", width))
		os.Remove(shot)
		start := time.Now()
		r := b.Check(t, srv.URL+"/rtl", width, shot)
		t.Logf("width %d: %v", width, time.Since(start).Round(time.Millisecond))
		if r.Lang != "ar" || r.Dir != "rtl" || r.BodyDirection != "rtl" {
			t.Errorf("width %d: lang %q dir %q body direction %q, want ar rtl rtl", width, r.Lang, r.Dir, r.BodyDirection)
		}
		if r.Overflows() {
			t.Errorf("width %d: overflows: scrollWidth %d > clientWidth %d", width, r.ScrollWidth, r.ClientWidth)
		}
		if r.ClientWidth != width {
			t.Errorf("clientWidth %d, want %d", r.ClientWidth, width)
		}
		if len(r.Violations) > 0 {
			t.Errorf("width %d: violations: %v", width, r.Violations)
		}
		if r.Status != 200 || r.Title != "صفحة تجربة" {
			t.Errorf("status %d title %q", r.Status, r.Title)
		}
		if w := pngWidth(t, shot); w != width {
			t.Errorf("screenshot width %d, want %d", w, width)
		}
	}
}

func TestViolationsAreFound(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	r := b.Check(t, srv.URL+"/violation", 1280, "")
	ids := r.ViolationIDs()
	for _, want := range []string{"image-alt", "label"} {
		if !slices.Contains(ids, want) {
			t.Errorf("violations %v, want %s", ids, want)
		}
	}
	for _, v := range r.Violations {
		if v.Impact != "serious" && v.Impact != "critical" {
			t.Errorf("violation of impact %q: %v", v.Impact, v)
		}
		if len(v.Nodes) == 0 || v.Help == "" {
			t.Errorf("violation without nodes or help: %#v", v)
		}
		t.Log(v)
	}
}

func TestOverflowIsFound(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	shot := filepath.Join(shotDir(t), "overflow-390.png")
	os.Remove(shot)
	r := b.Check(t, srv.URL+"/overflow", 390, shot)
	if !r.Overflows() || r.ScrollWidth < 2000 || r.ClientWidth != 390 {
		t.Errorf("scrollWidth %d clientWidth %d, want an overflow past 2000 in 390", r.ScrollWidth, r.ClientWidth)
	}
	if w := pngWidth(t, shot); w != 390 {
		t.Errorf("screenshot width %d, want the viewport (390)", w)
	}
}

// TestScreenshotFullHeightRTL checks that the screenshot covers the whole
// height and that a right-to-left page is not shifted sideways.
func TestScreenshotFullHeightRTL(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	ctx := b.Page(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/tall")); err != nil {
		t.Fatal(err)
	}
	data, err := Screenshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(shotDir(t), 0o755)
	os.WriteFile(filepath.Join(shotDir(t), "tall-390.png"), data, 0o644)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 390 || b.Dy() < 3000 {
		t.Fatalf("screenshot %v, want 390 wide and taller than 3000", b)
	}
	// In RTL the blocks start at the right: x from 274 to 374.
	for _, c := range []struct {
		name     string
		x, y     int
		r, g, bl uint32
	}{
		{"red block at the top right", 324, 36, 0xffff, 0, 0},
		{"blue block at the bottom right", 324, img.Bounds().Dy() - 36, 0, 0, 0xffff},
		{"white at the top left", 100, 36, 0xffff, 0xffff, 0xffff},
	} {
		r, g, bl, _ := img.At(c.x, c.y).RGBA()
		if r != c.r || g != c.g || bl != c.bl {
			t.Errorf("%s: pixel (%d,%d) is %x %x %x", c.name, c.x, c.y, r, g, bl)
		}
	}
	// The viewport is back to 900 high.
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int](`innerHeight`))
	if err != nil || h != PageHeight {
		t.Errorf("innerHeight after the screenshot %d (%v), want %d", h, err, PageHeight)
	}
}

// What a reader would see wrong in laid-out text is found, and text laid
// out right is not flagged.
func TestTextProblemsAreFound(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	for _, width := range []int{390, 1280} {
		if r := b.Check(t, srv.URL+"/text-good", width, ""); len(r.Text.All()) > 0 {
			t.Errorf("width %d: problems in good text: %v", width, r.Text.All())
		}
	}
	r := b.Check(t, srv.URL+"/text-bad", 390, "")
	for _, c := range []struct {
		kind string
		list []string
		want []string
	}{
		{"broken", r.Text.Broken, []string{"الاستراتيجية in main > p"}},
		{"disorder", r.Text.Disorder, []string{`"Fès-Meknès" then "Souss-Massa" (rtl) in main > p`}},
		{"separators", r.Text.Separators, []string{`"· L'Oriental" (ltr in rtl) in h1 > span`}},
		{"reversed", r.Text.Reversed, []string{"1 250 000 in main > p", "2022-01-19 in main > p", "/ar/meetings/id in main > p", ".ics in main > p"}},
		{"touching", r.Text.Touching, []string{`"القيمة: 4 خدمات" and "(2021)" in main > p`, `"الجواب:" and "محتفظ به" in main > p`}},
	} {
		if !slices.Equal(c.list, c.want) {
			t.Errorf("%s: got %q, want %q", c.kind, c.list, c.want)
		}
	}
}

// A reused tab checks page after page, at any width, axe-core included.
func TestTabChecksPageAfterPage(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	tab, err := b.Tab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	for _, c := range []struct {
		path  string
		width int
	}{{"/rtl", 390}, {"/violation", 1280}, {"/overflow", 390}, {"/rtl", 1280}} {
		r, err := tab.Inspect(srv.URL+c.path, c.width, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.ClientWidth != c.width {
			t.Errorf("%s: clientWidth %d, want %d", c.path, r.ClientWidth, c.width)
		}
		if got := len(r.Violations) > 0; got != (c.path == "/violation") {
			t.Errorf("%s: violations %v", c.path, r.ViolationIDs())
		}
		if r.Overflows() != (c.path == "/overflow") {
			t.Errorf("%s: overflow %v", c.path, r.Overflows())
		}
	}
}

func TestStatus(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	ctx := b.Page(t, 800)
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+"/missing"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 404 {
		t.Errorf("status %d, want 404", resp.Status)
	}
	r := b.Check(t, srv.URL+"/missing", 800, "")
	if r.Status != 404 {
		t.Errorf("Report.Status %d, want 404", r.Status)
	}
}

func TestTabOrder(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	got := b.TabOrder(t, srv.URL+"/tabs", 1280, 10)
	want := []Focus{
		{Desc: `a#first "الأول" href=/one`, Visible: true},
		{Desc: `a#second "الثاني" href=/two`, Visible: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("tab order:\n got %v\nwant %v", got, want)
	}

	got = b.TabOrder(t, srv.URL+"/nofocus", 1280, 10)
	want = []Focus{
		{Desc: `a#hidden "Hidden focus" href=/x`, Visible: false},
		{Desc: `button "Shadow ring"`, Visible: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("tab order:\n got %v\nwant %v", got, want)
	}

	if got := b.TabOrder(t, srv.URL+"/tabs", 1280, 1); len(got) != 1 {
		t.Errorf("max 1 gave %v", got)
	}
}

func TestFlowWithChromedp(t *testing.T) {
	b := browser.Get(t)
	srv := newServer(t)
	ctx := b.Page(t, 390)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/flow"),
		chromedp.SendKeys(chromedp.CSS("#email"), "a@example.com"),
		chromedp.Click(chromedp.CSS("#go")),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#out")))
	if err != nil {
		t.Fatal(err)
	}
	if text != "hello a@example.com" {
		t.Errorf("text %q", text)
	}
}

func TestNewAndCloseRemovesProfile(t *testing.T) {
	skipIfDisabled(t)
	b, err := NewShared()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b.dataDir); err != nil {
		t.Fatalf("profile: %v", err)
	}
	b.Close()
	b.Close()
	if _, err := os.Stat(b.dataDir); !os.IsNotExist(err) {
		t.Errorf("profile %s is still there after Close: %v", b.dataDir, err)
	}
}

func TestChromiumPathError(t *testing.T) {
	t.Setenv("CHROMIUM_PATH", "")
	t.Setenv("PATH", t.TempDir())
	_, err := ChromiumPath()
	want := `headless Chromium not found: install it with "apt-get install chromium" (make test does this when run as root)`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	t.Setenv("CHROMIUM_PATH", filepath.Join(t.TempDir(), "nothing"))
	if _, err := ChromiumPath(); err == nil || !strings.Contains(err.Error(), "CHROMIUM_PATH=") {
		t.Errorf("bad CHROMIUM_PATH: error %v", err)
	}
}

func TestAxeScript(t *testing.T) {
	t.Setenv("AXE_CORE_JS", filepath.Join(t.TempDir(), "axe.min.js"))
	_, err := AxeScript()
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "make test") || !strings.Contains(err.Error(), "npm install") {
		t.Errorf("error %v, want one line that names make test and npm install", err)
	}
}

func TestScreenshotPath(t *testing.T) {
	got := ScreenshotPath("/admin/users?id=1", 390)
	if want := filepath.Join(ScreenshotDir(), "admin_users_id_1-390.png"); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("module root %s: %v", root, err)
	}
	if ScreenshotDir() != filepath.Join(root, ".cache", "screenshots") {
		t.Errorf("ScreenshotDir %s", ScreenshotDir())
	}
}
