package pagecache

import (
	"net/http"
	"testing"
)

// A page read from a standby at WAL position lsn is kept only when the
// position of every change notified is known and lsn is at or past it.
func TestCoverBounds(t *testing.T) {
	c := New(1 << 20)
	c.setLive(true)
	gen := c.gen.Load()
	page := func() *entry { return newEntry("k", http.Header{"Etag": {`W/"x"`}}, []byte("page")) }
	if c.put(gen, 1000, page()) {
		t.Fatal("kept before the changes' position was known")
	}
	c.cover(gen, 1000)
	for _, v := range []struct {
		lsn  uint64
		kept bool
	}{{999, false}, {1000, true}, {1001, true}, {0, true}} {
		if got := c.put(gen, v.lsn, page()); got != v.kept {
			t.Errorf("read at %d (changes up to 1000): kept %v, want %v", v.lsn, got, v.kept)
		}
	}
	// A change: its position unknown until covered again; an older
	// cover is not taken for a newer generation.
	c.Invalidate()
	gen2 := c.gen.Load()
	if c.covered() || c.put(gen2, 5000, page()) {
		t.Fatal("kept after a change whose position is unknown")
	}
	c.cover(gen, 4000) // stale: for the generation before
	if c.covered() || c.put(gen2, 5000, page()) {
		t.Fatal("an old position covered a new change")
	}
	c.cover(gen2, 4000)
	if !c.covered() || c.put(gen2, 3999, page()) || !c.put(gen2, 4000, page()) {
		t.Fatal("bounds after the change")
	}
	if c.Stats().Behind != 5 {
		t.Errorf("behind: %d, want 5", c.Stats().Behind)
	}
}
