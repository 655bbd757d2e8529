package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// sample is one request of the load and what became of it.
type sample struct {
	write   bool
	portal  int // which of the load's portals it went to
	path    string
	title   string    // the meeting title a write sent
	start   time.Time // the client began the request
	sent    time.Time // the request was first fully written to a connection (zero: never)
	end     time.Time // the answer was read in full, or the request failed
	status  int       // 0 when there was no answer
	err     error
	page    string // for a 503: why it is not the localized error page ("" if it is)
	reused  bool   // the request was first sent on a kept-alive connection
	version int    // the detail page's "chaos version N" (-1: none shown)
}

// droppedUnread: the server closed the kept-alive connection the request
// had been written to without answering it, as net/http's Server.Shutdown
// does to a connection it still sees as idle (the request not read yet).
// The transport then retries a GET on a new connection, refused once the
// listener is closed; a POST fails with the close.
func (s sample) droppedUnread() bool {
	switch errKind(s.err) {
	case "connection refused", "connection reset", "connection closed (EOF)", "keep-alive connection closed by the server":
		return s.status == 0 && s.reused && !s.sent.IsZero()
	}
	return false
}

// ok: a 2xx or 3xx answer (a write must be acknowledged with a 303).
func (s sample) ok() bool {
	if s.write {
		return s.status == http.StatusSeeOther
	}
	return s.status >= 200 && s.status < 400
}

// load runs readers and writers against portals, taking them in turn,
// and keeps every sample.
type load struct {
	bases   []string
	tag     string   // distinguishes the titles of this load's writes
	cookies []string // one signed-in session per writer
	detail  string   // the public meeting page readers load
	client  *http.Client

	mu      sync.Mutex
	samples []sample
}

func newLoad(bases []string, tag string, cookies []string, detail string) *load {
	return &load{bases: bases, tag: tag, cookies: cookies, detail: detail, client: newClient()}
}

func newClient() *http.Client {
	return &http.Client{
		Timeout:   30 * time.Second, // longer than the portal's 20 s shutdown
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext},
		// A 303 is the answer we check, not a page to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// run keeps readers and writers busy until stop is closed; requests are
// cancelled only when ctx ends (Ctrl-C).
func (l *load) run(ctx context.Context, stop <-chan struct{}, readers, writers int) {
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() { l.reader(ctx, stop, i) })
	}
	for i := range writers {
		wg.Go(func() { l.writer(ctx, stop, i) })
	}
	wg.Wait()
}

// reader alternates the meetings list in Arabic and a meeting in French.
func (l *load) reader(ctx context.Context, stop <-chan struct{}, n int) {
	paths := []string{"/ar/meetings", l.detail}
	for i := n; !stopped(ctx, stop); i++ {
		s := l.do(ctx, sample{path: paths[i%2], portal: (i / 2) % len(l.bases)}, nil, "")
		l.pause(s)
	}
}

// writer creates meetings, each with a title of its own, as the staff
// account it signed in as.
func (l *load) writer(ctx context.Context, stop <-chan struct{}, n int) {
	for seq := 1; !stopped(ctx, stop); seq++ {
		title := fmt.Sprintf("%s %s-w%d-%d", titlePrefix, l.tag, n, seq)
		form := url.Values{
			"region": {"2"}, "title_ar": {title}, "venue_ar": {venueFor(title)},
			"date": {"2022-01-19"}, "time": {"10:00"}, "format": {"hybrid"},
			"token": {formToken()}, // the one-time token the form page carries
		}
		s := l.do(ctx, sample{write: true, path: "/fr/staff/meetings/new", title: title, portal: (n + seq) % len(l.bases)}, form, l.cookies[n])
		l.pause(s)
	}
}

// titlePrefix starts every title the writers send (a meeting "to test
// faults").
const titlePrefix = "اجتماع لاختبار الأعطال chaos"

func venueFor(title string) string { return "قاعة " + title }

// pause backs off a little after a failure, as a client would, so that a
// portal answering 503 in a millisecond is not spun against.
func (l *load) pause(s sample) {
	if !s.ok() {
		time.Sleep(10 * time.Millisecond)
	}
}

func stopped(ctx context.Context, stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	case <-ctx.Done():
		return true
	default:
		return false
	}
}

// do sends one request (a POST when form is not nil), reads the whole
// answer, checks a 503 is the localized error page, and records it.
func (l *load) do(ctx context.Context, s sample, form url.Values, cookie string) sample {
	// Written by the transport's goroutines.
	var sent atomic.Int64
	var conns atomic.Int32
	var reused atomic.Bool
	trace := &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) {
			if conns.Add(1) == 1 {
				reused.Store(i.Reused)
			}
		},
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				sent.CompareAndSwap(0, time.Now().UnixNano())
			}
		},
	}
	ctx = httptrace.WithClientTrace(ctx, trace)
	method, body := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, body = http.MethodPost, strings.NewReader(form.Encode())
	}
	base := l.bases[s.portal]
	req, err := http.NewRequestWithContext(ctx, method, base+s.path, body)
	if err != nil {
		panic(err) // a bad URL is a bug here
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		req.Header.Set("Cookie", cookie)
	}
	s.start, s.version = time.Now(), -1
	resp, err := l.client.Do(req)
	if err == nil {
		var b []byte
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		s.status = resp.StatusCode
		if s.status == http.StatusServiceUnavailable {
			s.page = checkUnavailablePage(s.path, resp.Header.Get("Content-Type"), string(b))
		}
		if s.status == http.StatusOK && s.path == l.detail {
			s.version = versionShown(string(b))
		}
	}
	s.end, s.err = time.Now(), err
	if ns := sent.Load(); ns != 0 {
		s.sent = time.Unix(0, ns)
	}
	s.reused = reused.Load()
	l.mu.Lock()
	l.samples = append(l.samples, s)
	l.mu.Unlock()
	return s
}

// The heading of the 503 page, in each language.
var unavailableHeading = map[string]string{
	"ar": "الخدمة غير متاحة مؤقتا",
	"fr": "Service momentanément indisponible",
}

// checkUnavailablePage says why a 503 answer is not the portal's error
// page in the language of the path ("" when it is).
func checkUnavailablePage(path, contentType, body string) string {
	lang := strings.Split(strings.TrimPrefix(path, "/"), "/")[0]
	switch {
	case !strings.HasPrefix(contentType, "text/html"):
		return "not HTML (" + contentType + ")"
	case !strings.Contains(body, `lang="`+lang+`"`):
		return `no lang="` + lang + `"`
	case !strings.Contains(body, unavailableHeading[lang]):
		return "no " + lang + " heading"
	case strings.Count(body, "<html") > 1:
		return "followed by a second HTML document"
	case !strings.HasSuffix(strings.TrimSpace(body), "</html>"):
		return "followed by " + strconv.Quote(trailer(body))
	}
	return ""
}

// trailer is what follows the first HTML document in body, shortened.
func trailer(body string) string {
	_, after, _ := strings.Cut(body, "</html>")
	after = strings.TrimSpace(after)
	if len(after) > 60 {
		after = after[:60] + "..."
	}
	return after
}

// all returns the samples recorded so far.
func (l *load) all() []sample {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]sample(nil), l.samples...)
}

// failure names what went wrong with a request that is neither a success
// nor a localized 503 ("" for those).
func failure(s sample) string {
	switch {
	case s.err != nil:
		return errKind(s.err)
	case s.ok():
		return ""
	case s.status == http.StatusServiceUnavailable && s.page == "":
		return ""
	case s.status == http.StatusServiceUnavailable:
		method := "GET"
		if s.write {
			method = "POST"
		}
		return "503 page " + s.page + " (" + method + " " + s.path + ")"
	}
	return fmt.Sprintf("HTTP %d", s.status)
}

// errKind sorts client errors into a few kinds ("" for no error).
func errKind(err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case strings.Contains(err.Error(), "server closed idle connection"):
		return "keep-alive connection closed by the server"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed (EOF)"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return err.Error()
}

// readyz polls /readyz and /healthz every 100 ms until stop is closed.
type readyz struct {
	mu    sync.Mutex
	polls []poll
}

type poll struct {
	at     time.Time // when the answers came
	ready  int       // status of /readyz, 0: no answer
	health int       // status of /healthz, 0: no answer
}

func (r *readyz) run(ctx context.Context, stop <-chan struct{}, base string) {
	client := &http.Client{Timeout: 3 * time.Second}
	get := func(path string) int {
		resp, err := client.Get(base + path)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for !stopped(ctx, stop) {
		start := time.Now()
		p := poll{ready: get("/readyz"), health: get("/healthz")}
		p.at = time.Now()
		r.mu.Lock()
		r.polls = append(r.polls, p)
		r.mu.Unlock()
		time.Sleep(time.Until(start.Add(100 * time.Millisecond)))
	}
}

func (r *readyz) all() []poll {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]poll(nil), r.polls...)
}

// versionMark precedes the number the public writer puts in the detail
// meeting's French title (standbyPhase).
const versionMark = "chaos version "

// versionShown is the version a detail page shows (-1: none).
func versionShown(body string) int {
	_, after, ok := strings.Cut(body, versionMark)
	if !ok {
		return -1
	}
	end := strings.IndexFunc(after, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(after)
	}
	n, err := strconv.Atoi(after[:end])
	if err != nil {
		return -1
	}
	return n
}

// formToken is a create form's one-time token, as the portal makes one
// for the page: 16 random bytes, base64url.
func formToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
