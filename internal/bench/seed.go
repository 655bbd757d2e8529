// Package bench seeds a national-scale demonstration dataset for `make
// bench`: every province of the kingdom, thousands of meetings and
// agreements, hundreds of thousands of expectations, with Arabic and French
// text assembled from word lists. The seeding is set-based SQL over
// generate_series, and deterministic: every choice is a hash of the row's
// index, so two runs on fresh databases write the same rows. Generated
// meetings, agreements, expectations and commitments are marked demo;
// their refs start with "bench-".
package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Scale says how many records of each kind Seed generates.
type Scale struct {
	Officials    int // people named as chairs, attendees and presenters
	Meetings     int // published, across the regions and 2021-2026
	Agreements   int
	Expectations int
	Commitments  int // best a multiple of 12 regions × 7 axes
	Accounts     int // a fifth staff, the rest regional officials
	Comments     int // only if a comments table exists
	// PasswordHash is given to every account: one argon2id hash
	// (auth.HashPassword), computed once by the caller.
	PasswordHash string
}

// National is the scale of issue 6: a year's worth of a national
// consultation and more.
func National(passwordHash string) Scale {
	return Scale{
		Officials:    300,
		Meetings:     2000,
		Agreements:   10000,
		Expectations: 200000,
		Commitments:  4200,
		Accounts:     500,
		Comments:     50000,
		PasswordHash: passwordHash,
	}
}

func (s Scale) validate() error {
	switch {
	case s.Meetings < 1 || s.Agreements < 0 || s.Expectations < 0 || s.Commitments < 0 || s.Accounts < 0 || s.Comments < 0:
		return errors.New("bench: a scale needs at least one meeting and no negative count")
	// Attendees are officials k, k+37, ... k+7·37 (mod Officials): distinct
	// when Officials is at least 8 and no multiple of 37.
	case s.Officials < 8 || s.Officials%37 == 0:
		return errors.New("bench: Officials must be at least 8 and not a multiple of 37")
	case s.Accounts > 0 && !strings.HasPrefix(s.PasswordHash, "$argon2id$"):
		return errors.New("bench: PasswordHash must be an argon2id hash")
	}
	return nil
}

// Result is what Seed wrote.
type Result struct {
	Counts []Count  // rows generated, per table
	Notes  []string // what could not be seeded, and why
}

// Count is the number of generated rows of a table.
type Count struct {
	Table string
	Rows  int64
}

// Seed writes the dataset of scale s into the database of pool, which must
// hold the migrated schema and the reference data (store.Prepare), and may
// hold the demo content (LoadDemo). It runs in one transaction, then
// VACUUM ANALYZE. A database already seeded is refused.
func Seed(ctx context.Context, pool *pgxpool.Pool, s Scale) (Result, error) {
	var res Result
	if err := s.validate(); err != nil {
		return res, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return res, fmt.Errorf("bench: %w", err)
	}
	defer conn.Release()
	err = pgx.BeginFunc(ctx, conn.Conn(), func(tx pgx.Tx) error {
		var seeded bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meetings WHERE ref LIKE 'bench-%')`).Scan(&seeded); err != nil {
			return err
		}
		if seeded {
			return errors.New("the database is already seeded (meetings with a bench- ref exist)")
		}
		// The search documents are written once, at the end, with their
		// index built whole (migrations/000040).
		if _, err := tx.Exec(ctx, `SET LOCAL tachawor.search_deferred = on`); err != nil {
			return err
		}
		if err := seed(ctx, tx, s, &res); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT search_rebuild()`); err != nil {
			return fmt.Errorf("search documents: %w", err)
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("bench: seeding: %w", err)
	}
	// Out of the transaction: the planner must see the new tables' sizes,
	// and the visibility map must be set for index-only scans.
	var tables string
	if err := pool.QueryRow(ctx, `SELECT string_agg(quote_ident(t), ', ') FROM unnest($1::text[]) AS t
		WHERE to_regclass('public.' || quote_ident(t)) IS NOT NULL`, written).Scan(&tables); err != nil {
		return res, fmt.Errorf("bench: %w", err)
	}
	if _, err := pool.Exec(ctx, "VACUUM (ANALYZE) "+tables); err != nil {
		return res, fmt.Errorf("bench: VACUUM ANALYZE: %w", err)
	}
	return res, nil
}

// written are the tables Seed writes to, those younger than some schemas
// included.
var written = []string{"provinces", "institutions", "officials", "meetings", "meeting_attendees", "meeting_axes",
	"meeting_fields", "agenda_items", "agreements", "agreement_parties", "agreement_axes", "agreement_fields",
	"agreement_provinces", "agreement_milestones", "expectations", "expectation_axes", "expectation_provinces",
	"commitments", "commitment_milestones", "commitment_expectations", "users", "comments", "search_documents"}

// Helpers, in the session's temporary schema. h is the one source of
// variety: a hash of a row index and a salt, non-negative, the same on
// every run. Both are simple SQL functions, which PostgreSQL inlines.
const helpers = `
CREATE OR REPLACE FUNCTION pg_temp.h(i bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE
AS $$ SELECT hashint8(i * 1009 + salt) & 2147483647 $$;
CREATE OR REPLACE FUNCTION pg_temp.pick(a text[], i bigint, salt int) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT a[1 + pg_temp.h(i, salt) % cardinality(a)] $$;
`

// pick is the SQL choosing from word list list, in language l, for the row
// key k and a salt. The Arabic and French picks with the same key and salt
// are a translation of each other.
func pick(list, l, k string, salt int) string {
	return fmt.Sprintf("pg_temp.pick(@%s_%s, %s, %d)", list, l, k, salt)
}

// cat concatenates SQL text expressions.
func cat(parts ...string) string { return "(" + strings.Join(parts, " || ") + ")" }

func lit(l, ar, fr string) string {
	if l == "ar" {
		return quote(ar)
	}
	return quote(fr)
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sentence is one sentence of minutes: who called for what, where.
func sentence(l, k string, salt int) string {
	return cat(pick("opener", l, k, salt), "' '", pick("need", l, k, salt+1), "' '", pick("place", l, k, salt+2), "'.'")
}

// deed is an action on an object for a population: a title.
func deed(l, k string, salt int) string {
	return cat(pick("action", l, k, salt), "' '", pick("object", l, k, salt+1), "' '", pick("population", l, k, salt+2))
}

func seed(ctx context.Context, tx pgx.Tx, s Scale, res *Result) error {
	if _, err := tx.Exec(ctx, helpers); err != nil {
		return fmt.Errorf("helpers: %w", err)
	}
	if err := seedReference(ctx, tx); err != nil {
		return err
	}
	args := pgx.NamedArgs{
		"officials": s.Officials, "meetings": s.Meetings, "agreements": s.Agreements,
		"expectations": s.Expectations, "commitments": s.Commitments, "accounts": s.Accounts,
		"password_hash": s.PasswordHash, "demo_note_ar": demoNoteAR, "demo_note_fr": demoNoteFR,
	}
	for name, list := range vocab {
		ar, fr := make([]string, len(list)), make([]string, len(list))
		for i, p := range list {
			ar[i], fr[i] = p.ar, p.fr
		}
		args[name+"_ar"], args[name+"_fr"] = ar, fr
	}
	// The generation picks axes, fields and institutions by their rank
	// among those the reference data holds.
	var nAxes, nFields, nPole, anapec int32
	err := tx.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM b_ax), (SELECT count(*) FROM b_field), (SELECT count(*) FROM b_pole),
		       coalesce((SELECT id FROM institutions WHERE slug = 'anapec'), 0)`).Scan(&nAxes, &nFields, &nPole, &anapec)
	if err != nil {
		return fmt.Errorf("reading the reference data: %w", err)
	}
	if nAxes < 3 || nFields < 2 || nPole < 3 || anapec == 0 {
		return errors.New("the reference data lacks axes (3+), fields (2+), social pole institutions (3+) or ANAPEC")
	}
	args["n_axes"], args["n_fields"], args["n_pole"], args["anapec"] = nAxes, nFields, nPole, anapec
	for _, st := range statements() {
		if st.needs != "" {
			var ok bool
			if err := tx.QueryRow(ctx, "SELECT "+st.needs).Scan(&ok); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
			if !ok {
				continue
			}
		}
		// One statement per Exec: those with arguments go through the
		// extended protocol, which takes one at a time.
		for part := range strings.SplitSeq(st.sql, ";\n") {
			if _, err := tx.Exec(ctx, part, args); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
		}
	}
	if err := seedComments(ctx, tx, s, args, res); err != nil {
		return err
	}
	return countRows(ctx, tx, res)
}

// seedReference adds the provinces of every region and each region's wilaya
// and council (facts, not demonstration data; kept if already there), then
// the temporary lookup tables the generation joins on.
func seedReference(ctx context.Context, tx pgx.Tx) error {
	b := &pgx.Batch{}
	for _, p := range provinces {
		b.Queue(`INSERT INTO provinces (region_id, slug, kind, name_ar, name_fr) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (slug) DO NOTHING`, p.region, p.slug, p.kind, p.nameAR, p.nameFR)
	}
	b.Queue(`INSERT INTO institutions (slug, name_ar, name_fr, region_id)
		SELECT kind || r.slug, prefix_ar || r.name_ar, prefix_fr || r.name_fr, r.id
		FROM regions r, (VALUES ('wilaya-', 'ولاية ', 'Wilaya de la Région de '),
		                        ('conseil-region-', 'مجلس ', 'Conseil de la Région de ')) AS k(kind, prefix_ar, prefix_fr)
		ORDER BY r.id, kind DESC
		ON CONFLICT (slug) DO NOTHING`)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("provinces and regional institutions: %w", err)
	}
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE b_prov ON COMMIT DROP AS
			SELECT region_id, row_number() OVER (PARTITION BY region_id ORDER BY id)::int AS k, id, name_ar, name_fr FROM provinces;
		CREATE TEMP TABLE b_provn ON COMMIT DROP AS SELECT region_id, count(*)::int AS n FROM provinces GROUP BY region_id;
		CREATE TEMP TABLE b_ax ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY position, id)::int AS k, id FROM axes;
		CREATE TEMP TABLE b_field ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY position, id)::int AS k, id FROM fields;
		CREATE TEMP TABLE b_pole ON COMMIT DROP AS
			SELECT row_number() OVER (ORDER BY id)::int AS k, id FROM institutions WHERE social_pole AND archived_at IS NULL;
		CREATE TEMP TABLE b_reginst ON COMMIT DROP AS
			SELECT r.id AS region_id, w.id AS wilaya, c.id AS conseil FROM regions r
			JOIN institutions w ON w.slug = 'wilaya-' || r.slug JOIN institutions c ON c.slug = 'conseil-region-' || r.slug;
		ANALYZE b_prov; ANALYZE b_provn; ANALYZE b_ax; ANALYZE b_field; ANALYZE b_pole; ANALYZE b_reginst;`)
	if err != nil {
		return fmt.Errorf("lookup tables: %w", err)
	}
	return nil
}

// A statement generates one kind of record. One with needs runs only when
// that SQL condition holds: tables and columns younger than this seeder.
type statement struct{ what, needs, sql string }

// both builds an expression in Arabic and in French.
func both(f func(l string) string) (string, string) { return f("ar"), f("fr") }

// statements are the generation, in dependency order. Every INSERT orders
// its rows by the generated index, so identity values come out the same on
// every run.
func statements() []statement {
	// Meetings.
	mTitleAR, mTitleFR := both(func(l string) string {
		return cat(lit(l, "لقاء تشاوري جهوي حول ", "Rencontre consultative régionale sur "), pick("topic", l, "s.i", 1))
	})
	mVenueAR, mVenueFR := both(func(l string) string {
		return cat(pick("venue", l, "s.i", 2), "' '", "p.name_"+l)
	})
	mPurposeAR, mPurposeFR := both(func(l string) string {
		return cat(lit(l, "الاطلاع على انتظارات الفاعلين الترابيين في مجال ", "Recueillir les attentes des acteurs territoriaux concernant "),
			pick("topic", l, "s.i", 1),
			lit(l, " وإشراكهم في إعداد برنامج عمل القطب الاجتماعي.", " et les associer au programme d'action du pôle social."))
	})
	mOutcomesAR, mOutcomesFR := both(func(l string) string {
		return cat(lit(l, "أبرز التوصيات: ", "Principale recommandation : "), deed(l, "s.i", 3), "' '", pick("place", l, "s.i", 6), "'.'")
	})
	mMinutesAR, mMinutesFR := both(func(l string) string {
		parts := []string{
			lit(l, "انعقد هذا اللقاء التشاوري حول ", "Cette rencontre consultative sur "), pick("topic", l, "s.i", 1),
			lit(l, " بحضور ممثلي السلطات المحلية والمصالح اللاممركزة والمجتمع المدني. ",
				" a réuni des représentants des autorités locales, des services déconcentrés et de la société civile. "),
		}
		for k := range 4 {
			parts = append(parts, sentence(l, "s.i", 10+3*k), "' '")
		}
		parts = append(parts, fmt.Sprintf("CASE WHEN pg_temp.h(s.i, 30) %% 2 = 0 THEN %s ELSE '' END", sentence(l, "s.i", 31)))
		return cat(parts...)
	})
	mAttendeesAR, mAttendeesFR := both(func(l string) string {
		return lit(l, "عامل الإقليم، ورؤساء المصالح اللاممركزة، وممثلو الجماعات الترابية والجمعيات.",
			"Le gouverneur, les chefs des services déconcentrés, des représentants des collectivités territoriales et des associations.")
	})
	agendaAR, agendaFR := both(func(l string) string {
		return fmt.Sprintf("CASE WHEN pos = 1 THEN %s WHEN pos %% 3 = 0 THEN %s ELSE %s END",
			cat(lit(l, "تقديم استراتيجية القطب الاجتماعي 2021-2026 في مجال ", "Présentation de la stratégie 2021-2026 du pôle social concernant "), pick("topic", l, "m.i", 1)),
			cat(lit(l, "مناقشة انتظارات الفاعلين الترابيين ", "Débat sur les attentes des acteurs territoriaux "), pick("population", l, "m.i * 8 + pos", 2)),
			cat(lit(l, "عرض حول ", "Présentation des "), pick("object", l, "m.i * 8 + pos", 3), "' '", pick("place", l, "m.i * 8 + pos", 4)))
	})
	agendaSumAR, agendaSumFR := both(func(l string) string { return sentence(l, "m.i * 8 + pos", 5) })

	// Agreements.
	aSubjectAR, aSubjectFR := both(func(l string) string {
		return cat(lit(l, "اتفاقية شراكة حول ", "Convention de partenariat relative aux "), pick("object", l, "s.i", 1), "' '", pick("place", l, "s.i", 2))
	})
	aSummaryAR, aSummaryFR := both(func(l string) string {
		return cat(lit(l, "الهدف: ", "Objet : "), pick("action", l, "s.i", 3), "' '",
			pick("object", l, "s.i", 1), "' '", pick("population", l, "s.i", 4), "'. '", sentence(l, "s.i", 5))
	})
	phaseAR, phaseFR := both(func(l string) string { return fmt.Sprintf("(@phase_%s::text[])[ms + pg_temp.h(a.i, 57) %% 2]", l) })
	cPhaseAR, cPhaseFR := both(func(l string) string { return fmt.Sprintf("(@phase_%s::text[])[ms + pg_temp.h(c.i, 89) %% 2]", l) })

	// Expectations.
	eTitleAR, eTitleFR := both(func(l string) string { return deed(l, "i", 1) })
	eDescAR, eDescFR := both(func(l string) string {
		return cat(pick("lack", l, "i", 4), "' '", pick("object", l, "i", 2), "' '", pick("place", l, "i", 5), "'. '",
			lit(l, "الأولوية: ", "Priorité : "), pick("need", l, "i", 6), "'.'")
	})
	ePeopleAR, ePeopleFR := both(func(l string) string { return pick("people", l, "i", 3) })
	eAnswerAR, eAnswerFR := both(func(l string) string {
		return fmt.Sprintf(`CASE status WHEN 'retained' THEN %s WHEN 'partly_retained' THEN %s WHEN 'not_retained' THEN %s
			WHEN 'under_study' THEN %s ELSE '' END`,
			pick("answer_retained", l, "i", 7), pick("answer_partly", l, "i", 7), pick("answer_not", l, "i", 7), pick("answer_study", l, "i", 7))
	})

	// Commitments.
	cTitleAR, cTitleFR := both(func(l string) string { return deed(l, "i", 1) })
	cDescAR, cDescFR := both(func(l string) string { return sentence(l, "i", 4) })

	// Accounts.
	nameAR, nameFR := both(func(l string) string { return cat(pick("given", l, "i", 1), "' '", pick("family", l, "i", 2)) })

	return []statement{
		{"officials", "", `
INSERT INTO officials (ref, name_ar, name_fr, title_ar, title_fr, institution_id)
SELECT 'bench-o-' || lpad(i::text, 4, '0'),
       ` + nameAR + `, ` + nameFR + `,
       pg_temp.pick(@title_ar, i, 3), pg_temp.pick(@title_fr, i, 3),
       CASE WHEN pg_temp.h(i, 4) % 3 > 0 THEN po.id END
FROM generate_series(1, @officials::int) AS i
JOIN b_pole po ON po.k = 1 + pg_temp.h(i, 5) % @n_pole
ORDER BY i;
CREATE TEMP TABLE b_off ON COMMIT DROP AS
	SELECT split_part(ref, '-', 3)::int AS k, id, name_ar, name_fr FROM officials WHERE ref LIKE 'bench-o-%';
ALTER TABLE b_off ADD PRIMARY KEY (k);
ANALYZE b_off`},

		{"meetings", "", `
INSERT INTO meetings (ref, region_id, title_ar, title_fr, venue_ar, venue_fr, starts_at, ends_at, format, chair_id,
    purpose_ar, purpose_fr, attendees_note_ar, attendees_note_fr, outcomes_ar, outcomes_fr, minutes_ar, minutes_fr,
    state, demo, demo_note_ar, demo_note_fr, created_at, updated_at, published_at)
SELECT 'bench-m-' || lpad(s.i::text, 5, '0'), s.r, ` + mTitleAR + `, ` + mTitleFR + `, ` + mVenueAR + `, ` + mVenueFR + `,
       s.t, s.t + interval '3 hours',
       CASE WHEN pg_temp.h(s.i, 7) % 10 < 6 THEN 'in_person' WHEN pg_temp.h(s.i, 7) % 10 < 8 THEN 'hybrid' ELSE 'remote' END,
       o.id, ` + mPurposeAR + `, ` + mPurposeFR + `, ` + mAttendeesAR + `, ` + mAttendeesFR + `,
       ` + mOutcomesAR + `, ` + mOutcomesFR + `, ` + mMinutesAR + `, ` + mMinutesFR + `,
       'published', true, @demo_note_ar, @demo_note_fr, s.t - interval '21 days', s.t - interval '7 days', s.t - interval '7 days'
FROM (SELECT i, 1 + (i - 1) % 12 AS r,
             timestamptz '2021-01-04 09:00:00+01' + (pg_temp.h(i, 8) % 2190) * interval '1 day' + (pg_temp.h(i, 9) % 7) * interval '1 hour' AS t
      FROM generate_series(1, @meetings::int) AS i) AS s
JOIN b_provn pn ON pn.region_id = s.r
JOIN b_prov p ON p.region_id = s.r AND p.k = 1 + pg_temp.h(s.i, 10) % pn.n
LEFT JOIN b_off o ON o.k = 1 + pg_temp.h(s.i, 11) % @officials
ORDER BY s.i;
CREATE TEMP TABLE b_m ON COMMIT DROP AS
	SELECT split_part(ref, '-', 3)::int AS i, id, region_id, starts_at FROM meetings WHERE ref LIKE 'bench-m-%';
ALTER TABLE b_m ADD PRIMARY KEY (i);
ANALYZE b_m`},

		{"meeting attendees", "", `
INSERT INTO meeting_attendees (meeting_id, official_id, position)
SELECT m.id, o.id, pos
FROM b_m m CROSS JOIN generate_series(1, 8) AS pos
JOIN b_off o ON o.k = 1 + (pg_temp.h(m.i, 21) + pos * 37) % @officials
WHERE pos <= 3 + pg_temp.h(m.i, 22) % 6
ORDER BY m.i, pos`},

		{"meeting axes", "", `
INSERT INTO meeting_axes (meeting_id, axis_id)
SELECT m.id, x.id
FROM b_m m CROSS JOIN generate_series(0, 2) AS j
JOIN b_ax x ON x.k = 1 + (pg_temp.h(m.i, 23) + 3 * j) % @n_axes
WHERE j <= pg_temp.h(m.i, 24) % 3
ORDER BY m.i, j`},

		{"meeting fields", "", `
INSERT INTO meeting_fields (meeting_id, field_id)
SELECT m.id, f.id
FROM b_m m CROSS JOIN generate_series(0, 1) AS j
JOIN b_field f ON f.k = 1 + (pg_temp.h(m.i, 25) + j) % @n_fields
WHERE j <= pg_temp.h(m.i, 26) % 2
ORDER BY m.i, j`},

		{"agenda items", "", `
INSERT INTO agenda_items (meeting_id, position, title_ar, title_fr, presenter_ar, presenter_fr, summary_ar, summary_fr)
SELECT m.id, pos, ` + agendaAR + `, ` + agendaFR + `, o.name_ar, o.name_fr, ` + agendaSumAR + `, ` + agendaSumFR + `
FROM b_m m CROSS JOIN generate_series(1, 6) AS pos
JOIN b_off o ON o.k = 1 + (pg_temp.h(m.i, 27) + pos * 37) % @officials
WHERE pos <= 3 + pg_temp.h(m.i, 28) % 4
ORDER BY m.i, pos`},

		{"agreements", "", `
WITH s AS (
	SELECT i, pg_temp.h(i, 41) % 10 < 6 AS linked, 1 + pg_temp.h(i, 42) % @meetings::int AS j,
	       CASE WHEN pg_temp.h(i, 43) % 20 = 0 THEN NULL ELSE 1 + pg_temp.h(i, 44) % 12 END AS r,
	       date '2021-01-04' + pg_temp.h(i, 45) % 2190 AS d, pg_temp.h(i, 46) % 100 AS st,
	       pg_temp.h(i, 47) % 25 <> 0 AS published
	FROM generate_series(1, @agreements::int) AS i
), t AS (
	SELECT s.*, m.id AS meeting_id, coalesce(m.region_id, s.r) AS region_id,
	       coalesce((m.starts_at AT TIME ZONE 'Africa/Casablanca')::date, s.d) AS signed_on
	FROM s LEFT JOIN b_m m ON s.linked AND m.i = s.j
)
INSERT INTO agreements (ref, meeting_id, region_id, subject_ar, subject_fr, summary_ar, summary_fr, signed_on, duration_months,
    status, state, demo, demo_note_ar, demo_note_fr, created_at, updated_at, published_at)
SELECT 'bench-a-' || lpad(s.i::text, 6, '0'), s.meeting_id, s.region_id,
       ` + aSubjectAR + `, ` + aSubjectFR + `, ` + aSummaryAR + `, ` + aSummaryFR + `,
       s.signed_on, 12 * (1 + pg_temp.h(s.i, 48) % 5),
       CASE WHEN s.st < 40 THEN 'signed' WHEN s.st < 75 THEN 'in_progress' WHEN s.st < 95 THEN 'completed' ELSE 'suspended' END,
       CASE WHEN s.published THEN 'published' ELSE 'draft' END, true, @demo_note_ar, @demo_note_fr,
       ((s.signed_on - 30) + time '10:00') AT TIME ZONE 'Africa/Casablanca',
       ((s.signed_on + 2) + time '10:00') AT TIME ZONE 'Africa/Casablanca',
       CASE WHEN s.published THEN ((s.signed_on + 2) + time '10:00') AT TIME ZONE 'Africa/Casablanca' END
FROM t AS s
ORDER BY s.i;
CREATE TEMP TABLE b_a ON COMMIT DROP AS
	SELECT split_part(ref, '-', 3)::int AS i, id, region_id, signed_on, status FROM agreements WHERE ref LIKE 'bench-a-%';
ALTER TABLE b_a ADD PRIMARY KEY (i);
ANALYZE b_a`},

		{"agreement parties", "", `
INSERT INTO agreement_parties (agreement_id, institution_id, position, amount_dh)
SELECT a.id, c.institution, c.position, (1 + pg_temp.h(a.i * 4 + c.position, 52) % 200) * 25000
FROM b_a a
LEFT JOIN b_reginst ri ON ri.region_id = a.region_id
JOIN b_pole p1 ON p1.k = 1 + pg_temp.h(a.i, 51) % @n_pole
JOIN b_pole p2 ON p2.k = 1 + (pg_temp.h(a.i, 51) + 1) % @n_pole
JOIN b_pole p3 ON p3.k = 1 + (pg_temp.h(a.i, 51) + 2) % @n_pole
CROSS JOIN LATERAL unnest(ARRAY[p1.id, coalesce(ri.wilaya, p2.id), coalesce(ri.conseil, p3.id), @anapec::int])
	WITH ORDINALITY AS c(institution, position)
WHERE c.position <= 2 + pg_temp.h(a.i, 53) % 3
ORDER BY a.i, c.position`},

		{"agreement axes", "", `
INSERT INTO agreement_axes (agreement_id, axis_id)
SELECT a.id, x.id
FROM b_a a CROSS JOIN generate_series(0, 1) AS j
JOIN b_ax x ON x.k = 1 + (pg_temp.h(a.i, 54) + 3 * j) % @n_axes
WHERE j <= pg_temp.h(a.i, 55) % 2
ORDER BY a.i, j`},

		{"agreement fields", "", `
INSERT INTO agreement_fields (agreement_id, field_id)
SELECT a.id, f.id FROM b_a a JOIN b_field f ON f.k = 1 + pg_temp.h(a.i, 56) % @n_fields
ORDER BY a.i`},

		{"agreement provinces", "", `
INSERT INTO agreement_provinces (agreement_id, province_id)
SELECT a.id, p.id
FROM b_a a JOIN b_provn pn ON pn.region_id = a.region_id CROSS JOIN generate_series(0, 1) AS j
JOIN b_prov p ON p.region_id = a.region_id AND p.k = 1 + (pg_temp.h(a.i, 58) + j) % pn.n
WHERE j < least(pn.n, 1 + pg_temp.h(a.i, 59) % 2)
ORDER BY a.i, j`},

		{"agreement milestones", "", `
INSERT INTO agreement_milestones (agreement_id, position, title_ar, title_fr, due_on, percent)
SELECT a.id, ms, ` + phaseAR + `, ` + phaseFR + `, (a.signed_on + ms * interval '6 months')::date,
       CASE a.status WHEN 'completed' THEN 100 WHEN 'signed' THEN 0
            ELSE greatest(0, 100 - ms * 35 - pg_temp.h(a.i * 4 + ms, 60) % 30) END
FROM b_a a CROSS JOIN generate_series(1, 3) AS ms
WHERE ms <= 2 + pg_temp.h(a.i, 61) % 2
ORDER BY a.i, ms`},

		{"expectations", "", `
WITH s AS (
	SELECT i, 1 + pg_temp.h(i, 62) % 12 AS r, pg_temp.h(i, 63) % 100 AS st, pg_temp.h(i, 64) % 10 < 7 AS linked,
	       pg_temp.h(i, 65) % greatest(@meetings::int / 12, 1) AS mk
	FROM generate_series(1, @expectations::int) AS i
), t AS (
	SELECT s.i, s.r, m.id AS meeting_id,
	       coalesce(m.starts_at, timestamptz '2021-01-04 10:00:00+01' + (pg_temp.h(s.i, 66) % 2000) * interval '1 day')
	           + (pg_temp.h(s.i, 67) % 10) * interval '1 day' AS created,
	       CASE WHEN st < 5 THEN 'draft' WHEN st < 30 THEN 'received' WHEN st < 50 THEN 'under_study'
	            WHEN st < 75 THEN 'retained' WHEN st < 90 THEN 'partly_retained' ELSE 'not_retained' END AS status
	FROM s LEFT JOIN b_m m ON s.linked AND m.i = s.r + 12 * s.mk
)
INSERT INTO expectations (ref, region_id, meeting_id, title_ar, title_fr, description_ar, description_fr, field_id,
    population_ar, population_fr, priority, status, answer_ar, answer_fr, institution_id, demo,
    created_at, updated_at, submitted_at, decided_at)
SELECT 'bench-e-' || lpad(i::text, 6, '0'), r, meeting_id, ` + eTitleAR + `, ` + eTitleFR + `, ` + eDescAR + `, ` + eDescFR + `,
       f.id, ` + ePeopleAR + `, ` + ePeopleFR + `, 1 + pg_temp.h(i, 68) % 3, status, ` + eAnswerAR + `, ` + eAnswerFR + `,
       CASE WHEN status IN ('retained', 'partly_retained', 'not_retained') THEN po.id END, true,
       created,
       created + CASE WHEN status IN ('retained', 'partly_retained', 'not_retained') THEN interval '60 days'
                      WHEN status = 'draft' THEN interval '0' ELSE interval '2 days' END,
       CASE WHEN status <> 'draft' THEN created + interval '2 days' END,
       CASE WHEN status IN ('retained', 'partly_retained', 'not_retained') THEN created + interval '60 days' END
FROM t
JOIN b_field f ON f.k = 1 + pg_temp.h(i, 69) % @n_fields
JOIN b_pole po ON po.k = 1 + pg_temp.h(i, 70) % @n_pole
ORDER BY i;
CREATE TEMP TABLE b_e ON COMMIT DROP AS
	SELECT split_part(ref, '-', 3)::int AS i, id, region_id, status FROM expectations WHERE ref LIKE 'bench-e-%';
ALTER TABLE b_e ADD PRIMARY KEY (i);
ANALYZE b_e`},

		// The first axis of expectation i is axis 1 + h(i, 71) % n_axes:
		// the commitments below answer it.
		{"expectation axes", "", `
INSERT INTO expectation_axes (expectation_id, axis_id)
SELECT e.id, x.id
FROM b_e e CROSS JOIN generate_series(0, 1) AS j
JOIN b_ax x ON x.k = 1 + (pg_temp.h(e.i, 71) + 3 * j) % @n_axes
WHERE j <= pg_temp.h(e.i, 72) % 2
ORDER BY e.i, j`},

		{"expectation provinces", "", `
INSERT INTO expectation_provinces (expectation_id, province_id)
SELECT e.id, p.id
FROM b_e e JOIN b_provn pn ON pn.region_id = e.region_id
JOIN b_prov p ON p.region_id = e.region_id AND p.k = 1 + pg_temp.h(e.i, 73) % pn.n
ORDER BY e.i`},

		// Commitment i is of region 1 + (i-1) % 12 and axis 1 + ((i-1) / 12) % n_axes.
		{"commitments", "", `
INSERT INTO commitments (ref, region_id, axis_id, title_ar, title_fr, description_ar, description_fr, institution_id,
    due_on, progress, state, demo, created_at, updated_at)
SELECT 'bench-c-' || lpad(i::text, 5, '0'), 1 + (i - 1) % 12, x.id, ` + cTitleAR + `, ` + cTitleFR + `, ` + cDescAR + `, ` + cDescFR + `,
       po.id, date '2023-01-01' + pg_temp.h(i, 81) % 1460, pg_temp.h(i, 82) % 101,
       CASE WHEN pg_temp.h(i, 83) % 12 = 0 THEN 'draft' ELSE 'published' END, true,
       timestamptz '2022-06-01 10:00:00+01' + (pg_temp.h(i, 84) % 700) * interval '1 day',
       timestamptz '2022-06-01 10:00:00+01' + (pg_temp.h(i, 84) % 700 + 30) * interval '1 day'
FROM generate_series(1, @commitments::int) AS i
JOIN b_ax x ON x.k = 1 + ((i - 1) / 12) % @n_axes
JOIN b_pole po ON po.k = 1 + pg_temp.h(i, 85) % @n_pole
ORDER BY i;
CREATE TEMP TABLE b_c ON COMMIT DROP AS
	SELECT split_part(ref, '-', 3)::int AS i, id FROM commitments WHERE ref LIKE 'bench-c-%';
ALTER TABLE b_c ADD PRIMARY KEY (i);
ANALYZE b_c`},

		{"commitment publication dates", `EXISTS (SELECT 1 FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name = 'commitments' AND column_name = 'published_at')`, `
UPDATE commitments SET published_at = updated_at WHERE ref LIKE 'bench-c-%' AND state = 'published'`},

		{"commitment milestones", `to_regclass('public.commitment_milestones') IS NOT NULL`, `
INSERT INTO commitment_milestones (commitment_id, position, title_ar, title_fr, due_on, percent)
SELECT c.id, ms, ` + cPhaseAR + `, ` + cPhaseFR + `, date '2023-01-01' + pg_temp.h(c.i, 87) % 700 + ms * 180,
       greatest(0, least(100, cm.progress + 40 - ms * 30))
FROM b_c c JOIN commitments cm ON cm.id = c.id CROSS JOIN generate_series(1, 3) AS ms
WHERE ms <= 2 + pg_temp.h(c.i, 88) % 2
ORDER BY c.i, ms`},

		{"commitment expectations", "", `
INSERT INTO commitment_expectations (commitment_id, expectation_id)
SELECT c.id, e.id
FROM b_e e
JOIN b_c c ON c.i = e.region_id + 12 * (pg_temp.h(e.i, 71) % @n_axes)
                  + 12 * @n_axes * (pg_temp.h(e.i, 86) % greatest(@commitments::int / (12 * @n_axes), 1))
WHERE e.status IN ('retained', 'partly_retained')
ORDER BY e.i`},

		{"accounts", "", `
INSERT INTO users (email, display_name, password_hash, role, region_id, created_at, updated_at)
SELECT 'bench.user.' || lpad(i::text, 4, '0') || '@example.org',
       CASE WHEN i % 2 = 0 THEN ` + nameAR + ` ELSE ` + nameFR + ` END,
       @password_hash, CASE WHEN i <= @accounts::int / 5 THEN 'staff' ELSE 'regional' END,
       CASE WHEN i > @accounts::int / 5 THEN 1 + i % 12 END,
       timestamptz '2021-09-01 09:00:00+01' + i * interval '1 day', timestamptz '2021-09-01 09:00:00+01' + i * interval '1 day'
FROM generate_series(1, @accounts::int) AS i
ORDER BY i`},
	}
}

// countRows counts the generated rows of every table Seed writes.
func countRows(ctx context.Context, tx pgx.Tx, res *Result) error {
	counts := []struct{ table, sql string }{
		{"provinces", `SELECT count(*) FROM provinces`},
		{"officials", `SELECT count(*) FROM officials WHERE ref LIKE 'bench-%'`},
		{"meetings", `SELECT count(*) FROM meetings WHERE ref LIKE 'bench-%'`},
		{"agenda_items", `SELECT count(*) FROM agenda_items g JOIN meetings m ON m.id = g.meeting_id WHERE m.ref LIKE 'bench-%'`},
		{"meeting_attendees", `SELECT count(*) FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id WHERE m.ref LIKE 'bench-%'`},
		{"agreements", `SELECT count(*) FROM agreements WHERE ref LIKE 'bench-%'`},
		{"agreement_parties", `SELECT count(*) FROM agreement_parties p JOIN agreements a ON a.id = p.agreement_id WHERE a.ref LIKE 'bench-%'`},
		{"agreement_axes", `SELECT count(*) FROM agreement_axes x JOIN agreements a ON a.id = x.agreement_id WHERE a.ref LIKE 'bench-%'`},
		{"expectations", `SELECT count(*) FROM expectations WHERE ref LIKE 'bench-%'`},
		{"expectation_axes", `SELECT count(*) FROM expectation_axes x JOIN expectations e ON e.id = x.expectation_id WHERE e.ref LIKE 'bench-%'`},
		{"commitments", `SELECT count(*) FROM commitments WHERE ref LIKE 'bench-%'`},
		{"commitment_expectations", `SELECT count(*) FROM commitment_expectations x JOIN commitments c ON c.id = x.commitment_id WHERE c.ref LIKE 'bench-%'`},
		{"users", `SELECT count(*) FROM users WHERE email LIKE 'bench.user.%'`},
	}
	for _, c := range counts {
		var n int64
		if err := tx.QueryRow(ctx, c.sql).Scan(&n); err != nil {
			return fmt.Errorf("counting %s: %w", c.table, err)
		}
		res.Counts = append(res.Counts, Count{c.table, n})
	}
	return nil
}
