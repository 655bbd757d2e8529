// Package browsertest drives headless Chromium from Debian's packages for page
// tests: direction, overflow, accessibility, screenshots.
//
// One Browser process serves many tests. Each check opens its own tab, so
// parallel tests do not share a page. A test package usually keeps one
// browser for all its tests:
//
//	var browser browsertest.Shared
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		browser.Close()
//		os.Exit(code)
//	}
//
//	func TestHome(t *testing.T) {
//		b := browser.Get(t) // fails the test when Chromium is missing
//		r := b.Check(t, srv.URL+"/", 390, browsertest.ScreenshotPath("home", 390))
//		...
//	}
//
// The tests fail, and do not skip, when Chromium or axe-core is missing. Set
// TACHAWOR_SKIP_BROWSER=1 to skip them on purpose.
//
// Flows that click and type use chromedp directly on the context of
// [Browser.Page]:
//
//	ctx := b.Page(t, 390)
//	err := chromedp.Do(ctx,
//		chromedp.Navigate(url),
//		chromedp.SendKeys(chromedp.CSS("#email"), "a@example.com"),
//		chromedp.Click(chromedp.CSS("button[type=submit]")),
//	)
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// SkipEnv is the environment variable that skips the browser tests when it
// is "1".
const SkipEnv = "TACHAWOR_SKIP_BROWSER"

// PageHeight is the height of the viewport of every page, in CSS pixels.
const PageHeight = 900

// Timeouts. A test can change them before it starts a browser.
var (
	// StartTimeout limits the start of Chromium.
	StartTimeout = 30 * time.Second
	// PageTimeout limits the whole life of one tab, including every action
	// on it.
	PageTimeout = 2 * time.Minute
)

// AxeVersion is the version of axe-core that the Makefile installs.
const AxeVersion = "4.14.1"

var errNoChromium = errors.New(`headless Chromium not found: install it with "apt-get install chromium" (make test does this when run as root)`)

// ChromiumPath finds Chromium: the environment variable CHROMIUM_PATH, then
// chromium, chromium-browser and google-chrome on the PATH.
func ChromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return "", fmt.Errorf("CHROMIUM_PATH=%s is not an executable file; %w", p, errNoChromium)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errNoChromium
}

// ModuleRoot returns the directory that holds go.mod, found by walking up
// from the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// AxePath returns the path of axe.min.js: the environment variable
// AXE_CORE_JS, else <module root>/.cache/npm/node_modules/axe-core/axe.min.js.
// It does not check that the file exists.
func AxePath() (string, error) {
	if p := os.Getenv("AXE_CORE_JS"); p != "" {
		return p, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("axe-core not found: %v; set AXE_CORE_JS or run `make test`", err)
	}
	return filepath.Join(root, ".cache", "npm", "node_modules", "axe-core", "axe.min.js"), nil
}

// AxeScript returns the source of axe.min.js (see [AxePath]). Its error is one
// line that says how to install axe-core.
func AxeScript() (string, error) {
	p, err := AxePath()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(p)
	if err != nil || len(b) == 0 {
		root, _ := ModuleRoot()
		if root == "" {
			root = "."
		}
		return "", fmt.Errorf("axe-core not found at %s: run `make test` or `npm install --no-save --prefix %s axe-core@%s`",
			p, filepath.Join(root, ".cache", "npm"), AxeVersion)
	}
	return string(b), nil
}

// ScreenshotDir returns <module root>/.cache/screenshots, the folder where
// page tests put screenshots so that a person can look at every page. Outside
// a module it returns a folder in the temporary directory.
func ScreenshotDir() string {
	root, err := ModuleRoot()
	if err != nil {
		return filepath.Join(os.TempDir(), "tachawor-screenshots")
	}
	return filepath.Join(root, ".cache", "screenshots")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ScreenshotPath returns ScreenshotDir()/<name>-<width>.png, with the
// characters of name that are unsafe in a file name replaced by "_".
func ScreenshotPath(name string, width int) string {
	name = strings.Trim(unsafeName.ReplaceAllString(name, "_"), "_")
	if name == "" {
		name = "page"
	}
	return filepath.Join(ScreenshotDir(), fmt.Sprintf("%s-%d.png", name, width))
}

// skipIfDisabled skips t when SkipEnv is "1".
func skipIfDisabled(t testing.TB) {
	t.Helper()
	if os.Getenv(SkipEnv) == "1" {
		t.Skip(SkipEnv + "=1: browser tests skipped")
	}
}

// Browser is one headless Chromium process.
type Browser struct {
	// ctx is the chromedp context of the first tab; it owns the browser.
	ctx         context.Context
	cancelCtx   context.CancelFunc
	cancelAlloc context.CancelFunc
	dataDir     string
	closeOnce   sync.Once
}

// New starts one headless Chromium for the test and closes it at the end of
// the test. It fails the test when Chromium is missing, and skips it when
// TACHAWOR_SKIP_BROWSER=1.
func New(t testing.TB) *Browser {
	t.Helper()
	skipIfDisabled(t)
	b, err := NewShared()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// flags returns the options for the command line of Chromium, without the
// executable and the user data directory. chromedp adds
// --remote-debugging-pipe and about:blank. Headless also sets
// --hide-scrollbars and --mute-audio, so clientWidth is the viewport width.
func flags() []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// From chromedp's defaults: keep tests quiet and deterministic.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("disable-popup-blocking", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	}
}

// NewShared starts one headless Chromium that the caller must Close, for
// example a whole test package in TestMain. See also [Shared].
func NewShared() (*Browser, error) {
	path, err := ChromiumPath()
	if err != nil {
		return nil, err
	}
	dataDir, err := os.MkdirTemp("", "browsertest-profile-")
	if err != nil {
		return nil, fmt.Errorf("headless Chromium: %w", err)
	}
	opts := append(flags(), chromedp.ExecPath(path), chromedp.UserDataDir(dataDir))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: ctx, cancelCtx: cancelCtx, cancelAlloc: cancelAlloc, dataDir: dataDir}

	// The first Run starts the browser. It must not have a deadline, since
	// the deadline would stop the browser, so time it out from outside.
	errc := make(chan error, 1)
	go func() { errc <- chromedp.Do(ctx) }()
	select {
	case err = <-errc:
	case <-time.After(StartTimeout):
		err = fmt.Errorf("no answer after %v", StartTimeout)
	}
	if err != nil {
		b.Close()
		msg := strings.Join(strings.Fields(err.Error()), " ")
		if len(msg) > 400 {
			msg = msg[:400] + "…"
		}
		return nil, fmt.Errorf("headless Chromium (%s) did not start: %s", path, msg)
	}
	return b, nil
}

// Close stops the browser and removes its user data directory. It is safe to
// call more than once.
func (b *Browser) Close() {
	b.closeOnce.Do(func() {
		// Ask Chromium to quit, so that it stops its child processes too.
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		_ = chromedp.Cancel(ctx)
		cancel()
		b.cancelCtx()
		b.cancelAlloc()
		// Child processes can write in the directory for a moment after
		// the browser exits, so try again.
		for range 50 {
			if err := os.RemoveAll(b.dataDir); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// Page opens a new tab with a viewport of the given width (height 900) and
// returns a context to drive it with chromedp. The tab closes at t.Cleanup.
// A width of 0 or less means 1280.
func (b *Browser) Page(t testing.TB, width int) context.Context {
	t.Helper()
	ctx, cancel, err := b.page(width)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return ctx
}

// Visitor opens a tab like Page, but in a browser context of its own (like
// a separate incognito window): its cookies are its own, so two visitors
// can be signed in as different people at once. Closed at t.Cleanup.
func (b *Browser) Visitor(t testing.TB, width int) context.Context {
	t.Helper()
	return b.Session(t, "").Page(t, width)
}

// Session is a browser context of its own, like a private window: its
// cookies are shared by its tabs and by no other session. Several tabs of
// one session may check pages at once.
type Session struct {
	b  *Browser
	id cdp.BrowserContextID
}

// Session opens a browser context, closed at t.Cleanup, holding cookies
// (such as a session cookie a test signed in for) for the site at baseURL.
func (b *Browser) Session(t testing.TB, baseURL string, cookies ...*http.Cookie) *Session {
	t.Helper()
	res, err := chromedp.CallBrowser(b.ctx, target.CreateBrowserContext, target.CreateBrowserContextParams{})
	if err != nil {
		t.Fatalf("browsertest: create a browser context: %v", err)
	}
	s := &Session{b: b, id: res.BrowserContextID}
	t.Cleanup(func() {
		chromedp.CallBrowser(b.ctx, target.DisposeBrowserContext, target.DisposeBrowserContextParams{BrowserContextID: s.id})
	})
	if len(cookies) > 0 {
		params := storage.SetCookiesParams{BrowserContextID: s.id}
		for _, c := range cookies {
			params.Cookies = append(params.Cookies, &network.CookieParam{Name: c.Name, Value: c.Value, URL: baseURL, HTTPOnly: c.HttpOnly, Path: "/"})
		}
		if _, err := chromedp.CallBrowser(b.ctx, storage.SetCookies, params); err != nil {
			t.Fatalf("browsertest: set the cookies of %s: %v", baseURL, err)
		}
	}
	return s
}

// Page opens a tab of the session, like [Browser.Page].
func (s *Session) Page(t testing.TB, width int) context.Context {
	t.Helper()
	ctx, cancel, err := s.b.page(width, chromedp.WithExistingBrowserContext(s.id))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return ctx
}

// Check is [Browser.Check] in a tab of the session.
func (s *Session) Check(t testing.TB, url string, width int, shotPath string) Report {
	t.Helper()
	r, err := s.Inspect(url, width, shotPath)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Inspect is [Browser.Inspect] in a tab of the session.
func (s *Session) Inspect(url string, width int, shotPath string) (Report, error) {
	return s.b.check(url, width, shotPath, chromedp.WithExistingBrowserContext(s.id))
}

// page opens a tab; the caller must call cancel to close it.
func (b *Browser) page(width int, opts ...chromedp.ContextOption) (context.Context, context.CancelFunc, error) {
	if width <= 0 {
		width = 1280
	}
	tctx, cancelTimeout := context.WithTimeout(b.ctx, PageTimeout)
	ctx, cancelTab := chromedp.NewContext(tctx, opts...)
	cancel := func() {
		cancelTab()
		cancelTimeout()
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(width), PageHeight),
		// Every tab acts as the focused window, so that keyboard focus
		// and :focus-visible work in tabs that run in parallel.
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled,
				emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}),
	)
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("browsertest: open a tab of width %d: %w", width, err)
	}
	return ctx, cancel, nil
}

// Shared is a browser that starts at the first Get and serves all tests of a
// package. Call Close in TestMain after m.Run. The zero value is ready.
type Shared struct {
	once sync.Once
	b    *Browser
	err  error
}

// Get returns the shared browser and starts it the first time. It fails the
// test when Chromium does not start, and skips it when
// TACHAWOR_SKIP_BROWSER=1.
func (s *Shared) Get(t testing.TB) *Browser {
	t.Helper()
	skipIfDisabled(t)
	s.once.Do(func() { s.b, s.err = NewShared() })
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s.b
}

// Close stops the browser if it started.
func (s *Shared) Close() {
	// A later Get must not start a browser.
	s.once.Do(func() { s.err = errors.New("browsertest: the shared browser is closed") })
	if s.b != nil {
		s.b.Close()
	}
}
