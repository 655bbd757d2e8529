// Package server is the portal's HTTP side: every route in routes.go,
// middleware, and one file per feature whose handlers parse and validate
// input, call the store, build a view model and render a templ page.
package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"

	"tachawor/internal/auth"
	"tachawor/internal/config"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/pagecache"
	"tachawor/internal/store"
	"tachawor/web/layout"
	"tachawor/web/static"
)

// Server holds what handlers need.
type Server struct {
	cfg      config.Config
	db       *store.DB
	catalog  *i18n.Catalog
	log      *slog.Logger
	assets   *static.Assets
	loc      *time.Location
	sessions *auth.Sessions
	accounts *auth.Accounts
	draining atomic.Bool

	pages      *pagecache.Cache // anonymous readers' public pages
	searchGate *gate
	exportGate *gate
	searchRate *rateLimit
	tarpit     chan struct{} // requests held before their 429 (limits.go)
}

// PageCache returns the cache of public pages, for the process to attach
// its listener (pagecache.NewListener): until then nothing is cached.
func (s *Server) PageCache() *pagecache.Cache { return s.pages }

// Drain has every response from now on ask the client to close its
// connection, so that the keep-alive connections close on their own before
// a shutdown rather than being cut while a request is arriving on them.
func (s *Server) Drain() { s.draining.Store(true) }

// closeWhenDraining sets Connection: close while the server drains.
func (s *Server) closeWhenDraining(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.draining.Load() {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, r)
	})
}

// New builds the server.
func New(cfg config.Config, db *store.DB, catalog *i18n.Catalog, log *slog.Logger) (*Server, error) {
	assets, err := static.New()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, catalog: catalog, log: log, assets: assets, loc: loc,
		sessions: auth.NewSessions(db, cfg.Secure()), accounts: auth.NewAccounts(db),
		pages:      pagecache.New(cfg.PageCacheBytes),
		searchGate: newGate(cfg.SearchConcurrency, cfg.SearchQueue, gateWait),
		exportGate: newGate(cfg.ExportConcurrency, cfg.ExportQueue, gateWait),
		searchRate: newRateLimit(cfg.SearchRate, time.Minute), tarpit: make(chan struct{}, tarpitMax)}
	s.sessions.SetErrorHandler(s.Error, func(r *http.Request, err error) {
		s.log.WarnContext(r.Context(), "session not saved", "err", err, "path", r.URL.Path,
			"request_id", middleware.GetReqID(r.Context()))
	})
	return s, nil
}

// RunCleanup deletes expired sessions and old sign-in attempts every few
// minutes, and every hour the tokens of create forms older than a day and
// the commenters' addresses older than the privacy notice says, until ctx
// ends.
func (s *Server) RunCleanup(ctx context.Context) {
	go func() {
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			if err := s.db.PurgeFormTokens(ctx, formTokenLife); err != nil && ctx.Err() == nil {
				s.log.Error("purging form tokens", "err", err)
			}
			if _, _, err := s.db.ForgetCommenters(ctx, domain.CommentIPRetention, domain.CommentEmailRetention); err != nil && ctx.Err() == nil {
				s.log.Error("erasing commenters' addresses", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	s.accounts.RunCleanup(ctx, 10*time.Minute, func(err error) { s.log.Error("cleaning up sessions", "err", err) })
}

// formTokenLife is how long a create form's token is remembered: the same
// form posted again within it creates no second record.
const formTokenLife = 24 * time.Hour

// lang returns the reader's language from the request context.
func lang(r *http.Request) i18n.Lang { return i18n.FromContext(r.Context()).Lang }

// tr translates id in the reader's language.
func tr(r *http.Request, id string) string { return i18n.FromContext(r.Context()).T(id) }

// page builds the layout's view of the current page: its title, its path
// under the language prefix (for the language switch, canonical and
// hreflang links) and its place in the navigation.
func page(r *http.Request, title, nav string, crumbs ...layout.Crumb) layout.Page {
	path := strings.TrimPrefix(r.URL.Path, "/"+string(lang(r)))
	if path == "" {
		path = "/"
	}
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	if len(crumbs) > 0 {
		crumbs = append([]layout.Crumb{{Label: tr(r, "nav_home"), Href: "/" + string(lang(r)) + "/"}}, crumbs...)
	}
	return layout.Page{Title: title, Path: path, Nav: nav, Crumbs: crumbs}
}

// crumb is a breadcrumb to path under the reader's language.
func crumb(r *http.Request, label, path string) layout.Crumb {
	if path == "" {
		return layout.Crumb{Label: label}
	}
	return layout.Crumb{Label: label, Href: "/" + string(lang(r)) + path}
}

// render writes a page with status. It renders into a buffer first so that
// a failing template never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// withSite adds what every page shares to the request context.
func (s *Server) withSite(ctx context.Context) context.Context {
	return layout.WithSite(ctx, layout.Site{
		BaseURL: s.cfg.BaseURL,
		CSS:     s.assets.Path("app.css"),
		Logo:    s.assets.Path("logo.svg"),
		Loc:     s.loc,
	})
}
