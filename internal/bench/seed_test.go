package bench_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/auth"
	"tachawor/internal/bench"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

var passwordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword("bench password, not a secret")
	if err != nil {
		panic(err)
	}
	return h
})

func tiny() bench.Scale {
	return bench.Scale{Officials: 20, Meetings: 20, Agreements: 60, Expectations: 100, Commitments: 84,
		Accounts: 10, Comments: 30, PasswordHash: passwordHash()}
}

func count(t *testing.T, pool *pgxpool.Pool, sql string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func seed(t *testing.T, pool *pgxpool.Pool, s bench.Scale) bench.Result {
	t.Helper()
	res, err := bench.Seed(t.Context(), pool, s)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSeed(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	db := store.New(pool)
	if _, err := db.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	res := seed(t, pool, tiny())

	got := map[string]int64{}
	for _, c := range res.Counts {
		got[c.Table] = c.Rows
	}
	for table, want := range map[string]int64{"provinces": 75, "officials": 20, "meetings": 20, "agreements": 60,
		"expectations": 100, "commitments": 84, "users": 10} {
		if got[table] != want {
			t.Errorf("%s: %d generated, want %d", table, got[table], want)
		}
	}
	// The schema may or may not have its comments table yet.
	if count(t, pool, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'comments'`) == 0 {
		if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "no comments table") {
			t.Errorf("notes = %q, want one about the missing comments table", res.Notes)
		}
	} else {
		if got["comments"] != 30 {
			t.Errorf("comments: %d generated, want 30 (notes %q)", got["comments"], res.Notes)
		}
		if n := count(t, pool, `SELECT count(*) FROM comments WHERE status = 'approved'`); n == 0 {
			t.Error("no approved comment")
		}
	}

	checks := []struct {
		what string
		sql  string
		want int
	}{
		{"generated records not marked demo", `SELECT (SELECT count(*) FROM meetings WHERE ref LIKE 'bench-%' AND NOT demo)
			+ (SELECT count(*) FROM agreements WHERE ref LIKE 'bench-%' AND NOT demo)
			+ (SELECT count(*) FROM expectations WHERE ref LIKE 'bench-%' AND NOT demo)
			+ (SELECT count(*) FROM commitments WHERE ref LIKE 'bench-%' AND NOT demo)`, 0},
		{"unpublished generated meetings", `SELECT count(*) FROM meetings WHERE ref LIKE 'bench-%' AND state <> 'published'`, 0},
		{"regions without a province", `SELECT count(*) FROM regions r WHERE NOT EXISTS (SELECT 1 FROM provinces WHERE region_id = r.id)`, 0},
		{"regions without a generated meeting", `SELECT count(*) FROM regions r
			WHERE NOT EXISTS (SELECT 1 FROM meetings WHERE region_id = r.id AND ref LIKE 'bench-%')`, 0},
		{"meetings outside 2021-2026", `SELECT count(*) FROM meetings WHERE ref LIKE 'bench-%'
			AND NOT starts_at BETWEEN '2021-01-01' AND '2027-01-01'`, 0},
		{"meetings with 3-8 attendees missing", `SELECT count(*) FROM meetings m WHERE ref LIKE 'bench-%'
			AND (SELECT count(*) FROM meeting_attendees WHERE meeting_id = m.id) NOT BETWEEN 3 AND 8`, 0},
		{"meetings without 3-6 agenda items", `SELECT count(*) FROM meetings m WHERE ref LIKE 'bench-%'
			AND (SELECT count(*) FROM agenda_items WHERE meeting_id = m.id) NOT BETWEEN 3 AND 6`, 0},
		{"agreements without 2-4 parties", `SELECT count(*) FROM agreements a WHERE ref LIKE 'bench-%'
			AND (SELECT count(*) FROM agreement_parties WHERE agreement_id = a.id) NOT BETWEEN 2 AND 4`, 0},
		{"agreements without an axis", `SELECT count(*) FROM agreements a WHERE ref LIKE 'bench-%'
			AND NOT EXISTS (SELECT 1 FROM agreement_axes WHERE agreement_id = a.id)`, 0},
		{"agreements at a meeting of another region", `SELECT count(*) FROM agreements a JOIN meetings m ON m.id = a.meeting_id
			WHERE a.ref LIKE 'bench-%' AND a.region_id <> m.region_id`, 0},
		{"expectations without an axis", `SELECT count(*) FROM expectations e WHERE ref LIKE 'bench-%'
			AND NOT EXISTS (SELECT 1 FROM expectation_axes WHERE expectation_id = e.id)`, 0},
		{"expectations at a meeting of another region", `SELECT count(*) FROM expectations e JOIN meetings m ON m.id = e.meeting_id
			WHERE e.ref LIKE 'bench-%' AND e.region_id <> m.region_id`, 0},
		{"decided expectations without an answer", `SELECT count(*) FROM expectations WHERE ref LIKE 'bench-%'
			AND status IN ('retained', 'partly_retained', 'not_retained') AND (answer_ar = '' OR answer_fr = '' OR decided_at IS NULL)`, 0},
		{"commitments answering an expectation of another region or axis", `SELECT count(*) FROM commitment_expectations ce
			JOIN commitments c ON c.id = ce.commitment_id JOIN expectations e ON e.id = ce.expectation_id
			WHERE c.ref LIKE 'bench-%' AND (c.region_id <> e.region_id
			   OR NOT EXISTS (SELECT 1 FROM expectation_axes x WHERE x.expectation_id = e.id AND x.axis_id = c.axis_id))`, 0},
		{"records missing a language", `SELECT (SELECT count(*) FROM meetings WHERE ref LIKE 'bench-%' AND (title_fr = '' OR minutes_ar = '' OR minutes_fr = ''))
			+ (SELECT count(*) FROM expectations WHERE ref LIKE 'bench-%' AND (title_ar = '' OR title_fr = '' OR description_fr = ''))`, 0},
		{"regional accounts without a region", `SELECT count(*) FROM users WHERE email LIKE 'bench.%' AND role = 'regional' AND region_id IS NULL`, 0},
		{"staff accounts", `SELECT count(*) FROM users WHERE email LIKE 'bench.%' AND role = 'staff'`, 2},
		{"statuses used", `SELECT count(DISTINCT status) FROM expectations WHERE ref LIKE 'bench-%'`, 6},
	}
	for _, c := range checks {
		if n := count(t, pool, c.sql); n != c.want {
			t.Errorf("%s: %d, want %d", c.what, n, c.want)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM commitment_expectations`); n == 0 {
		t.Error("no commitment answers an expectation")
	}

	// The store reads the generated records like any other.
	list, err := db.Meetings(t.Context(), store.MeetingFilter{Region: "oriental"})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total < 2 {
		t.Errorf("oriental meetings: %d, want the demo one and generated ones", list.Total)
	}
	hits, err := db.Search(t.Context(), "الطفولة", 1, 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	if hits.Total == 0 {
		t.Error("searching الطفولة finds nothing in the generated text")
	}

	if _, err := bench.Seed(t.Context(), pool, tiny()); err == nil || !strings.Contains(err.Error(), "already seeded") {
		t.Errorf("seeding twice: err = %v, want already seeded", err)
	}
}

// fingerprint is a digest of every row of the tables Seed writes. Columns
// filled with now() by a default are left out, except those Seed writes
// itself: the clock is not the seeder's content.
func fingerprint(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	ctx := context.Background()
	written := []string{"meetings.created_at", "meetings.updated_at", "agreements.created_at", "agreements.updated_at",
		"expectations.created_at", "expectations.updated_at", "commitments.created_at", "commitments.updated_at",
		"users.created_at", "users.updated_at", "comments.created_at"}
	out := map[string]string{}
	for _, table := range []string{"provinces", "institutions", "officials", "meetings", "meeting_attendees", "meeting_axes",
		"meeting_fields", "agenda_items", "agreements", "agreement_parties", "agreement_axes", "agreement_fields",
		"agreement_provinces", "agreement_milestones", "expectations", "expectation_axes", "expectation_provinces",
		"commitments", "commitment_expectations", "commitment_milestones", "users", "comments"} {
		if count(t, pool, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '`+table+`'`) == 0 {
			continue // younger than this schema
		}
		rows, err := pool.Query(ctx, `SELECT quote_ident(column_name) FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name = $1
			  AND NOT (coalesce(column_default, '') LIKE '%now()%' AND NOT table_name || '.' || column_name = ANY($2))
			ORDER BY ordinal_position`, table, written)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(cols) == 0 {
			t.Fatalf("%s: columns %v: %v", table, cols, err)
		}
		var sum string
		err = pool.QueryRow(ctx, `SELECT count(*) || ':' || coalesce(md5(string_agg(r, E'\n' ORDER BY r)), '')
			FROM (SELECT row(`+strings.Join(cols, ", ")+`)::text AS r FROM `+table+`) AS t`).Scan(&sum)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = sum
	}
	return out
}

const commentsTable = `
CREATE TABLE comments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id   bigint REFERENCES meetings(id),
    axis_id      integer REFERENCES axes(id),
    author_name  text NOT NULL CHECK (author_name <> ''),
    author_email text NOT NULL,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    lang         text NOT NULL CHECK (lang IN ('ar', 'fr')),
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
    reject_reason text,
    ip           inet NOT NULL,
    demo         boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    moderated_at timestamptz,
    CHECK (num_nonnulls(meeting_id, axis_id) = 1),
    CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
    CHECK ((status = 'pending') = (moderated_at IS NULL))
)`

func TestSeedDeterministic(t *testing.T) {
	t.Parallel()
	a, b := testdb.New(t), testdb.New(t)
	for _, pool := range []*pgxpool.Pool{a, b} {
		// Comments too, in the schema's table or, before it has one, in ours.
		if count(t, pool, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'comments'`) == 0 {
			if _, err := pool.Exec(t.Context(), commentsTable); err != nil {
				t.Fatal(err)
			}
		}
		seed(t, pool, tiny())
	}
	fa, fb := fingerprint(t, a), fingerprint(t, b)
	for table, sum := range fa {
		if strings.HasPrefix(sum, "0:") {
			t.Errorf("%s: empty", table)
		}
		if fb[table] != sum {
			t.Errorf("%s differs between two runs: %s, %s", table, sum, fb[table])

		}
	}
}

// A comments table the seeder has never seen is filled by what its column
// names say, rejections with a reason.
func TestSeedComments(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	if _, err := pool.Exec(t.Context(), "DROP TABLE IF EXISTS comments CASCADE;"+commentsTable); err != nil {
		t.Fatal(err)
	}
	res := seed(t, pool, tiny())
	if len(res.Notes) != 0 {
		t.Errorf("notes: %q", res.Notes)
	}
	checks := []struct {
		what string
		sql  string
		want int
	}{
		{"comments", `SELECT count(*) FROM comments`, 30},
		{"not demo", `SELECT count(*) FROM comments WHERE NOT demo`, 0},
		{"on meetings", `SELECT count(*) FROM comments WHERE meeting_id IS NOT NULL`, 15},
		{"statuses", `SELECT count(DISTINCT status) FROM comments`, 3},
		{"rejected without a reason", `SELECT count(*) FROM comments WHERE status = 'rejected' AND reject_reason IS NULL`, 0},
		{"pending but moderated", `SELECT count(*) FROM comments WHERE status = 'pending' AND moderated_at IS NOT NULL`, 0},
		{"in French", `SELECT count(*) FROM comments WHERE lang = 'fr'`, 10},
		{"French text in an Arabic comment", `SELECT count(*) FROM comments WHERE lang = 'ar' AND body ~ '[a-z]'`, 0},
	}
	for _, c := range checks {
		if n := count(t, pool, c.sql); n != c.want {
			t.Errorf("%s: %d, want %d", c.what, n, c.want)
		}
	}
}

func TestScaleRefused(t *testing.T) {
	for _, s := range []bench.Scale{
		{Officials: 20},
		{Officials: 37, Meetings: 1},
		{Officials: 20, Meetings: 1, Accounts: 1, PasswordHash: "plain"},
	} {
		if _, err := bench.Seed(t.Context(), nil, s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
}
