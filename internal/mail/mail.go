// Package mail sends the portal's e-mail: invitations, password reset
// links and "your expectation was answered" notices, each in its
// recipient's language.
//
// A mail is written into the outbox (store.EnqueueMail) in the
// transaction of the change it tells about, so that it exists if and only
// if the change does. A Worker, in every portal process, claims the mails
// that are due (PostgreSQL's SKIP LOCKED keeps two processes off the same
// mail), composes each from the message catalogue and sends it through
// the SMTP server of config.SMTP with wneessen/go-mail. A failed attempt
// is retried later, at growing intervals, for about two days: nothing is
// lost while the mail server is away. Every attempt is logged, never with
// the mail's content (it may carry a one-time link), and a mail's content
// is forgotten once it is sent.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"tachawor/internal/config"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
)

// Message is a composed mail.
type Message struct {
	To, Subject, Body string
}

// Sender sends a composed mail.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through an SMTP server.
type SMTP struct {
	cfg     config.SMTP
	timeout time.Duration
}

// NewSMTP sends through the server of cfg.
func NewSMTP(cfg config.SMTP) *SMTP { return &SMTP{cfg: cfg, timeout: 30 * time.Second} }

// Send sends m, as UTF-8 plain text, in one SMTP session.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("sender: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.timeout)}
	if s.cfg.TLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.cfg.Username != "" {
		// The strongest mechanism the server offers; PLAIN and LOGIN only
		// over TLS, or to a relay on this machine.
		opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256PLUS, gomail.SMTPAuthSCRAMSHA256,
			gomail.SMTPAuthSCRAMSHA1, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}

// Retries: the n-th failed attempt waits FirstRetry doubled n-1 times, at
// most MaxRetryWait, and a mail is given up after MaxAttempts.
const (
	FirstRetry   = 30 * time.Second
	MaxRetryWait = time.Hour
	MaxAttempts  = 56 // about two days
	lease        = 2 * time.Minute
	batch        = 20
)

// RetryWait is how long to wait after the attempt-th failed attempt.
func RetryWait(attempt int) time.Duration {
	if attempt > 20 {
		return MaxRetryWait
	}
	return min(FirstRetry<<max(attempt-1, 0), MaxRetryWait)
}

// Worker sends the outbox's mails.
type Worker struct {
	db      *store.DB
	catalog *i18n.Catalog
	baseURL string
	loc     *time.Location
	send    Sender
	log     *slog.Logger
}

// NewWorker sends db's outbox through send, composing with catalog; links
// start with baseURL; dates are in loc.
func NewWorker(db *store.DB, catalog *i18n.Catalog, baseURL string, loc *time.Location, send Sender, log *slog.Logger) *Worker {
	return &Worker{db: db, catalog: catalog, baseURL: baseURL, loc: loc, send: send, log: log}
}

// Retention is how long the outbox keeps a mail sent or given up (its
// recipient, kind and outcome; its content is forgotten at once).
const Retention = 30 * 24 * time.Hour

// Run sends what is due every interval until ctx ends, and once an hour
// deletes the mails older than Retention.
func (w *Worker) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var purged time.Time
	for {
		if _, err := w.SendDue(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("mail: reading the outbox", "err", err)
		}
		if time.Since(purged) > time.Hour {
			if _, err := w.db.DeleteOldMail(ctx, time.Now().Add(-Retention)); err != nil && ctx.Err() == nil {
				w.log.Error("mail: purging the outbox", "err", err)
			}
			purged = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue sends the mails that are due, batch after batch, and returns
// how many were sent.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	sent := 0
	for {
		due, err := w.db.ClaimMail(ctx, batch, lease)
		if err != nil {
			return sent, err
		}
		if len(due) == 0 {
			return sent, nil
		}
		for _, m := range due {
			ok, err := w.attempt(ctx, m)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(due) < batch {
			return sent, nil
		}
	}
}

// attempt sends one mail and records the outcome; false when it failed.
func (w *Worker) attempt(ctx context.Context, m store.OutboxMail) (bool, error) {
	log := w.log.With("mail_id", m.ID, "kind", m.Kind, "attempt", m.Attempts)
	msg, err := w.compose(m)
	if err == nil {
		err = w.send.Send(ctx, msg)
	}
	if err == nil {
		log.Info("mail sent")
		return true, w.db.MailSent(ctx, m.ID)
	}
	if ctx.Err() != nil {
		return false, ctx.Err() // shutting down: the lease ends and another attempt follows
	}
	giveUp := m.Attempts >= MaxAttempts || permanent(err)
	next := time.Now().Add(RetryWait(m.Attempts))
	if giveUp {
		log.Error("mail given up", "err", err)
	} else {
		log.Warn("mail not sent, will retry", "err", err, "retry_in", RetryWait(m.Attempts).String())
	}
	return false, w.db.MailFailed(ctx, m.ID, err.Error(), next, giveUp)
}

// permanent reports whether retrying cannot help: the mail cannot be
// composed, or the server refused its recipient for good.
func permanent(err error) bool {
	if errors.Is(err, errCompose) {
		return true
	}
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrSMTPRcptTo && !se.IsTemp()
}

var errCompose = errors.New("cannot compose")

// compose writes m in its language from the catalogue.
func (w *Worker) compose(m store.OutboxMail) (Message, error) {
	lang, ok := i18n.ParseLang(m.Lang)
	if !ok {
		return Message{}, fmt.Errorf("%w: language %q", errCompose, m.Lang)
	}
	l := w.catalog.For(lang)
	p := m.Params
	at := func(key string) string {
		t, err := time.Parse(time.RFC3339, p[key])
		if err != nil {
			return ""
		}
		return l.DateTime(t.In(w.loc))
	}
	base := w.baseURL + "/" + string(lang)
	var subject, body string
	switch m.Kind {
	case store.MailInvitation:
		subject = l.T("mail_invitation_subject")
		body = l.TData("mail_invitation_body", map[string]any{"Link": base + "/invitations/" + p["token"],
			"Role": l.T("role_" + p["role"]), "Expires": at("expires_at")})
	case store.MailPasswordReset:
		subject = l.T("mail_reset_subject")
		body = l.TData("mail_reset_body", map[string]any{"Link": base + "/reset/" + p["token"], "Expires": at("expires_at")})
	case store.MailExpectationAnswered:
		if _, err := strconv.ParseInt(p["id"], 10, 64); err != nil {
			return Message{}, fmt.Errorf("%w: expectation id %q", errCompose, p["id"])
		}
		subject = l.T("mail_answered_subject")
		body = l.TData("mail_answered_body", map[string]any{"Title": p["title"],
			"Status": l.T("expectation_status_" + p["status"]), "Link": base + "/staff/expectations/" + p["id"]})
	default:
		return Message{}, fmt.Errorf("%w: unknown kind %q", errCompose, m.Kind)
	}
	return Message{To: m.To, Subject: subject, Body: body + "\n\n-- \n" + l.T("mail_signature") + "\n" + w.baseURL + "/" + string(lang) + "/\n"}, nil
}
