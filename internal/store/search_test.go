package store_test

import (
	"context"
	"testing"

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
		res, err := db.Search(ctx, q, 1, 50)
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
		if _, err := db.Search(ctx, q, 1, 20); err != nil {
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

// A word found in more records than are ranked says so, and the newest are
// the ones ranked.
func TestSearchBoundsCommonWords(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, false)
	if _, err := db.Pool().Exec(ctx, `INSERT INTO agreements (region_id, subject_ar, state)
		SELECT 1, 'اتفاقية تكوين رقم ' || g, 'published' FROM generate_series(1, 150) g`); err != nil {
		t.Fatal(err)
	}
	res, err := db.Search(ctx, "تكوين", 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Capped || res.Total != 100 || len(res.Items) != 20 {
		t.Fatalf("capped %v total %d items %d", res.Capped, res.Total, len(res.Items))
	}
	var oldest int64
	db.Pool().QueryRow(ctx, `SELECT min(id) FROM agreements`).Scan(&oldest)
	for _, h := range res.Items {
		if h.ID < oldest+50 {
			t.Errorf("an old agreement (%d) ranked though newer ones matched", h.ID)
		}
	}
	if few, _ := db.Search(ctx, "رقم 7", 1, 20); few.Capped {
		t.Error("a precise search reported as capped")
	}
}
