package server

// SetSitemapPagesPerFile sets how many pages a sitemap file lists, for
// the test of the sitemap index; the returned function sets it back.
func SetSitemapPagesPerFile(n int) (restore func()) {
	old := sitemapPagesPerFile
	sitemapPagesPerFile = n
	return func() { sitemapPagesPerFile = old }
}
