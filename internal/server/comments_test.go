package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"tachawor/internal/auth"
	"tachawor/internal/browsertest"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/locales"
)

// commenterEmail is the address every test comment gives: it must never
// show on a page nor reach the logs.
const commenterEmail = "salma.private-address@example.org"

// commentForm is a valid comment.
func commentForm(body string) url.Values {
	return url.Values{"name": {"Salma B."}, "email": {commenterEmail}, "body": {body}, "website": {""}}
}

// commentPost posts a form to path from the client address ip, as the
// holder of cookie (nil: a visitor with no session yet).
func (e *env) commentPost(t *testing.T, ip string, cookie *http.Cookie, path string, form url.Values) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.RemoteAddr = ip
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Result()
}

// commentDoc reads a response, failing unless its status is want; it
// returns the parsed page and its raw HTML.
func commentDoc(t *testing.T, res *http.Response, want int) (*goquery.Document, string) {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
		t.Fatalf("status %d, want %d: %s", res.StatusCode, want, text(doc.Find("h1, .error-summary, .field-error, .error")))
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	// What this feature writes has every message in the catalogue.
	if mine := doc.Find("#comments, .comment-queue, .error-summary, .flash, main > h1, main > .lede").Text(); strings.Contains(mine, "[[") {
		t.Errorf("a message is missing from the catalogue: %.200s", mine[strings.Index(mine, "[["):])
	}
	return doc, string(b)
}

// commentMsg is a message in lang.
func commentMsg(t *testing.T, lang i18n.Lang, id string) string {
	t.Helper()
	c, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c.For(lang).T(id)
}

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	return nil
}

// flashCookie is the cookie that carries a visitor's flash (a visitor
// gets no session for it).
func flashCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == auth.FlashCookieName && c.MaxAge > 0 {
			return c
		}
	}
	return nil
}

func (e *env) commentCount(t *testing.T) int64 { return e.id(t, `SELECT count(*) FROM comments`) }

// A visitor's comment on a meeting page and on an axis page is shown to no
// one until a moderator approves it; then it is shown, as text, however
// much it looks like markup, and the email never shows anywhere.
func TestCommentIsShownOnlyOnceApprovedAndEscaped(t *testing.T) {
	e := newCommentEnv(t)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	staff := e.as(t, domain.RoleStaff, 0)
	for _, c := range []struct {
		lang i18n.Lang
		page string
	}{
		{i18n.Arabic, fmt.Sprintf("/ar/meetings/%d", meeting)},
		{i18n.French, "/fr/strategy/digitalisation"},
	} {
		t.Run(c.page, func(t *testing.T) {
			body := "<script>alert(1)</script> <b>gras</b>\r\nسطر ثان & \"quotes\" " + c.page
			// The form: a honeypot no one sees nor reaches.
			doc, _ := commentDoc(t, e.get(t, c.page), 200)
			form := doc.Find(`#comments form[method=post]`)
			// A refusal comes back scrolled to the form and its errors.
			if action, _ := form.Attr("action"); action != c.page+"/comments#comments" {
				t.Fatalf("form action %q", action)
			}
			trap := form.Find(`input[name=website]`)
			wrapper := trap.Closest(".visually-hidden")
			if trap.Length() != 1 || wrapper.AttrOr("aria-hidden", "") != "true" || trap.AttrOr("tabindex", "") != "-1" ||
				trap.AttrOr("autocomplete", "") != "off" || trap.AttrOr("style", "") != "" {
				t.Fatalf("honeypot: %d %v", trap.Length(), trap.Nodes)
			}

			res := e.commentPost(t, "192.0.2.10:5000", nil, c.page+"/comments", commentForm(body))
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != c.page+"#comments" {
				t.Fatalf("post: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			// The visitor, who had no session, is told it awaits moderation.
			cookie := flashCookie(res)
			if cookie == nil || sessionCookie(res) != nil {
				t.Fatal("no flash cookie, or a session for the flash")
			}
			got := e.getAs(t, cookie, c.page)
			doc, _ = commentDoc(t, got, 200)
			if f := text(doc.Find("#comments .flash[role=status]")); f != commentMsg(t, c.lang, "comment_flash_pending") {
				t.Errorf("flash %q", f)
			}
			if got.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("page with a flash: Cache-Control %q", got.Header.Get("Cache-Control"))
			}
			// Shown once only: the page deletes the cookie.
			if gone := got.Cookies(); len(gone) != 1 || gone[0].Name != auth.FlashCookieName || gone[0].MaxAge >= 0 {
				t.Errorf("the flash cookie is not deleted: %v", gone)
			}
			doc, _ = commentDoc(t, e.get(t, c.page), 200)
			if doc.Find("#comments .flash").Length() != 0 {
				t.Error("flash shown twice")
			}
			// Not public before approval.
			doc, raw := commentDoc(t, e.get(t, c.page), 200)
			if doc.Find("#comments .comment-list li").Length() != 0 || strings.Contains(raw, "alert(1)") {
				t.Fatal("an unapproved comment is public")
			}

			// The moderator sees it in the queue, with what it is on, never the email.
			var id int64
			if err := e.db.Pool().QueryRow(context.Background(), `SELECT id FROM comments WHERE body = $1`, body).Scan(&id); err != nil {
				t.Fatalf("stored as typed: %v", err)
			}
			queue, raw := commentDoc(t, e.getAs(t, staff, "/"+string(c.lang)+"/staff/comments"), 200)
			item := queue.Find(fmt.Sprintf("#comment-%d", id))
			if item.Length() != 1 || item.Find(`a[href="`+c.page+`"]`).Length() != 1 || !strings.Contains(text(item), "alert(1)") {
				t.Fatalf("queue item: %q", text(item))
			}
			if item.Find("script, b").Length() != 0 || strings.Contains(raw, commenterEmail) {
				t.Fatal("the queue renders the comment's markup or shows the email")
			}
			res = e.post(t, staff, fmt.Sprintf("/%s/staff/comments/%d", c.lang, id), url.Values{"action": {"approve"}, "from": {"pending"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("approve: %d", res.StatusCode)
			}

			// Now public, as text: no element of the author's making.
			doc, raw = commentDoc(t, e.get(t, c.page), 200)
			li := doc.Find("#comments .comment-list li")
			if li.Length() != 1 || !strings.Contains(li.Text(), "<script>alert(1)</script> <b>gras</b>") ||
				!strings.Contains(li.Text(), `سطر ثان & "quotes"`) || !strings.Contains(text(li), "Salma B.") {
				t.Fatalf("approved comment: %q", li.Text())
			}
			if doc.Find("#comments script, #comments b").Length() != 0 || !strings.Contains(raw, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Fatal("the comment's markup reached the page unescaped")
			}
			if li.Find("br").Length() != 1 {
				t.Errorf("line break not kept: %d", li.Find("br").Length())
			}
			for _, l := range []string{"ar", "fr"} {
				_, raw := commentDoc(t, e.get(t, "/"+l+strings.TrimPrefix(strings.TrimPrefix(c.page, "/ar"), "/fr")), 200)
				if strings.Contains(raw, commenterEmail) || strings.Contains(raw, "salma.private") {
					t.Fatalf("the email shows on the public page in %s", l)
				}
			}
			// The decision is audited, without the email.
			var audits int
			e.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE entity = 'comment' AND entity_id = $1
				AND action = 'approve' AND changes::text NOT LIKE '%' || $2 || '%'`, id, commenterEmail).Scan(&audits)
			if audits != 1 {
				t.Errorf("audit lines: %d", audits)
			}
		})
	}
	// Nowhere else either: the lists, the search, the data exports.
	for _, path := range []string{"/ar/", "/fr/meetings", "/fr/search?q=salma", "/fr/search?q=alert", "/fr/data", "/sitemap.xml"} {
		res := e.get(t, path)
		b, _ := io.ReadAll(res.Body)
		if strings.Contains(string(b), commenterEmail) {
			t.Errorf("%s shows the email", path)
		}
	}
}

// Every refusal has its status and its clear, localized message; the
// refused text is kept; nothing is stored.
func TestCommentRefusals(t *testing.T) {
	e := newCommentEnv(t)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	draft := e.id(t, `INSERT INTO meetings (region_id, title_ar, venue_ar, starts_at, format) VALUES (2, 'مسودة', 'وجدة', now(), 'in_person') RETURNING id`)
	page := fmt.Sprintf("/fr/meetings/%d", meeting)
	with := func(field, value string) url.Values {
		f := commentForm("Un avis")
		f.Set(field, value)
		return f
	}
	long := strings.Repeat("é", 2001)
	for _, c := range []struct {
		name   string
		path   string
		form   url.Values
		status int
		field  string // in error, beside its input
		msg    string
		kept   string // value kept in that field
	}{
		{"no name", page, with("name", "   "), 422, "name", "comment_error_name_required", ""},
		{"name too long", page, with("name", strings.Repeat("n", 101)), 422, "name", "comment_error_name_too_long", strings.Repeat("n", 101)},
		{"no email", page, with("email", ""), 422, "email", "comment_error_email_required", ""},
		{"bad email", page, with("email", "salma@"), 422, "email", "comment_error_email_invalid", "salma@"},
		{"no comment", page, with("body", " \r\n "), 422, "body", "comment_error_body_required", ""},
		{"comment too long", page, with("body", long), 422, "body", "comment_error_body_too_long", long},
		{"axis, comment too long", "/ar/strategy/digitalisation", with("body", long), 422, "body", "comment_error_body_too_long", long},
		{"duplicated field", page, url.Values{"name": {"a", "b"}, "email": {commenterEmail}, "body": {"Un avis"}}, 422, "name", "error_duplicate_field", ""},
		{"invalid UTF-8", page, with("body", "caf\xe9"), 422, "body", "error_form_encoding", "caf\ufffd"},
		{"NUL byte", page, with("name", "a\x00b"), 422, "name", "error_form_encoding", "a\ufffdb"},
		{"draft meeting", fmt.Sprintf("/fr/meetings/%d", draft), commentForm("x"), 404, "", "error_not_found", ""},
		{"unknown meeting", "/fr/meetings/999999/comments", commentForm("x"), 404, "", "error_not_found", ""},
		{"unknown axis", "/fr/strategy/atlantis", commentForm("x"), 404, "", "error_not_found", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			if !strings.HasSuffix(path, "/comments") {
				path += "/comments"
			}
			lang := i18n.French
			if strings.HasPrefix(path, "/ar/") {
				lang = i18n.Arabic
			}
			doc, _ := commentDoc(t, e.commentPost(t, "192.0.2.20:1", nil, path, c.form), c.status)
			msg := commentMsg(t, lang, c.msg)
			if c.field == "" {
				if !strings.Contains(text(doc.Find("main")), msg) {
					t.Fatalf("page says %q, want %q", text(doc.Find("main")), msg)
				}
				return
			}
			// The page itself, re-rendered with the form: its links are the page's own.
			if canonical := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); strings.HasSuffix(canonical, "/comments") {
				t.Errorf("canonical %q", canonical)
			}
			if doc.Find("h1").Length() != 1 || doc.Find("#comments .error-summary").Length() != 1 {
				t.Fatal("not the page with its error summary")
			}
			if got := text(doc.Find("#f-" + c.field + "-error")); !strings.Contains(got, flat(msg)) {
				t.Fatalf("error beside %s: %q, want %q", c.field, got, msg)
			}
			input := doc.Find("#f-" + c.field)
			kept := input.AttrOr("value", "")
			if goquery.NodeName(input) == "textarea" {
				kept = input.Text()
			}
			if c.kept != "" && kept != c.kept {
				t.Fatalf("value not kept: %.40q", kept)
			}
			if c.field != "body" && !strings.Contains(doc.Find("#f-body").Text(), "Un avis") {
				t.Errorf("the comment was not kept: %q", doc.Find("#f-body").Text())
			}
		})
	}
	if n := e.commentCount(t); n != 0 {
		t.Fatalf("%d comments stored", n)
	}
	// The public page's own ?page= is checked like any list's.
	if res := e.get(t, page+"?page=abc"); res.StatusCode != 400 {
		t.Errorf("?page=abc: %d", res.StatusCode)
	}
}

// A filled honeypot is answered as an accepted comment, and nothing is stored.
func TestCommentHoneypot(t *testing.T) {
	e := newCommentEnv(t)
	form := commentForm("Achetez maintenant")
	form.Set("website", "http://spam.example")
	res := e.commentPost(t, "192.0.2.30:1", nil, "/fr/strategy/digitalisation/comments", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/strategy/digitalisation#comments" {
		t.Fatalf("honeypot: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc, _ := commentDoc(t, e.getAs(t, flashCookie(res), "/fr/strategy/digitalisation"), 200)
	if text(doc.Find("#comments .flash")) != commentMsg(t, i18n.French, "comment_flash_pending") {
		t.Errorf("the robot is not answered as a person: %q", text(doc.Find("#comments .flash")))
	}
	if n := e.commentCount(t); n != 0 {
		t.Fatalf("honeypot comment stored: %d", n)
	}
	// A person's comment right after is accepted.
	if res := e.commentPost(t, "192.0.2.30:1", nil, "/fr/strategy/digitalisation/comments", commentForm("Un vrai avis")); res.StatusCode != 303 {
		t.Fatalf("person: %d", res.StatusCode)
	}
	if n := e.commentCount(t); n != 1 {
		t.Fatalf("stored: %d", n)
	}
}

// The sixth comment within ten minutes from one address is refused with
// 429 and the text kept; another address is not affected. Nothing the
// commenter typed, the email above all, reaches the logs.
func TestCommentRateLimitAndLogs(t *testing.T) {
	e := newCommentEnv(t)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	path := fmt.Sprintf("/ar/meetings/%d/comments", meeting)
	for i := 1; i <= domain.CommentLimit; i++ {
		if res := e.commentPost(t, "203.0.113.5:4000", nil, path, commentForm(fmt.Sprintf("تعليق %d", i))); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i, res.StatusCode)
		}
	}
	res := e.commentPost(t, "203.0.113.5:4001", nil, path, commentForm("السادس"))
	if res.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	doc, _ := commentDoc(t, res, http.StatusTooManyRequests)
	if got := text(doc.Find("#f-body-error")); !strings.Contains(got, commentMsg(t, i18n.Arabic, "comment_error_rate_limit")) {
		t.Fatalf("rate limit message: %q", got)
	}
	if doc.Find("#f-body").Text() != "السادس" || doc.Find("#f-name").AttrOr("value", "") != "Salma B." {
		t.Fatal("the refused comment was not kept")
	}
	// IPv6 addresses count by their /64.
	for i := 1; i <= domain.CommentLimit; i++ {
		ip := fmt.Sprintf("[2001:db8:5:6::%x]:443", i)
		if res := e.commentPost(t, ip, nil, path, commentForm("v6")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("IPv6 comment %d: %d", i, res.StatusCode)
		}
	}
	if res := e.commentPost(t, "[2001:db8:5:6::ffff]:443", nil, path, commentForm("v6 again")); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("same /64: %d", res.StatusCode)
	}
	if res := e.commentPost(t, "203.0.113.6:4000", nil, path, commentForm("من عنوان آخر")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another address: %d", res.StatusCode)
	}
	if n := e.commentCount(t); n != 2*domain.CommentLimit+1 {
		t.Fatalf("stored %d", n)
	}
	// A refused form and a moderation too, then the logs: requests are
	// there, the email is not.
	e.commentPost(t, "203.0.113.7:1", nil, path, with(commentForm(strings.Repeat("x", 2001)), "name", ""))
	staff := e.as(t, domain.RoleStaff, 0)
	e.getAs(t, staff, "/fr/staff/comments")
	logs := e.logs.String()
	if !strings.Contains(logs, "/comments") {
		t.Fatalf("no request logged: %.300s", logs)
	}
	for _, secret := range []string{commenterEmail, "salma.private", "Salma B."} {
		if strings.Contains(logs, secret) {
			t.Fatalf("the logs hold %q", secret)
		}
	}
}

func with(f url.Values, field, value string) url.Values {
	f.Set(field, value)
	return f
}

// Moderation: reject needs a reason, spam hides, a stale decision is
// refused, and only staff and administrators may moderate.
func TestCommentModeration(t *testing.T) {
	e := newCommentEnv(t)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	for i, body := range []string{"premier", "deuxième", "troisième"} {
		if res := e.commentPost(t, fmt.Sprintf("192.0.2.%d:1", 40+i), nil, fmt.Sprintf("/fr/meetings/%d/comments", meeting), commentForm(body)); res.StatusCode != 303 {
			t.Fatalf("post: %d", res.StatusCode)
		}
	}
	ids := map[string]int64{}
	for _, b := range []string{"premier", "deuxième", "troisième"} {
		ids[b] = e.id(t, `SELECT id FROM comments WHERE body = '`+b+`'`)
	}
	staff := e.as(t, domain.RoleStaff, 0)
	url1 := func(id int64) string { return fmt.Sprintf("/fr/staff/comments/%d", id) }

	// The queue, oldest first, with each decision's buttons.
	doc, _ := commentDoc(t, e.getAs(t, staff, "/fr/staff/comments"), 200)
	items := doc.Find(".comment-queue > li")
	if items.Length() != 3 || items.First().AttrOr("id", "") != fmt.Sprintf("comment-%d", ids["premier"]) {
		t.Fatalf("queue: %d items, first %q", items.Length(), items.First().AttrOr("id", ""))
	}
	if doc.Find(`.staff-nav a[href="/fr/staff/comments"][aria-current=page]`).Length() != 1 {
		t.Error("the workspace navigation does not lead to the comments")
	}
	first := items.First()
	for _, a := range []string{"approve", "reject", "spam"} {
		if first.Find(`form input[name=action][value=`+a+`]`).Length() != 1 {
			t.Errorf("no %s form", a)
		}
	}

	// A rejection without its reason: 422, the error beside the reason.
	doc, _ = commentDoc(t, e.post(t, staff, url1(ids["premier"]), url.Values{"action": {"reject"}, "from": {"pending"}, fmt.Sprintf("reason-%d", ids["premier"]): {"  "}}), 422)
	field := fmt.Sprintf("#f-reason-%d", ids["premier"])
	if got := text(doc.Find(field + "-error")); !strings.Contains(got, commentMsg(t, i18n.French, "comment_error_reason_required")) {
		t.Fatalf("reason error: %q", got)
	}
	if doc.Find(`.error-summary a[href="`+field+`"]`).Length() != 1 {
		t.Error("the error summary does not lead to the reason")
	}
	status := func(id int64) string {
		var s string
		e.db.Pool().QueryRow(context.Background(), `SELECT status || ':' || reject_reason FROM comments WHERE id = $1`, id).Scan(&s)
		return s
	}
	if s := status(ids["premier"]); s != "pending:" {
		t.Fatalf("after a refused rejection: %q", s)
	}
	res := e.post(t, staff, url1(ids["premier"]), url.Values{"action": {"reject"}, "from": {"pending"}, fmt.Sprintf("reason-%d", ids["premier"]): {"Propos injurieux"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/fr/staff/comments?status=pending" {
		t.Fatalf("reject: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc, _ = commentDoc(t, e.getAs(t, staff, res.Header.Get("Location")), 200)
	if text(doc.Find(".flash")) != commentMsg(t, i18n.French, "comment_flash_reject") {
		t.Errorf("flash: %q", text(doc.Find(".flash")))
	}
	if s := status(ids["premier"]); s != "rejected:Propos injurieux" {
		t.Fatalf("rejected: %q", s)
	}
	if res := e.post(t, staff, url1(ids["deuxième"]), url.Values{"action": {"spam"}, "from": {"pending"}}); res.StatusCode != 303 {
		t.Fatalf("spam: %d", res.StatusCode)
	}
	if s := status(ids["deuxième"]); s != "spam:" {
		t.Fatalf("spam: %q", s)
	}
	// A decision taken on a stale view, an unknown action or comment.
	for _, c := range []struct {
		name   string
		id     int64
		form   url.Values
		status int
	}{
		{"stale", ids["deuxième"], url.Values{"action": {"approve"}, "from": {"pending"}}, 409},
		{"same status", ids["deuxième"], url.Values{"action": {"spam"}, "from": {"spam"}}, 400},
		{"unknown action", ids["troisième"], url.Values{"action": {"delete"}, "from": {"pending"}}, 400},
		{"unknown from", ids["troisième"], url.Values{"action": {"approve"}, "from": {"shown"}}, 400},
		{"unknown comment", 999999, url.Values{"action": {"approve"}, "from": {"pending"}}, 404},
	} {
		if res := e.post(t, staff, url1(c.id), c.form); res.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.status)
		}
	}
	// The other lists show the decided ones, with the reason.
	doc, _ = commentDoc(t, e.getAs(t, staff, "/fr/staff/comments?status=rejected"), 200)
	if !strings.Contains(text(doc.Find(".comment-queue")), "Propos injurieux") {
		t.Error("rejected list lacks the reason")
	}
	if res := e.getAs(t, staff, "/fr/staff/comments?status=deleted"); res.StatusCode != 400 {
		t.Errorf("unknown status filter: %d", res.StatusCode)
	}
	// Neither rejected nor spam reached the public.
	doc, _ = commentDoc(t, e.get(t, fmt.Sprintf("/fr/meetings/%d", meeting)), 200)
	if doc.Find("#comments .comment-list li").Length() != 0 {
		t.Fatal("a rejected or spam comment is public")
	}
	if n := e.id(t, `SELECT count(*) FROM audit_log WHERE entity = 'comment' AND action IN ('reject', 'spam')`); n != 2 {
		t.Errorf("audit lines: %d", n)
	}

	// Only staff and administrators moderate.
	regional := e.as(t, domain.RoleRegional, 2)
	if res := e.getAs(t, regional, "/fr/staff/comments"); res.StatusCode != 403 {
		t.Errorf("regional official, queue: %d", res.StatusCode)
	}
	if res := e.post(t, regional, url1(ids["troisième"]), url.Values{"action": {"approve"}, "from": {"pending"}}); res.StatusCode != 403 {
		t.Errorf("regional official, approve: %d", res.StatusCode)
	}
	if res := e.get(t, "/fr/staff/comments"); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login") {
		t.Errorf("public, queue: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := e.post(t, nil, url1(ids["troisième"]), url.Values{"action": {"approve"}, "from": {"pending"}}); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login") {
		t.Errorf("public, approve: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if s := status(ids["troisième"]); s != "pending:" {
		t.Fatalf("moderated by someone who may not: %q", s)
	}
	admin := e.as(t, domain.RoleAdmin, 0)
	if res := e.post(t, admin, url1(ids["troisième"]), url.Values{"action": {"approve"}, "from": {"pending"}}); res.StatusCode != 303 {
		t.Errorf("admin, approve: %d", res.StatusCode)
	}
}

// The public page shows 20 approved comments at a time, newest first, with
// links to the others; a staff preview of a meeting has no comments.
func TestCommentPagesAndPreview(t *testing.T) {
	e := newCommentEnv(t)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	_, err := e.db.Pool().Exec(context.Background(), `
		INSERT INTO comments (meeting_id, name, email, body, ip, status, moderated_at, created_at)
		SELECT $1, 'n' || i, 'v' || i || '@example.org', 'commentaire numéro ' || i || '.', '192.0.2.1', 'approved', now(), now() - i * interval '1 hour'
		FROM generate_series(1, 25) AS i`, meeting)
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/fr/meetings/%d", meeting)
	doc, _ := commentDoc(t, e.get(t, page), 200)
	items := doc.Find("#comments .comment-list > li")
	if items.Length() != 20 || !strings.Contains(text(items.First()), "numéro 1.") || !strings.Contains(text(doc.Find("#comments")), "25 commentaires") {
		t.Fatalf("page 1: %d items, first %q", items.Length(), text(items.First()))
	}
	next := doc.Find(`#comments .pagination a[rel=next]`).AttrOr("href", "")
	if next != page+"?page=2#comments" {
		t.Fatalf("next page link %q", next)
	}
	doc, _ = commentDoc(t, e.get(t, page+"?page=2"), 200)
	if items := doc.Find("#comments .comment-list > li"); items.Length() != 5 || !strings.Contains(text(items.Last()), "numéro 25.") {
		t.Fatalf("page 2: %d items", items.Length())
	}
	// A staff preview shows no comments section.
	staff := e.as(t, domain.RoleStaff, 0)
	doc, _ = commentDoc(t, e.getAs(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/preview", meeting)), 200)
	if doc.Find("#comments").Length() != 0 {
		t.Error("the preview shows the comments")
	}
}

// In a browser: a visitor who forgets the email is brought back to the
// form with the error and the text kept, never sees the honeypot, and is
// told their comment awaits moderation; once approved, the comment shows
// as text, and the page passes the accessibility checks.
func TestCommentInTheBrowser(t *testing.T) {
	e := newCommentEnv(t)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	page := fmt.Sprintf("/ar/meetings/%d", meeting)
	b := browser.Get(t)
	ctx := b.Visitor(t, 375)
	body := `<img src=x onerror="document.title='pwned'"> رأيي`
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+page),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "سلمى"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), body),
		chromedp.Click(chromedp.CSS("#comments form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#comments .error-summary")),
	)
	if err != nil {
		t.Fatalf("submitting without the email: %v", err)
	}
	if got := textOf(t, ctx, "#f-email-error"); !strings.Contains(got, commentMsg(t, i18n.Arabic, "comment_error_email_required")) {
		t.Errorf("email error: %q", got)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#f-body').value`))
	if err != nil || kept != body {
		t.Errorf("body kept: %q %v", kept, err)
	}
	// The honeypot takes no room and no one tabs into it.
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const input = document.querySelector('#f-website');
		const r = input.closest('[aria-hidden=true]').getBoundingClientRect();
		return r.width <= 1 && r.height <= 1 && input.tabIndex === -1 && input.value === '';
	})()`))
	if err != nil || !hidden {
		t.Errorf("honeypot visible or reachable: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-email"), commenterEmail),
		chromedp.Click(chromedp.CSS("#comments form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#comments .flash")),
	)
	if err != nil {
		t.Fatalf("submitting: %v", err)
	}
	if got := textOf(t, ctx, "#comments .flash"); got != commentMsg(t, i18n.Arabic, "comment_flash_pending") {
		t.Errorf("flash: %q", got)
	}
	id := e.id(t, `SELECT id FROM comments WHERE body = '`+strings.ReplaceAll(body, "'", "''")+`'`)
	staff := e.as(t, domain.RoleStaff, 0)
	if res := e.post(t, staff, fmt.Sprintf("/ar/staff/comments/%d", id), url.Values{"action": {"approve"}, "from": {"pending"}}); res.StatusCode != 303 {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+page),
		chromedp.WaitVisible(chromedp.CSS("#comments .comment-list li")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := textOf(t, ctx, "#comments .comment-list li .comment-body"); got != body {
		t.Errorf("shown as %q", got)
	}
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll('#comments img').length + ':' + document.title`))
	if err != nil || strings.HasPrefix(title, "1:") || strings.Contains(title, "pwned") {
		t.Errorf("the comment's markup ran: %q %v", title, err)
	}
	// A word longer than a phone's width does not push the page sideways.
	_, err = e.db.Pool().Exec(context.Background(), `INSERT INTO comments (meeting_id, name, email, body, ip, status, moderated_at)
		VALUES ($1, repeat('ن', 100), 'x@example.org', 'https://example.org/' || repeat('a', 400), '192.0.2.1', 'approved', now())`, meeting)
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{375, 1280} {
		r := b.Check(t, srv.URL+page, width, browsertest.ScreenshotPath("ar_meeting_comments", width))
		if r.Overflows() {
			t.Errorf("@%d: overflows sideways", width)
		}
		for _, v := range r.Violations {
			t.Errorf("@%d: %s", width, v)
		}
	}
}

// newCommentEnv is an environment with the demo content but its comments,
// for tests that count comments from none.
func newCommentEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, true)
	if _, err := e.db.Pool().Exec(context.Background(), `DELETE FROM comments WHERE demo`); err != nil {
		t.Fatal(err)
	}
	return e
}
