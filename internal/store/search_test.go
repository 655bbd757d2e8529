package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tachawor/internal/store"
	"tachawor/internal/textsearch"
)

// Arabic search must not depend on spelling: alef forms, alef maqsura and
// ya, taa marbuta and ha, tashkeel and tatweel are folded on both sides.
func TestSearchFoldsArabicSpelling(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	// A published agreement spelt with hamza under the alef; the demo
	// meetings spell the word without it.
	_, err := db.Pool().Exec(ctx, `INSERT INTO agreements (region_id, subject_ar, subject_fr, state)
		VALUES (4, 'اتفاقية حول إستراتيجية الرعاية الإجتماعية', 'Convention sur la stratégie de protection sociale', 'published')`)
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(q string) map[string]int {
		t.Helper()
		res, err := db.Search(ctx, q, 1, 50, 0)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		out := map[string]int{}
		for _, h := range res.Items {
			out[h.Kind]++
		}
		return out
	}
	for _, q := range []string{"استراتيجية", "إستراتيجية", "إسْتِرَاتِيجِيَّة", "استراتيـــجيه", "أستراتيجيه"} {
		k := kinds(q)
		if k["agreement"] < 1 || k["meeting"] < 1 {
			t.Errorf("%q found %v, want the agreement (spelt إستراتيجية) and the meetings (spelt استراتيجية)", q, k)
		}
	}
	for _, c := range []struct {
		q    string
		kind string
	}{
		{"stratégie", "agreement"},
		{"strategie", "agreement"},
		{"STRATÉGIE sociale", "agreement"},
		{"الرقمنة", "axis"},
		{"digitalisation", "axis"},
		{"وجدة", "meeting"},
		{"Oujda", "meeting"},
		{"مبادرة", "agreement"},
	} {
		if k := kinds(c.q); k[c.kind] < 1 {
			t.Errorf("%q found %v, want a %s", c.q, k, c.kind)
		}
	}
	for _, q := range []string{"zzzqqq", "!!!", "'; DROP TABLE meetings; --", "\"", "a & b | !c", "<script>"} {
		if _, err := db.Search(ctx, q, 1, 20, 0); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
}

// The Go folding used for highlighting must fold exactly as the SQL
// functions applied to stored text and queries.
func TestNormalizeMatchesSQL(t *testing.T) {
	db := newDB(t, false)
	for _, s := range []string{
		"إستراتيجية", "أحمد", "آمال", "ٱلله", "مستشفى", "فتى", "مدرسة", "الـــتنمية", "مُدَرِّسَةٌ", "قُرْآن",
		"Stratégie éducative", "mixed إلى Oujda 2021-2026", "", "۱۲۳ ٤٥٦", "ی ک", "ؤ ئ ء",
		"للإستراتيجية", "لاستراتيجية", "والتنمية المستدامة", "وزارة", "والد", "بالرباط،وبالدار", "2021الاستراتيجية", "فالكتاب پال",
	} {
		var norm, fold string
		if err := db.Pool().QueryRow(context.Background(), `SELECT normalize_ar($1), fold_ar($1)`, s).Scan(&norm, &fold); err != nil {
			t.Fatal(err)
		}
		if want := textsearch.Normalize(s); norm != want {
			t.Errorf("normalize_ar(%q) = %q, Go gives %q", s, norm, want)
		}
		if want := textsearch.Fold(s); fold != want {
			t.Errorf("fold_ar(%q) = %q, Go gives %q", s, fold, want)
		}
	}
}

// The best match comes first however many records match: one record with
// the word in its title, a thousand newer ones mentioning it once in
// their body, and the first is on top (the search used to rank only the
// newest hundred matches of each kind).
func TestSearchRanksOverAllMatches(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	var first int64
	if err := db.Pool().QueryRow(ctx, `INSERT INTO expectations (region_id, title_ar, title_fr, description_ar, status, submitted_at)
		VALUES (2, 'تأهيل دور الحضانة', 'Réhabiliter les crèches', 'وصف', 'received', now() - interval '2 years') RETURNING id`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `INSERT INTO expectations (region_id, title_ar, title_fr, description_ar, description_fr, status, submitted_at)
		SELECT 1 + g % 12, 'انتظار رقم ' || g, 'Attente n° ' || g,
		       'نص طويل عن التنمية الاجتماعية والخدمات والمراكز في الجهة يذكر الحضانة مرة واحدة فقط رقم ' || g,
		       'Un long texte sur le développement social qui mentionne la crèche une seule fois, n° ' || g,
		       'received', now() - g * interval '1 minute'
		FROM generate_series(1, 1000) g`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"الحضانة", "حضانة", "crèches", "creche"} {
		res, err := db.Search(ctx, q, 1, 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != 20 || res.Items[0].ID != first || res.Items[0].Kind != "expectation" {
			t.Fatalf("%q: %d hits, first %+v; want expectation %d on top", q, len(res.Items), res.Items[0], first)
		}
		if !res.More || res.Total != store.SearchRanked || res.Pages() != store.SearchRanked/20 || res.Unranked {
			t.Errorf("%q: total %d more %v pages %d unranked %v; want the bound, more, %d pages", q, res.Total, res.More, res.Pages(), res.Unranked, store.SearchRanked/20)
		}
		// The last ranked page holds the rest of the best, none of them the first.
		last, err := db.Search(ctx, q, store.SearchRanked/20, 20, 0)
		if err != nil || len(last.Items) != 20 || slices.ContainsFunc(last.Items, func(h store.Hit) bool { return h.ID == first }) {
			t.Errorf("%q: last page %d hits, %v", q, len(last.Items), err)
		}
	}
	// Few matches: the exact count, no bound.
	res, err := db.Search(ctx, "رقم 7", 1, 20, 0)
	if err != nil || res.More || res.Total != 1 || res.Items[0].Title.FR != "Attente n° 7" {
		t.Errorf("a precise search: %+v %v", res, err)
	}
}

// A search that outlasts its time budget still answers: the newest
// matches, unranked, and says so. The ranking query is held back by a lock
// for longer than the budget, the fallback runs once the lock is gone.
func TestSearchTimeBudget(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE search_documents IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(time.Second, func() { tx.Rollback(ctx) })
	start := time.Now()
	res, err := db.Search(ctx, "Oujda", 1, 20, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unranked || len(res.Items) == 0 || time.Since(start) < time.Second {
		t.Errorf("unranked %v, %d hits after %s", res.Unranked, len(res.Items), time.Since(start))
	}
	if res, err := db.Search(ctx, "Oujda", 1, 20, 100*time.Millisecond); err != nil || res.Unranked || len(res.Items) == 0 {
		t.Errorf("without the lock: unranked %v, %d hits, %v", res.Unranked, len(res.Items), err)
	}
}

// Search finds what the pages show: each word of issue 13 finds the Oujda
// meeting (chair and officials present in both scripts, presentations,
// agenda, field visits), and each part of a record, edited, changes what
// finds it, in the same transaction; a record leaving the public leaves
// the search.
func TestSearchIndexesWhatPagesShow(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	var oujda int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`).Scan(&oujda); err != nil {
		t.Fatal(err)
	}
	finds := func(q, kind string, id int64) bool {
		t.Helper()
		res, err := db.Search(ctx, q, 1, 100, 0)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		for _, h := range res.Items {
			if h.Kind == kind && h.ID == id {
				if kind == "meeting" && (h.RegionSlug != "oriental" || h.Day == nil || h.Day.Format("2006-01-02") != "2022-01-19" || h.SeriesPosition != 6) {
					t.Errorf("%q: the meeting hit lacks its region, date or place: %+v", q, h)
				}
				return true
			}
		}
		return false
	}
	for _, q := range []string{"حيار", "Hayar", "Bioui", "الجامعي", "الهشاشة", "vulnérabilité", "الدراسة الجهوية", "زيارة ميدانية",
		"Jamai", "بعيوي", "Berkane", "مبادرة", "Moubadara", "visite de terrain"} {
		if !finds(q, "meeting", oujda) {
			t.Errorf("%q does not find the Oujda meeting", q)
		}
	}

	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.Pool().Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	// An official renamed: every meeting they attended follows.
	exec(`UPDATE officials SET name_fr = 'Abdennabi Zyxwv' WHERE ref = 'bioui'`)
	if !finds("Zyxwv", "meeting", oujda) || finds("Bioui", "meeting", oujda) {
		t.Error("the renamed official is not what finds the meeting")
	}
	// An agenda item added, a field visit removed.
	exec(`INSERT INTO agenda_items (meeting_id, position, title_ar, title_fr) VALUES ($1, 9, 'عرض حول السكن اللائق', 'Exposé sur le logement décent')`, oujda)
	exec(`DELETE FROM field_visits WHERE meeting_id = $1`, oujda)
	if !finds("logement", "meeting", oujda) || finds("زيارة ميدانية", "meeting", oujda) {
		t.Error("agenda and field visits not followed")
	}
	// Agreement parties (institutions) and milestones.
	var agreement int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM agreements WHERE ref = 'al-charq-moubadara'`).Scan(&agreement); err != nil {
		t.Fatal(err)
	}
	if !finds("ANAPEC", "agreement", agreement) {
		t.Error("a party of the agreement does not find it")
	}
	exec(`UPDATE institutions SET short_name = 'QWERTZ' WHERE slug = 'anapec'`)
	exec(`INSERT INTO agreement_milestones (agreement_id, position, title_ar, title_fr) VALUES ($1, 9, 'تسليم المعدات', 'Livraison des équipements')`, agreement)
	if !finds("QWERTZ", "agreement", agreement) || !finds("équipements", "agreement", agreement) || finds("ANAPEC", "agreement", agreement) {
		t.Error("parties or milestones not followed")
	}
	// A commitment and its milestones, published then withdrawn.
	var commitment int64
	if err := db.Pool().QueryRow(ctx, `INSERT INTO commitments (region_id, axis_id, title_ar, title_fr, institution_id, state, published_at)
		VALUES (2, (SELECT min(id) FROM axes), 'التزام تجريبي', 'Engagement d''essai', (SELECT id FROM institutions WHERE slug = 'ads'), 'published', now())
		RETURNING id`).Scan(&commitment); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO commitment_milestones (commitment_id, position, title_ar, title_fr) VALUES ($1, 1, 'تكوين المربيات', 'Former les éducatrices')`, commitment)
	if !finds("éducatrices", "commitment", commitment) || !finds("essai", "commitment", commitment) {
		t.Error("the commitment or its milestone not found")
	}
	exec(`UPDATE commitments SET state = 'draft' WHERE id = $1`, commitment)
	if finds("essai", "commitment", commitment) {
		t.Error("a commitment back in draft is still found")
	}
	// A meeting unpublished leaves the search; a rolled-back edit changes nothing.
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `UPDATE meetings SET title_fr = 'Plglmrx' WHERE id = $1`, oujda); err != nil {
		t.Fatal(err)
	}
	tx.Rollback(ctx)
	if finds("Plglmrx", "meeting", oujda) {
		t.Error("a rolled-back edit is found")
	}
	exec(`UPDATE meetings SET state = 'draft' WHERE id = $1`, oujda)
	if finds("Hayar", "meeting", oujda) {
		t.Error("a meeting back in draft is still found")
	}
	// Expectations: only once out of draft.
	var exp int64
	if err := db.Pool().QueryRow(ctx, `INSERT INTO expectations (region_id, title_fr) VALUES (3, 'Vwxyzq brouillon') RETURNING id`).Scan(&exp); err != nil {
		t.Fatal(err)
	}
	if finds("Vwxyzq", "expectation", exp) {
		t.Error("a draft expectation is found")
	}
	exec(`UPDATE expectations SET status = 'received', submitted_at = now() WHERE id = $1`, exp)
	if !finds("Vwxyzq", "expectation", exp) {
		t.Error("a submitted expectation is not found")
	}
}

// A bulk load writes the documents once, at the end (search_rebuild), and
// finds the same as the triggers would.
func TestSearchRebuild(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	before := count(t, db, `SELECT count(*) FROM search_documents`)
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, sql := range []string{`SET LOCAL tachawor.search_deferred = on`,
		`INSERT INTO agreements (region_id, subject_ar, subject_fr, state) VALUES (1, 'اتفاقية', 'Convention Qxqxq', 'published')`} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	tx.QueryRow(ctx, `SELECT count(*) FROM search_documents`).Scan(&n)
	if n != before {
		t.Errorf("deferred: %d documents, want %d", n, before)
	}
	if _, err := tx.Exec(ctx, `SELECT search_rebuild()`); err != nil {
		t.Fatal(err)
	}
	tx.QueryRow(ctx, `SELECT count(*) FROM search_documents`).Scan(&n)
	if n != before+1 {
		t.Errorf("rebuilt: %d documents, want %d", n, before+1)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err := db.Search(ctx, "Qxqxq", 1, 20, 0); err != nil || len(res.Items) != 1 {
		t.Errorf("after the rebuild: %v %v", res.Items, err)
	}
}
