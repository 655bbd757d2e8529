package bench

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// seedComments writes s.Comments public comments on meetings and axes when
// the schema has a comments table. That table is younger than this seeder
// and may change, so its columns are read from the catalogue and filled by
// what their names say (the meeting or axis commented on, name, email,
// text, language, moderation status, address, times, demo); a column it
// cannot fill, or an insert the table's constraints refuse whatever the mix
// of statuses, leaves the comments out with a note saying why.
func seedComments(ctx context.Context, tx pgx.Tx, s Scale, args pgx.NamedArgs, res *Result) error {
	if s.Comments == 0 {
		return nil
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass('public.comments') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("comments: %w", err)
	}
	if !exists {
		res.Notes = append(res.Notes, fmt.Sprintf("comments: the schema has no comments table yet; the %d comments were not seeded", s.Comments))
		return nil
	}
	cols, err := commentColumns(ctx, tx)
	if err != nil {
		return err
	}
	var lastErr error
	for _, mix := range []statusMix{mixFull, mixNoRejected, mixVisible} {
		sql, why := commentInsert(cols, mix)
		if why != "" {
			res.Notes = append(res.Notes, "comments: not seeded: "+why)
			return nil
		}
		args["comments"] = s.Comments
		var before int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM comments`).Scan(&before); err != nil {
			return fmt.Errorf("comments: %w", err)
		}
		err := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error { // a savepoint
			_, err := sp.Exec(ctx, sql, args)
			return err
		})
		if err == nil {
			var n int64
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM comments`).Scan(&n); err != nil {
				return fmt.Errorf("comments: %w", err)
			}
			res.Counts = append(res.Counts, Count{"comments", n - before})
			if !slices.ContainsFunc(cols, func(c column) bool { return c.name == "demo" }) {
				res.Notes = append(res.Notes, "comments: the table has no demo column; the generated ones are those from @example.org addresses")
			}
			if mix != mixFull {
				res.Notes = append(res.Notes, "comments: the table refused generated rejections (a reason it checks?); none are rejected")
			}
			return nil
		}
		lastErr = err
	}
	res.Notes = append(res.Notes, fmt.Sprintf("comments: not seeded: the comments table refused the generated rows: %v", lastErr))
	return nil
}

type column struct {
	name, dataType string
	nullable       bool
	hasDefault     bool // a default, an identity or a generated value
	generated      bool // identity or generated: never written
	literals       []string
}

var literalRE = regexp.MustCompile(`'([^']*)'`)

func commentColumns(ctx context.Context, tx pgx.Tx) ([]column, error) {
	rows, err := tx.Query(ctx, `
		SELECT column_name::text, data_type::text, is_nullable = 'YES',
		       column_default IS NOT NULL OR is_identity = 'YES' OR is_generated <> 'NEVER',
		       is_identity = 'YES' OR is_generated <> 'NEVER'
		FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'comments'
		ORDER BY ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("comments: reading the columns: %w", err)
	}
	cols, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (column, error) {
		var c column
		err := row.Scan(&c.name, &c.dataType, &c.nullable, &c.hasDefault, &c.generated)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("comments: reading the columns: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = 'public.comments'::regclass AND contype = 'c'`)
	if err != nil {
		return nil, fmt.Errorf("comments: reading the constraints: %w", err)
	}
	checks, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("comments: reading the constraints: %w", err)
	}
	// The literals a column is compared with (status IN ('pending', ...)),
	// from the CHECK constraints naming it and no other column of a list.
	for i := range cols {
		for _, def := range checks {
			if !regexp.MustCompile(`\b` + regexp.QuoteMeta(cols[i].name) + `\b`).MatchString(def) {
				continue
			}
			for _, m := range literalRE.FindAllStringSubmatch(def, -1) {
				if !slices.Contains(cols[i].literals, m[1]) {
					cols[i].literals = append(cols[i].literals, m[1])
				}
			}
		}
	}
	return cols, nil
}

type statusMix int

const (
	mixFull       statusMix = iota // 80 % visible, 15 % waiting, 5 % rejected
	mixNoRejected                  // 85 % visible, 15 % waiting
	mixVisible                     // all visible
)

func firstOf(have []string, want ...string) string {
	for _, w := range want {
		if slices.Contains(have, w) {
			return w
		}
	}
	return ""
}

// commentInsert builds the INSERT for the columns, or says why it cannot.
// Row i comments on a meeting when i is even (or when the table has no
// axis column), else on an axis.
func commentInsert(cols []column, mix statusMix) (string, string) {
	has := func(name string) bool {
		return slices.ContainsFunc(cols, func(c column) bool { return c.name == name && !c.generated })
	}
	onMeeting := "true"
	switch {
	case has("meeting_id") && has("axis_id"):
		onMeeting = "i % 2 = 0"
	case has("axis_id"):
		onMeeting = "false"
	}
	const fr = "i % 3 = 0" // a third of the comments are in French
	created := "(timestamptz '2022-01-10 12:00:00+01' + (pg_temp.h(i, 93) % 1500) * interval '1 day' + (pg_temp.h(i, 94) % 600) * interval '1 minute')"

	// The moderation status, and whether the row is still waiting.
	status, waiting, isRejected := "", "false", "false"
	for _, c := range cols {
		if !isStatus(c.name) {
			continue
		}
		visible := firstOf(c.literals, "approved", "published", "visible", "accepted")
		pending := firstOf(c.literals, "pending", "received", "submitted", "new", "awaiting_moderation")
		rejected := firstOf(c.literals, "rejected", "spam")
		if visible == "" {
			visible = "approved"
		}
		if mix == mixVisible || pending == "" {
			pending = visible
		}
		if mix != mixFull || rejected == "" {
			rejected = visible
		}
		status = fmt.Sprintf("CASE WHEN i %% 20 < 16 THEN %s WHEN i %% 20 < 19 THEN %s ELSE %s END", quote(visible), quote(pending), quote(rejected))
		if pending != visible {
			waiting = "(i % 20 BETWEEN 16 AND 18)"
		}
		if rejected != visible {
			isRejected = "(i % 20 = 19)"
		}
	}

	var names, values []string
	for _, c := range cols {
		if c.generated {
			continue
		}
		n, v := c.name, ""
		switch {
		case n == "demo":
			v = "true"
		case n == "meeting_id":
			v = "CASE WHEN " + onMeeting + " THEN m.id END"
		case n == "axis_id":
			v = "CASE WHEN NOT (" + onMeeting + ") THEN x.id END"
		case slices.Contains(c.literals, "meeting") && slices.Contains(c.literals, "axis"):
			v = "CASE WHEN " + onMeeting + " THEN 'meeting' ELSE 'axis' END"
		case n == "lang" || n == "language" || n == "locale":
			v = "CASE WHEN " + fr + " THEN 'fr' ELSE 'ar' END"
		case strings.Contains(n, "email"):
			v = "'visitor.' || i || '@example.org'"
		case strings.Contains(n, "name"):
			v = "CASE WHEN " + fr + " THEN " + cat(pick("given", "fr", "i", 95), "' '", pick("family", "fr", "i", 96)) +
				" ELSE " + cat(pick("given", "ar", "i", 95), "' '", pick("family", "ar", "i", 96)) + " END"
		case isText(n):
			switch {
			case strings.HasSuffix(n, "_ar"):
				v = pick("comment", "ar", "i", 97)
			case strings.HasSuffix(n, "_fr"):
				v = pick("comment", "fr", "i", 97)
			default:
				v = "CASE WHEN " + fr + " THEN " + pick("comment", "fr", "i", 97) + " ELSE " + pick("comment", "ar", "i", 97) + " END"
			}
		case isStatus(n):
			v = status
		case strings.Contains(n, "reason"):
			other := "''"
			if c.nullable {
				other = "NULL"
			}
			v = "CASE WHEN " + isRejected + " AND " + fr + " THEN " + pick("reason", "fr", "i", 98) +
				" WHEN " + isRejected + " THEN " + pick("reason", "ar", "i", 98) + " ELSE " + other + " END"
		case c.dataType == "inet":
			v = "('192.0.2.' || 1 + i % 250)::inet"
		case n == "ip" || n == "ip_address" || n == "address":
			v = "'192.0.2.' || 1 + i % 250"
		case strings.HasPrefix(c.dataType, "timestamp") && (strings.Contains(n, "moderat") || strings.Contains(n, "decided") ||
			strings.Contains(n, "approved") || strings.Contains(n, "published")):
			v = "CASE WHEN NOT " + waiting + " THEN " + created + " + interval '1 day' END"
		case strings.HasPrefix(c.dataType, "timestamp"):
			v = created
		case c.nullable || c.hasDefault:
			continue
		case c.dataType == "boolean":
			v = "false"
		case c.dataType == "integer" || c.dataType == "smallint" || c.dataType == "bigint":
			v = "0"
		case c.dataType == "text" || c.dataType == "character varying":
			v = "''"
		default:
			return "", fmt.Sprintf("no value for its column %s (%s, NOT NULL)", n, c.dataType)
		}
		names = append(names, pgx.Identifier{n}.Sanitize())
		values = append(values, v)
	}
	if !has("meeting_id") && !has("axis_id") {
		return "", "it has neither a meeting_id nor an axis_id column"
	}
	if status == "" {
		return "", "it has no status column to say the comments are moderated"
	}
	return `INSERT INTO comments (` + strings.Join(names, ", ") + `)
SELECT ` + strings.Join(values, ",\n       ") + `
FROM generate_series(1, @comments::int) AS i
JOIN (SELECT i AS mi, id FROM b_m) AS m ON m.mi = 1 + pg_temp.h(i, 91) % @meetings::int
JOIN b_ax x ON x.k = 1 + pg_temp.h(i, 92) % @n_axes
ORDER BY i`, ""
}

func isStatus(name string) bool {
	return name == "status" || name == "state" || name == "moderation" || name == "moderation_status"
}

func isText(name string) bool {
	for _, t := range []string{"body", "text", "comment", "content", "message"} {
		if name == t || strings.HasPrefix(name, t+"_") {
			return true
		}
	}
	return false
}
