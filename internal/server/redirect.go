package server

import (
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"tachawor/internal/i18n"
)

// maxDecodings bounds how many layers of percent-encoding a destination
// may carry: a real link has one at most.
const maxDecodings = 3

// safeDestination is the one check of every redirect whose destination
// comes from the request (the language switch's next, the sign-in's next,
// the sign-out's next): it returns raw as a path of this site under one
// of the language prefixes langs ("/fr", "/fr/..."), cleaned of dot
// segments and re-encoded, or "" when raw is anything else.
//
// Browsers are lenient where this is strict: they follow "//host" and
// "/\host" off-site, drop tabs and line breaks inside a URL, and a
// destination may be encoded twice to slip past a check that decodes once.
// So every decoding of raw, down to the last, must be a path starting with
// a single "/", free of backslashes and control characters; the path is
// then cleaned ("/fr/../x" is "/x", refused) before its prefix is checked.
func safeDestination(raw string, langs ...i18n.Lang) string {
	for s, i := raw, 0; ; i++ {
		if s == "" || s[0] != '/' || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') ||
			!utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
			return ""
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			return ""
		}
		if d == s {
			break
		}
		if i == maxDecodings {
			return ""
		}
		s = d
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	p := path.Clean(u.Path)
	if strings.HasSuffix(u.Path, "/") && p != "/" {
		p += "/"
	}
	for _, l := range langs {
		if prefix := "/" + string(l); p == prefix || strings.HasPrefix(p, prefix+"/") {
			return (&url.URL{Path: p, RawQuery: u.Query().Encode()}).String()
		}
	}
	return ""
}
