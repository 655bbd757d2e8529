// Package layout is the frame of every page: the document head, header with
// navigation and language switch, skip link and footer, in both directions.
package layout

import (
	"context"
	"net/url"
	"time"

	"tachawor/internal/i18n"
)

// Site is what every page of a request shares: set by the server's
// middleware in the request context.
type Site struct {
	BaseURL string
	CSS     string // hashed path of the stylesheet
	Logo    string // hashed path of the logo
	Loc     *time.Location
	User    *User  // signed-in user, nil for the public
	Flash   string // message ID of the last action's outcome, shown once
}

// User is the signed-in user the header shows.
type User struct {
	Name string
	Role string
}

// Workspace is the path, under the language prefix, of the user's workspace.
func (u User) Workspace() string {
	if u.Role == "regional" {
		return "/staff/expectations"
	}
	return "/staff"
}

type siteKey struct{}

// WithSite stores s in ctx.
func WithSite(ctx context.Context, s Site) context.Context {
	return context.WithValue(ctx, siteKey{}, s)
}

// SiteFrom returns the Site of ctx (zero if none).
func SiteFrom(ctx context.Context) Site {
	s, _ := ctx.Value(siteKey{}).(Site)
	if s.Loc == nil {
		s.Loc = time.UTC
	}
	return s
}

// Crumb is one step of the breadcrumbs; the last one has no Href.
type Crumb struct {
	Label string
	Href  string
}

// Page is what the layout needs to know about a page.
type Page struct {
	Title  string
	Path   string // path after the language prefix, query included: "/meetings?region=oriental"
	Nav    string // key of the main navigation entry to mark current
	Crumbs []Crumb
	// SearchPage marks the search page, which has its own search box: the
	// header's is left out, so that the page has one.
	SearchPage bool
	// NoIndex keeps the page out of search engines (forms, search results).
	NoIndex bool
	// Flash is a message about the last action, announced politely.
	Flash string
	// Feeds are the Atom feeds the page offers besides the site's own.
	Feeds []Feed
}

// Feed is an Atom feed a page links to in its head.
type Feed struct {
	Title string
	Href  string // path, language prefix included
}

// L returns the reader's localizer.
func L(ctx context.Context) *i18n.Localizer { return i18n.FromContext(ctx) }

// Lang returns the reader's language code.
func Lang(ctx context.Context) string { return string(L(ctx).Lang) }

// Href returns path under the reader's language prefix: "/meetings" gives "/ar/meetings".
func Href(ctx context.Context, path string) string { return "/" + Lang(ctx) + path }

// SwitchHref is the language switch's target: it records the choice in a
// cookie and leads to the same page in the other language.
func SwitchHref(ctx context.Context, p Page) string {
	other := L(ctx).Lang.Other()
	return "/lang/" + string(other) + "?next=" + url.QueryEscape("/"+string(other)+p.Path)
}

// Canonical is the absolute address of the page in lang.
func Canonical(ctx context.Context, p Page, lang string) string {
	return SiteFrom(ctx).BaseURL + "/" + lang + p.Path
}

// NavItem is an entry of the main navigation.
type NavItem struct {
	Key, MessageID, Path string
}

// Nav is the main navigation, in order.
var Nav = []NavItem{
	{"home", "nav_home", "/"},
	{"strategy", "nav_strategy", "/strategy"},
	{"regions", "nav_regions", "/regions"},
	{"meetings", "nav_meetings", "/meetings"},
	{"agreements", "nav_agreements", "/agreements"},
	{"expectations", "nav_expectations", "/expectations"},
	{"dashboard", "nav_dashboard", "/dashboard"},
	{"data", "nav_data", "/data"},
}

// PrintDate is the day the page was made, in the reader's language: a
// printed page says when it was taken from the portal.
func PrintDate(ctx context.Context) string {
	return L(ctx).Date(time.Now().In(SiteFrom(ctx).Loc))
}
