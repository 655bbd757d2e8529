package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestAnonymousTrafficMakesNoSession: 1,000 requests of visitors who read,
// comment (accepted, refused, rate-limited), fill the honeypot, fail to
// sign in or switch language leave no session row.
func TestAnonymousTrafficMakesNoSession(t *testing.T) {
	e := newEnv(t, true)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	comments := fmt.Sprintf("/fr/meetings/%d/comments", meeting)
	pages := []string{"/ar/", "/fr/", "/fr/meetings", fmt.Sprintf("/ar/meetings/%d", meeting), "/fr/strategy/digitalisation",
		"/ar/regions/oriental", "/fr/search?q=femmes", "/fr/login", "/ar/dashboard", "/fr/nope", "/fr/regions/%00", "/fr/staff/"}
	post := func(path, ip string, form url.Values, header map[string]string) *http.Response {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.RemoteAddr = ip
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		return rec.Result()
	}
	statuses := map[int]int{}
	for i := range 1000 {
		ip := fmt.Sprintf("198.51.%d.%d:4000", i/200, i%200)
		var res *http.Response
		switch i % 10 {
		case 0: // an accepted comment, then the page showing its flash
			res = post(comments, ip, commentForm(fmt.Sprintf("Avis numéro %d", i)), nil)
			if c := flashCookie(res); c != nil {
				e.getAs(t, c, fmt.Sprintf("/fr/meetings/%d", meeting))
			}
		case 1: // the honeypot
			res = post(comments, ip, with(commentForm("Achetez"), "website", "http://spam.example"), nil)
		case 2: // a refused comment
			res = post(comments, ip, with(commentForm(""), "name", ""), nil)
		case 3: // one address, over its limit
			res = post(comments, "203.0.113.200:1", commentForm("Encore"), nil)
		case 4: // a failed sign-in
			res = post("/fr/login", ip, url.Values{"email": {"nobody@example.ma"}, "password": {"wrong password"}}, nil)
		case 5: // a cross-site post
			res = post(comments, ip, commentForm("x"), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
		case 6: // the language switch
			res = e.get(t, "/lang/fr?next=/fr/meetings")
		default: // reading
			res = e.get(t, pages[i%len(pages)])
		}
		statuses[res.StatusCode]++
		if sessionCookie(res) != nil {
			t.Fatalf("request %d (%d) set a session cookie", i, res.StatusCode)
		}
	}
	t.Logf("statuses: %v", statuses)
	for _, want := range []int{200, 303, 404, 422, 429, 403} {
		if statuses[want] == 0 {
			t.Errorf("no %d among the answers: the traffic is not what it should be (%v)", want, statuses)
		}
	}
	if n := e.id(t, `SELECT count(*) FROM sessions`); n != 0 {
		t.Fatalf("%d session rows after anonymous traffic, want 0", n)
	}
	// Signing in is what makes one.
	e.user(t, "agent@example.ma", "staff", 0)
	e.signIn(t, "agent@example.ma")
	if n := e.id(t, `SELECT count(*) FROM sessions`); n != 1 {
		t.Errorf("%d session rows after a sign-in, want 1", n)
	}
}
