package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

// The staff home says what waits for its reader, each count leading to
// the list it counts; their own drafts are theirs, not a colleague's.
func TestStaffHomeSaysWhatWaits(t *testing.T) {
	e := newEnv(t, true) // the demo brings expectations received and a commitment due
	e.user(t, "a@example.ma", domain.RoleStaff, 0)
	e.user(t, "b@example.ma", domain.RoleStaff, 0)
	a, b := e.signIn(t, "a@example.ma"), e.signIn(t, "b@example.ma")
	e.createMeeting(t, a, meetingForm(e, t))
	if _, err := e.db.Pool().Exec(t.Context(), `UPDATE commitments SET due_on = current_date - 1, progress = 40
		WHERE id = (SELECT min(id) FROM commitments WHERE demo)`); err != nil {
		t.Fatal(err)
	}
	waiting := func(cookie *http.Cookie) map[string]string {
		doc := e.page2(t, cookie, "/fr/staff")
		out := map[string]string{}
		doc.Find(".waiting a").Each(func(_ int, s *goquery.Selection) { out[s.AttrOr("href", "")] = text(s) })
		return out
	}
	received := e.count(t, `SELECT count(*) FROM expectations WHERE status = 'received'`)
	overdue := e.count(t, `SELECT count(*) FROM commitments WHERE state <> 'archived' AND due_on < current_date AND progress < 100`)
	for who, cookie := range map[string]*http.Cookie{"a": a, "b": b} {
		w := waiting(cookie)
		if got := w["/fr/staff/expectations?status=received"]; !strings.HasPrefix(got, strconv.Itoa(received)+" attente") {
			t.Errorf("%s: to triage %q, want %d", who, got, received)
		}
		if got := w["/fr/staff/commitments?due=overdue"]; !strings.HasPrefix(got, strconv.Itoa(overdue)+" engagement") {
			t.Errorf("%s: overdue %q, want %d", who, got, overdue)
		}
		_, mine := w["/fr/staff/meetings?state=draft&mine=1"]
		if mine != (who == "a") {
			t.Errorf("%s: own drafts shown %v", who, mine)
		}
	}
	// Each count leads to its list, filtered alike.
	doc := e.page2(t, a, "/fr/staff/meetings?state=draft&mine=1")
	if n := doc.Find("tbody tr").Length(); n != 1 || doc.Find(".notice").Length() != 1 {
		t.Errorf("a's drafts: %d rows", n)
	}
	if n := e.page2(t, b, "/fr/staff/meetings?state=draft&mine=1").Find("tbody tr").Length(); n != 0 {
		t.Errorf("b's drafts: %d rows, want none", n)
	}
	if n := e.page2(t, a, "/fr/staff/commitments?due=overdue").Find("tbody tr").Length(); n != overdue {
		t.Errorf("overdue commitments: %d rows, want %d", n, overdue)
	}
	if res := e.getAs(t, a, "/fr/staff/meetings?mine=yes"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("?mine=yes: %d", res.StatusCode)
	}
}
