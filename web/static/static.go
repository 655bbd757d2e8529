// Package static embeds the portal's stylesheet, fonts and images and serves
// them under content-hashed names with long-lived immutable caching.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed *.css fonts/*.woff2 *.svg
var files embed.FS

// Assets maps file names to content-hashed names and back.
type Assets struct {
	hashed map[string]string // "app.css" -> "app.1a2b3c4d5e.css"
	byHash map[string]asset
}

type asset struct {
	data        []byte
	contentType string
}

// New reads the embedded files and names each after its content.
func New() (*Assets, error) {
	a := &Assets{hashed: map[string]string{}, byHash: map[string]asset{}}
	var sheets []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path.Ext(p) == ".css" {
			sheets = append(sheets, p) // hashed after the files they refer to
			return nil
		}
		return a.add(p, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("reading static assets: %w", err)
	}
	for _, p := range sheets {
		if err := a.add(p, a.rewriteURLs); err != nil {
			return nil, fmt.Errorf("reading static assets: %w", err)
		}
	}
	return a, nil
}

// rewriteURLs points a stylesheet's url("fonts/x.woff2") references to the
// hashed names, so that the stylesheet's own hash changes with them.
func (a *Assets) rewriteURLs(css []byte) []byte {
	s := string(css)
	for name, hashed := range a.hashed {
		s = strings.ReplaceAll(s, `url("`+name+`")`, `url("/static/`+hashed+`")`)
	}
	return []byte(s)
}

func (a *Assets) add(p string, transform func([]byte) []byte) error {
	data, err := files.ReadFile(p)
	if err != nil {
		return err
	}
	if transform != nil {
		data = transform(data)
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(p)
	name := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	ct := mime.TypeByExtension(ext)
	if ext == ".woff2" {
		ct = "font/woff2"
	}
	a.hashed[p] = name
	a.byHash[name] = asset{data: data, contentType: ct}
	return nil
}

// Path returns the URL path of the file name ("app.css" gives
// "/static/app.1a2b3c4d5e.css"). An unknown name is a programming error.
func (a *Assets) Path(name string) string {
	h, ok := a.hashed[name]
	if !ok {
		panic("static: unknown asset " + name)
	}
	return "/static/" + h
}

// ServeHTTP serves /static/{hashed name}; anything else is not found.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	f, ok := a.byHash[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+name+`"`)
	if r.Header.Get("If-None-Match") == `"`+name+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(f.data)
}
