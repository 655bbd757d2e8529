package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/config"
	"tachawor/internal/i18n"
	"tachawor/internal/server"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
	"tachawor/locales"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare, browser.Close) }

// env is a portal on its own fresh database.
type env struct {
	h    http.Handler
	db   *store.DB
	logs *strings.Builder
}

func newEnvWithPool(t *testing.T, pool *pgxpool.Pool, demo bool) *env {
	t.Helper()
	db := store.New(pool)
	if demo {
		if _, err := db.LoadDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	srv, err := server.New(testConfig(), db, catalog, slog.New(slog.NewTextHandler(&syncWriter{b: logs}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return &env{h: srv.Handler(), db: db, logs: logs}
}

func testConfig() config.Config {
	return config.Config{Addr: "127.0.0.1:0", BaseURL: "http://portal.test", LogFormat: "text", Limits: config.DefaultLimits()}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newEnv(t *testing.T, demo bool) *env { return newEnvWithPool(t, testdb.New(t), demo) }

type syncWriter struct{ b *strings.Builder }

func (w *syncWriter) Write(p []byte) (int, error) { return w.b.Write(p) }

// do sends a request through the whole handler (middleware included).
func (e *env) do(t *testing.T, method, path string, header map[string]string, body io.Reader) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Result()
}

func (e *env) get(t *testing.T, path string) *http.Response {
	t.Helper()
	return e.do(t, http.MethodGet, path, nil, nil)
}

// page gets path and parses its HTML, failing unless the status is want.
func (e *env) page(t *testing.T, path string, want int) *goquery.Document {
	t.Helper()
	res := e.get(t, path)
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: status %d, want %d\n%.600s", path, res.StatusCode, want, b)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func text(s *goquery.Selection) string { return flat(s.Text()) }

// flat collapses the spaces of s, no-break ones included, as text does.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func (e *env) id(t *testing.T, sql string) int64 {
	t.Helper()
	var id int64
	if err := e.db.Pool().QueryRow(context.Background(), sql).Scan(&id); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}
