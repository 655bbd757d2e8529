package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// checkICS checks what validators ask of an iCalendar file and parses it
// with golang-ical's parser: every line ends in CRLF, is at most 75 octets
// and does not cut a character in two, no carriage return stands alone.
func checkICS(t *testing.T, name string, b []byte) *ics.Calendar {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Errorf("%s does not end in CRLF", name)
	}
	if n := bytes.Count(b, []byte("\r")); n != bytes.Count(b, []byte("\n")) || n != bytes.Count(b, []byte("\r\n")) {
		t.Errorf("%s: %d CR, %d LF, %d CRLF", name, n, bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")))
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 || !utf8.Valid(line) {
			t.Errorf("%s line %d: %d octets, valid UTF-8 %v: %q", name, i+1, len(line), utf8.Valid(line), line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cal
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestCalendarFiles(t *testing.T) {
	e := newEnv(t, true)
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	// A venue typed with a bare CR and what would be properties after it,
	// and text that must be escaped; an end recorded.
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE meetings SET
		venue_fr = E'Oujda\rATTENDEE:mailto:x@evil.test\r\nX-INJECTED:1\nsalle 2; aile B, étage \\1',
		ends_at = starts_at + interval '5 hours 30 minutes' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	res := e.get(t, fmt.Sprintf("/fr/meetings/%d.ics", id))
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("ics: %d %v", res.StatusCode, res.Header)
	}
	cal := checkICS(t, "meeting.ics", b)
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	ev := events[0]
	// The injected lines stay inside LOCATION: no property of their own.
	for _, p := range ev.Properties {
		if p.IANAToken == "ATTENDEE" || strings.HasPrefix(p.IANAToken, "X-") {
			t.Errorf("injected property %s:%s", p.IANAToken, p.Value)
		}
	}
	if got, want := prop(ev, ics.ComponentPropertyLocation), "OujdaATTENDEE:mailto:x@evil.test\nX-INJECTED:1\nsalle 2; aile B, étage \\1"; got != want {
		t.Errorf("location %q, want %q", got, want)
	}
	if !bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n "), nil), []byte(`salle 2\; aile B\, étage \\1`)) {
		t.Errorf("text not escaped:\n%s", b)
	}
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyUniqueId: fmt.Sprintf("meeting-%d@tachawor", id),
		ics.ComponentPropertyDtStart:  "20220119T090000Z",
		ics.ComponentPropertyDtEnd:    "20220119T143000Z",
		ics.ComponentPropertyUrl:      fmt.Sprintf("http://portal.test/fr/meetings/%d", id),
	} {
		if got := prop(ev, p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if !strings.HasPrefix(prop(ev, ics.ComponentPropertySummary), "Rencontre consultative régionale") {
		t.Errorf("summary %q", prop(ev, ics.ComponentPropertySummary))
	}
	// The feed, in both languages: every meeting once, with the same UID
	// as its own file; a meeting with no recorded end has no DTEND.
	for _, lang := range []string{"ar", "fr"} {
		b, _ := io.ReadAll(e.get(t, "/"+lang+"/meetings.ics").Body)
		cal := checkICS(t, lang+"/meetings.ics", b)
		if n := len(cal.Events()); n != 4 {
			t.Errorf("%s feed: %d events, want 4", lang, n)
		}
		uids := map[string]bool{}
		for _, ev := range cal.Events() {
			uid := prop(ev, ics.ComponentPropertyUniqueId)
			if uids[uid] {
				t.Errorf("UID %s twice", uid)
			}
			uids[uid] = true
			if uid != fmt.Sprintf("meeting-%d@tachawor", id) && ev.GetProperty(ics.ComponentPropertyDtEnd) != nil {
				t.Errorf("%s: DTEND invented for a meeting without an end", uid)
			}
			if s := prop(ev, ics.ComponentPropertyDtStart); !strings.HasSuffix(s, "Z") {
				t.Errorf("%s: DTSTART %q not in UTC", uid, s)
			}
		}
		if !uids[fmt.Sprintf("meeting-%d@tachawor", id)] {
			t.Errorf("%s feed lacks the meeting's UID", lang)
		}
	}
	// Arabic text folded at 75 octets never cuts a letter (checked above);
	// this one is long enough to fold.
	b, _ = io.ReadAll(e.get(t, fmt.Sprintf("/ar/meetings/%d.ics", id)).Body)
	checkICS(t, "ar meeting.ics", b)
	if !bytes.Contains(b, []byte("\r\n ")) {
		t.Error("no folded line in the Arabic file")
	}
	if res := e.get(t, "/fr/meetings/999.ics"); res.StatusCode != 404 {
		t.Errorf("unknown ics: %d", res.StatusCode)
	}
}
