package mail_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"tachawor/internal/auth"
	"tachawor/internal/config"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	tmail "tachawor/internal/mail"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
	"tachawor/locales"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

// received is a mail the test server accepted.
type received struct {
	from string
	to   []string
	data []byte
}

// smtpServer is a real SMTP server (emersion/go-smtp) on the loopback,
// requiring PLAIN authentication, that keeps what it receives.
type smtpServer struct {
	mu     sync.Mutex
	mails  []received
	srv    *smtp.Server
	addr   string
	user   string
	pass   string
	refuse string // a recipient refused for good
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }

type session struct {
	srv    *smtpServer
	authed bool
	cur    received
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != ss.srv.user || pass != ss.srv.pass {
			return errors.New("invalid credentials")
		}
		ss.authed = true
		return nil
	}), nil
}
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.cur.from = from
	return nil
}
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == ss.srv.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	ss.cur.to = append(ss.cur.to, to)
	return nil
}
func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.cur.data = b
	ss.srv.mu.Lock()
	ss.srv.mails = append(ss.srv.mails, ss.cur)
	ss.srv.mu.Unlock()
	return nil
}
func (ss *session) Reset()        { ss.cur = received{} }
func (ss *session) Logout() error { return nil }

// start listens on addr ("127.0.0.1:0" for a new port).
func (s *smtpServer) start(t *testing.T, addr string) {
	t.Helper()
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // the loopback; the client still refuses PLAIN elsewhere without TLS
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	var ln net.Listener
	var err error
	for range 50 { // the port of a server just stopped may take a moment to free
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.srv, s.addr = srv, ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

func (s *smtpServer) stop() { s.srv.Close() }

func (s *smtpServer) all() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

type env struct {
	db     *store.DB
	a      *auth.Accounts
	worker *tmail.Worker
	server *smtpServer
	logs   *bytes.Buffer
	cfg    config.SMTP
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := &smtpServer{user: "portail", pass: "secret-de-smtp"}
	s.start(t, "127.0.0.1:0")
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "smtp-password")
	if err := os.WriteFile(pwFile, []byte(s.pass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Credentials: the user in the URL, the password in a file.
	cfg, err := config.ParseSMTP("smtp://portail@"+s.addr, pwFile, "Tachawor <tachawor@social.gov.ma>", "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	db := store.New(testdb.New(t)).SendingMail()
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Africa/Casablanca")
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(&lockedBuffer{b: logs}, nil))
	return &env{db: db, a: auth.NewAccounts(db), server: s, logs: logs, cfg: *cfg,
		worker: tmail.NewWorker(db, catalog, "http://portal.test", loc, tmail.NewSMTP(*cfg), log)}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (e *env) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func (e *env) user(t *testing.T, email string, role domain.Role, region int16) domain.User {
	t.Helper()
	u, err := e.a.CreateUser(context.Background(), "", domain.NewUser{Email: email, Role: role, RegionID: region}, "une phrase de passe assez longue", 0)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// in returns ctx as a page in lang would carry it.
func in(lang i18n.Lang) context.Context {
	catalog, _ := i18n.NewCatalog(locales.FS)
	return i18n.WithLocalizer(context.Background(), catalog.For(lang))
}

// parsed reads a received mail: its headers and decoded body.
func parsed(t *testing.T, r received) (*mail.Message, string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(r.data))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	if enc := m.Header.Get("Content-Transfer-Encoding"); strings.EqualFold(enc, "quoted-printable") {
		body = decodeQP(t, body)
	}
	return m, string(body)
}

func subject(t *testing.T, m *mail.Message) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestInvitationResetAndAnswerAreMailedInTheRecipientsLanguage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.user(t, "admin@social.gov.ma", domain.RoleAdmin, 0)

	// An invitation made from a French page.
	token, _, err := e.a.CreateInvitation(in(i18n.French), "", admin.ID, "karim@region.ma", domain.RoleRegional, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A reset link for an account that last signed in in Arabic.
	staff := e.user(t, "amina@social.gov.ma", domain.RoleStaff, 0)
	if _, err := e.a.Authenticate(in(i18n.Arabic), "amina@social.gov.ma", "une phrase de passe assez longue", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	resetToken, _, err := e.a.CreatePasswordReset(ctx, admin.ID, staff.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	// An expectation a regional official wrote, answered by staff.
	official := e.user(t, "wali@region.ma", domain.RoleRegional, 2)
	if _, err := e.a.Authenticate(in(i18n.French), "wali@region.ma", "une phrase de passe assez longue", "192.0.2.2"); err != nil {
		t.Fatal(err)
	}
	id, err := e.db.CreateExpectation(ctx, "", domain.ExpectationInput{RegionID: 2, Title: domain.Text{AR: "دور الحضانة", FR: "Crèches de proximité"},
		Description: domain.Text{AR: "وصف"}, Priority: 2, AxisIDs: []int32{1}}, official.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SubmitExpectation(ctx, id, 1, official.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.db.DecideExpectation(ctx, id, 2, domain.Decision{Status: domain.StatusNotRetained, Answer: domain.Text{AR: "جواب", FR: "Réponse"}}, staff.ID); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL`); n != 3 {
		t.Fatalf("%d mails waiting, want 3", n)
	}

	sent, err := e.worker.SendDue(ctx)
	if err != nil || sent != 3 {
		t.Fatalf("SendDue: %d, %v\n%s", sent, err, e.logs)
	}
	mails := e.server.all()
	if len(mails) != 3 {
		t.Fatalf("the server received %d mails", len(mails))
	}
	byTo := map[string]received{}
	for _, m := range mails {
		if len(m.to) != 1 || m.from != "tachawor@social.gov.ma" {
			t.Errorf("envelope %s -> %v", m.from, m.to)
		}
		byTo[m.to[0]] = m
	}
	for _, c := range []struct {
		to, subject string
		body        []string
	}{
		{"karim@region.ma", "Votre invitation au portail Tachawor", []string{"http://portal.test/fr/invitations/" + token, "responsable régional"}},
		{"amina@social.gov.ma", "اختر كلمة مرور جديدة لبوابة تشاور", []string{"http://portal.test/ar/reset/" + resetToken}},
		{"wali@region.ma", "Une attente de votre région a reçu une réponse", []string{"«\u00a0Crèches de proximité\u00a0»", "http://portal.test/fr/staff/expectations/"}},
	} {
		r, ok := byTo[c.to]
		if !ok {
			t.Errorf("no mail to %s", c.to)
			continue
		}
		m, body := parsed(t, r)
		if got := subject(t, m); got != c.subject {
			t.Errorf("to %s: subject %q, want %q", c.to, got, c.subject)
		}
		if !strings.Contains(m.Header.Get("Content-Type"), "charset=UTF-8") {
			t.Errorf("to %s: Content-Type %q", c.to, m.Header.Get("Content-Type"))
		}
		for _, want := range c.body {
			if !strings.Contains(body, want) {
				t.Errorf("to %s: body lacks %q:\n%s", c.to, want, body)
			}
		}
		if strings.Contains(body, "[[") {
			t.Errorf("to %s: a message is missing from the catalogue:\n%s", c.to, body)
		}
	}
	// Sent: the links are forgotten; nothing is sent twice; the logs hold no token.
	if n := e.count(t, `SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL AND params = '{}' AND attempts = 1`); n != 3 {
		t.Errorf("%d mails marked sent and emptied", n)
	}
	if sent, _ := e.worker.SendDue(ctx); sent != 0 || len(e.server.all()) != 3 {
		t.Errorf("sent again: %d", sent)
	}
	for _, secret := range []string{token, resetToken, e.server.pass} {
		if strings.Contains(e.logs.String(), secret) {
			t.Errorf("the logs hold a secret: %s", e.logs.String())
		}
	}
	if strings.Count(e.logs.String(), "mail sent") != 3 {
		t.Errorf("attempts not logged: %s", e.logs.String())
	}
}

// TestMailServerAwayAndBack: while the server is away nothing is lost;
// the attempt is logged and retried later, and goes out once it is back.
func TestMailServerAwayAndBack(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.user(t, "admin@social.gov.ma", domain.RoleAdmin, 0)
	addr := e.server.addr
	e.server.stop()

	token, _, err := e.a.CreateInvitation(in(i18n.Arabic), "", admin.ID, "later@social.gov.ma", domain.RoleStaff, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= 2; attempt++ {
		if sent, err := e.worker.SendDue(ctx); err != nil || sent != 0 {
			t.Fatalf("attempt %d with the server away: %d, %v", attempt, sent, err)
		}
		var attempts int
		var later bool
		var lastErr string
		if err := e.db.Pool().QueryRow(ctx, `SELECT attempts, next_attempt_at > now() + make_interval(secs => $1), last_error FROM mail_outbox`,
			(tmail.RetryWait(attempt)-5*time.Second).Seconds()).Scan(&attempts, &later, &lastErr); err != nil {
			t.Fatal(err)
		}
		if attempts != attempt || !later || lastErr == "" || e.count(t, `SELECT count(*) FROM mail_outbox WHERE params->>'token' <> ''`) != 1 {
			t.Fatalf("after attempt %d: %d attempts, retry later %v, last error %q", attempt, attempts, later, lastErr)
		}
		// Not due again before its retry time ...
		if sent, _ := e.worker.SendDue(ctx); sent != 0 || e.count(t, `SELECT attempts FROM mail_outbox`) != attempt {
			t.Fatal("retried before its time")
		}
		// ... which comes (the clock moved on).
		e.db.Pool().Exec(ctx, `UPDATE mail_outbox SET next_attempt_at = now()`)
	}
	if tmail.RetryWait(1) != tmail.FirstRetry || tmail.RetryWait(2) != 2*tmail.FirstRetry || tmail.RetryWait(100) != tmail.MaxRetryWait {
		t.Error("RetryWait")
	}
	if !strings.Contains(e.logs.String(), "will retry") || strings.Contains(e.logs.String(), token) {
		t.Errorf("the failed attempts are not logged, or with the token: %s", e.logs.String())
	}

	// The server comes back on the same address.
	e.server.start(t, addr)
	if sent, err := e.worker.SendDue(ctx); err != nil || sent != 1 {
		t.Fatalf("with the server back: %d, %v", sent, err)
	}
	mails := e.server.all()
	if len(mails) != 1 || mails[0].to[0] != "later@social.gov.ma" {
		t.Fatalf("received %+v", mails)
	}
	if _, body := parsed(t, mails[0]); !strings.Contains(body, "http://portal.test/ar/invitations/"+token) {
		t.Errorf("body %s", body)
	}
	if n := e.count(t, `SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL AND attempts = 3`); n != 1 {
		t.Error("not marked sent after its third attempt")
	}
}

// TestMailRefusals: a wrong password is retried (the configuration may be
// fixed); a recipient the server refuses for good is given up at once; the
// mail of a change that fails is never written; without SMTP_URL nothing is.
func TestMailRefusals(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.user(t, "admin@social.gov.ma", domain.RoleAdmin, 0)

	e.server.refuse = "gone@social.gov.ma"
	if _, _, err := e.a.CreateInvitation(ctx, "", admin.ID, "gone@social.gov.ma", domain.RoleStaff, 0, 0); err != nil {
		t.Fatal(err)
	}
	if sent, err := e.worker.SendDue(ctx); err != nil || sent != 0 {
		t.Fatalf("%d, %v", sent, err)
	}
	if n := e.count(t, `SELECT count(*) FROM mail_outbox WHERE failed_at IS NOT NULL AND params = '{}' AND last_error LIKE '%550%'`); n != 1 {
		t.Errorf("a refused recipient is not given up: %d", n)
	}

	wrong := e.cfg
	wrong.Password = "not the password"
	catalog, _ := i18n.NewCatalog(locales.FS)
	w := tmail.NewWorker(e.db, catalog, "http://portal.test", time.UTC, tmail.NewSMTP(wrong), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, _, err := e.a.CreateInvitation(ctx, "", admin.ID, "other@social.gov.ma", domain.RoleStaff, 0, 0); err != nil {
		t.Fatal(err)
	}
	if sent, err := w.SendDue(ctx); err != nil || sent != 0 {
		t.Fatalf("wrong password: %d, %v", sent, err)
	}
	if n := e.count(t, `SELECT count(*) FROM mail_outbox WHERE recipient = 'other@social.gov.ma' AND sent_at IS NULL AND failed_at IS NULL AND attempts = 1`); n != 1 {
		t.Error("a refused authentication is not retried")
	}

	// A change refused: no mail.
	before := e.count(t, `SELECT count(*) FROM mail_outbox`)
	if _, _, err := e.a.CreateInvitation(ctx, "", admin.ID, "admin@social.gov.ma", domain.RoleStaff, 0, 0); domain.ErrorMessage(err) != "email_taken" {
		t.Fatal(err)
	}
	if e.count(t, `SELECT count(*) FROM mail_outbox`) != before {
		t.Error("a refused invitation wrote a mail")
	}

	// Without SMTP_URL (a DB not SendingMail), nothing is written.
	plain := store.New(e.db.Pool())
	if _, _, err := auth.NewAccounts(plain).CreateInvitation(ctx, "", admin.ID, "quiet@social.gov.ma", domain.RoleStaff, 0, 0); err != nil {
		t.Fatal(err)
	}
	if e.count(t, `SELECT count(*) FROM mail_outbox WHERE recipient = 'quiet@social.gov.ma'`) != 0 {
		t.Error("a mail written without SMTP_URL")
	}
}

// TestTwoWorkersSendEachMailOnce: two portal processes share the outbox.
func TestTwoWorkersSendEachMailOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.user(t, "admin@social.gov.ma", domain.RoleAdmin, 0)
	const n = 30
	for i := range n {
		if _, _, err := e.a.CreateInvitation(ctx, "", admin.ID, "guest"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@social.gov.ma", domain.RoleStaff, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	catalog, _ := i18n.NewCatalog(locales.FS)
	other := tmail.NewWorker(e.db, catalog, "http://portal.test", time.UTC, tmail.NewSMTP(e.cfg), slog.New(slog.NewTextHandler(io.Discard, nil)))
	var wg sync.WaitGroup
	var a, b int
	wg.Go(func() { a, _ = e.worker.SendDue(ctx) })
	wg.Go(func() { b, _ = other.SendDue(ctx) })
	wg.Wait()
	if a+b != n || len(e.server.all()) != n {
		t.Fatalf("sent %d + %d, server received %d; want %d once each", a, b, len(e.server.all()), n)
	}
	seen := map[string]bool{}
	for _, m := range e.server.all() {
		if seen[m.to[0]] {
			t.Errorf("%s received twice", m.to[0])
		}
		seen[m.to[0]] = true
	}
}

func TestParseSMTP(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("from-the-file\r\n"), 0o600)
	for _, c := range []struct {
		url, file, from string
		want            config.SMTP
	}{
		{"smtps://user:p%40ss@mail.example.ma", "", "", config.SMTP{Host: "mail.example.ma", Port: 465, TLS: true, Username: "user", Password: "p@ss", From: "<noreply@portal.test>"}},
		{"smtp://relay.example.ma:25", "", "Portail <portail@social.gov.ma>", config.SMTP{Host: "relay.example.ma", Port: 25, From: `"Portail" <portail@social.gov.ma>`}},
		{"smtp://user:url-password@relay.example.ma", pw, "", config.SMTP{Host: "relay.example.ma", Port: 587, Username: "user", Password: "from-the-file", From: "<noreply@portal.test>"}},
	} {
		got, err := config.ParseSMTP(c.url, c.file, c.from, "https://portal.test")
		if err != nil || *got != c.want {
			t.Errorf("ParseSMTP(%q) = %+v, %v; want %+v", c.url, got, err, c.want)
		}
	}
	for _, bad := range []string{"http://mail.example.ma", "smtp://", "smtp://host:99999", "smtp://host/path", "mail.example.ma"} {
		if _, err := config.ParseSMTP(bad, "", "", "https://portal.test"); err == nil {
			t.Errorf("ParseSMTP(%q) accepted", bad)
		}
	}
	if _, err := config.ParseSMTP("smtp://host", filepath.Join(dir, "missing"), "", "https://portal.test"); err == nil {
		t.Error("a missing password file accepted")
	}
	if _, err := config.ParseSMTP("smtp://host", "", "not an address", "https://portal.test"); err == nil {
		t.Error("a bad MAIL_FROM accepted")
	}
}

func decodeQP(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
