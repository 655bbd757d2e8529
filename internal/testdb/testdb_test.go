package testdb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) {
	testdb.Main(m, func(ctx context.Context, databaseURL string) error {
		conn, err := pgx.Connect(ctx, databaseURL)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, `
			CREATE TABLE greeting (id int PRIMARY KEY, text text NOT NULL);
			INSERT INTO greeting VALUES (1, 'مرحبا');`)
		return err
	})
}

func count(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM greeting").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTemplateContent(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	var text string
	if err := pool.QueryRow(t.Context(), "SELECT text FROM greeting WHERE id = 1").Scan(&text); err != nil {
		t.Fatal(err)
	}
	if text != "مرحبا" {
		t.Fatalf("text = %q", text)
	}
}

func TestIndependent(t *testing.T) {
	t.Parallel()
	a, b := testdb.New(t), testdb.New(t)
	if _, err := a.Exec(t.Context(), "INSERT INTO greeting VALUES (2, 'bonjour')"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Exec(t.Context(), "DELETE FROM greeting"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, a); n != 2 {
		t.Errorf("a: %d rows, want 2", n)
	}
	if n := count(t, b); n != 0 {
		t.Errorf("b: %d rows, want 0", n)
	}
	var da, db string
	a.QueryRow(t.Context(), "SELECT current_database()").Scan(&da)
	b.QueryRow(t.Context(), "SELECT current_database()").Scan(&db)
	if da == db {
		t.Fatalf("both pools on %s", da)
	}
}

func TestParallel(t *testing.T) {
	t.Parallel()
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			pool := testdb.New(t)
			if _, err := pool.Exec(t.Context(), "INSERT INTO greeting VALUES ($1, 'x')", 100+i); err != nil {
				t.Fatal(err)
			}
			if n := count(t, pool); n != 2 {
				t.Fatalf("%d rows, want 2", n)
			}
		})
	}
}

func TestURLAndDrop(t *testing.T) {
	var name string
	t.Run("inner", func(t *testing.T) {
		conn, err := pgx.Connect(t.Context(), testdb.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if err := conn.QueryRow(t.Context(), "SELECT current_database()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(name, "test_") {
			t.Fatalf("database %q", name)
		}
		// The connection is still open when the cleanup drops the
		// database: WITH (FORCE) must cope.
	})
	admin, err := pgx.Connect(t.Context(), testdb.AdminURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var exists, template bool
	if err := admin.QueryRow(t.Context(), "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("database %s not dropped", name)
	}
	if err := admin.QueryRow(t.Context(), "SELECT bool_or(datistemplate) FROM pg_database WHERE datname LIKE 'template_tachawor%'").Scan(&template); err != nil {
		t.Fatal(err)
	}
	if !template {
		t.Error("no template_tachawor template database")
	}
}

// The standby holds a test's database once caught up, follows what the
// primary writes, and answers with what it had when its replay is paused.
func TestStandby(t *testing.T) {
	u := testdb.URL(t)
	sb := testdb.GetStandby(t)
	standby, err := pgxpool.New(t.Context(), sb.URL(t, u))
	if err != nil {
		t.Fatal(err)
	}
	defer standby.Close()
	primary, err := pgxpool.New(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	if n := count(t, standby); n != 1 {
		t.Fatalf("standby: %d rows", n)
	}
	sb.PauseReplay(t)
	if _, err := primary.Exec(t.Context(), "INSERT INTO greeting VALUES (2, 'x')"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := count(t, standby); n != 1 {
		t.Fatalf("standby paused: %d rows", n)
	}
	sb.ResumeReplay(t)
	sb.CatchUp(t)
	if n := count(t, standby); n != 2 {
		t.Fatalf("standby resumed: %d rows", n)
	}
}
