package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// postedAgo records a comment from ip whose posting is age ago, and
// returns its ID.
func postedAgo(t *testing.T, db *store.DB, target domain.CommentTarget, ip string, age time.Duration) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := db.AddComment(ctx, commentOn(target, ip, "تعليق "+age.String()), 1000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `UPDATE comments SET created_at = now() - make_interval(secs => $2) WHERE id = $1`, id, age.Seconds()); err != nil {
		t.Fatal(err)
	}
	return id
}

// The addresses a commenter gave are erased once the retention the privacy
// notice states has passed, the network address first, and the comment
// stays; an address younger than its retention is kept, to the hour.
func TestCommentersAddressesAreErasedAfterTheirRetention(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	target := meetingTarget(t, db)
	hour := time.Hour
	ages := map[string]time.Duration{
		"new":               0,
		"ip just kept":      domain.CommentIPRetention - hour,
		"ip just erased":    domain.CommentIPRetention + hour,
		"email just kept":   domain.CommentEmailRetention - hour,
		"email just erased": domain.CommentEmailRetention + hour,
	}
	ids := map[string]int64{}
	for name, age := range ages {
		ids[name] = postedAgo(t, db, target, "192.0.2.30", age)
	}
	ips, emails, err := db.ForgetCommenters(ctx, domain.CommentIPRetention, domain.CommentEmailRetention)
	if err != nil {
		t.Fatal(err)
	}
	if ips != 3 || emails != 1 {
		t.Errorf("erased %d network and %d e-mail addresses, want 3 and 1", ips, emails)
	}
	for name, id := range ids {
		var hasIP, hasEmail bool
		var body, who string
		err := db.Pool().QueryRow(ctx, `SELECT ip IS NOT NULL, email IS NOT NULL, body, name FROM comments WHERE id = $1`, id).
			Scan(&hasIP, &hasEmail, &body, &who)
		if err != nil {
			t.Fatal(err)
		}
		wantIP := ages[name] < domain.CommentIPRetention
		wantEmail := ages[name] < domain.CommentEmailRetention
		if hasIP != wantIP || hasEmail != wantEmail {
			t.Errorf("%s: network address kept %v, e-mail kept %v; want %v, %v", name, hasIP, hasEmail, wantIP, wantEmail)
		}
		if body == "" || who != "Salma" {
			t.Errorf("%s: the comment itself changed: %q by %q", name, body, who)
		}
	}
	// Nothing is left to erase, and an erased comment does not trouble the
	// per-address limit of new ones.
	if ips, emails, err := db.ForgetCommenters(ctx, domain.CommentIPRetention, domain.CommentEmailRetention); err != nil || ips != 0 || emails != 0 {
		t.Errorf("second pass erased %d and %d (%v)", ips, emails, err)
	}
	if _, err := db.AddComment(ctx, commentOn(target, "192.0.2.30", "بعد المحو"), 10, domain.CommentWindow); err != nil {
		t.Errorf("a comment after the erasure: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM comments WHERE email IS NULL AND ip IS NOT NULL`); n != 0 {
		t.Errorf("%d comments lost their e-mail before their network address", n)
	}
}

// Portals running side by side erase together without erasing twice or
// failing: every address past its retention is erased once in all.
func TestCommentersAddressesAreErasedOnceUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	db := newDB(t, true)
	withoutDemoComments(t, db)
	target := meetingTarget(t, db)
	const old, young = 12, 5
	for i := range old {
		postedAgo(t, db, target, fmt.Sprintf("192.0.2.%d", 40+i), domain.CommentEmailRetention+time.Duration(i+1)*time.Hour)
	}
	for i := range young {
		postedAgo(t, db, target, fmt.Sprintf("192.0.2.%d", 80+i), time.Duration(i)*time.Hour)
	}
	const workers = 8
	var wg sync.WaitGroup
	start := make(chan struct{})
	var mu sync.Mutex
	var ips, emails int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			i, e, err := db.ForgetCommenters(ctx, domain.CommentIPRetention, domain.CommentEmailRetention)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			ips, emails = ips+i, emails+e
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if ips != old || emails != old {
		t.Errorf("erased %d network and %d e-mail addresses in all, want %d each", ips, emails, old)
	}
	if n := count(t, db, `SELECT count(*) FROM comments WHERE email IS NOT NULL AND ip IS NOT NULL`); n != young {
		t.Errorf("%d comments keep their addresses, want %d", n, young)
	}
}
