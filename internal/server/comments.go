package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// Public comments on axis and meeting pages, and their moderation.
//
// A comment is stored exactly as typed (only the spaces around the name
// and the email are trimmed) and reaches the public only once a moderator
// approves it; templ escapes it wherever it is shown. The commenter's
// email is stored and never shown (not even to moderators: nothing in the
// work needs it), never exported, never logged, never in the audit log.
//
// Abuse is refused without any third-party service:
//   - a honeypot field ("website") people never see: whatever fills it is
//     answered exactly as an accepted comment (303 and the same flash), so
//     a robot learns nothing, but nothing is stored, neither the text nor
//     the address;
//   - at most domain.CommentLimit comments per client address (an IPv4
//     address or an IPv6 /64) within domain.CommentWindow, counted in
//     PostgreSQL so that the limit holds across portal processes: beyond
//     it, 429 with the form kept;
//   - length limits (422 with the error beside the field, the text kept);
//     a form that is not valid UTF-8 or holds NUL bytes is refused (400).

// commentsPerPage is how many approved comments a page shows at once.
const commentsPerPage = 20

// commentFormKey carries a refused comment form to the page re-rendered
// around it.
type commentFormKey struct{}

// commentTargetPath is the public page a comment target is shown on,
// under the language prefix.
func commentTargetPath(t domain.CommentTarget) string {
	if t.MeetingID != 0 {
		return "/meetings/" + strconv.FormatInt(t.MeetingID, 10)
	}
	return "/strategy/" + t.AxisSlug
}

// commentsView builds the comments section of the page of target: one
// page of its approved comments (?page=N), the form (refused values kept
// when the page is re-rendered after a refusal) and the outcome of the
// visitor's last comment. The public has no signed-in session, so the
// flash is popped here (scs created the session when the flash was put);
// a page carrying it is private to the visitor, never stored by a cache.
func (s *Server) commentsView(w http.ResponseWriter, r *http.Request, target domain.CommentTarget) (pages.CommentsView, error) {
	q := newQuery(r)
	n := q.page()
	if q.bad {
		return pages.CommentsView{}, domain.Errorf(domain.Invalid, "error_bad_filter")
	}
	list, err := s.db.Comments(r.Context(), target, n, commentsPerPage)
	if err != nil {
		return pages.CommentsView{}, err
	}
	path := commentTargetPath(target)
	v := pages.CommentsView{Action: path + "/comments", Base: "/" + string(lang(r)) + path + "#comments",
		Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages()}
	if f, ok := r.Context().Value(commentFormKey{}).(components.Form); ok {
		v.Form = f
	} else if r.Method == http.MethodGet {
		if v.Flash = s.sessions.PopFlash(r.Context()); v.Flash != "" {
			w.Header().Set("Cache-Control", "no-store")
		}
	}
	return v, nil
}

// axisComments is the comments section of axis ax's page.
func (s *Server) axisComments(w http.ResponseWriter, r *http.Request, ax domain.Axis) (pages.CommentsView, error) {
	return s.commentsView(w, r, domain.CommentTarget{AxisID: ax.ID, AxisSlug: ax.Slug})
}

// meetingComments is the comments section of the published meeting id's page.
func (s *Server) meetingComments(w http.ResponseWriter, r *http.Request, id int64) (pages.CommentsView, error) {
	return s.commentsView(w, r, domain.CommentTarget{MeetingID: id})
}

func (s *Server) commentOnMeeting(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.postComment(w, r, id, "", s.meeting)
}

func (s *Server) commentOnAxis(w http.ResponseWriter, r *http.Request) {
	s.postComment(w, r, 0, chi.URLParam(r, "slug"), s.axis)
}

// postComment handles the comment form of the page that show renders: the
// published meeting meetingID, or the axis axisSlug.
func (s *Server) postComment(w http.ResponseWriter, r *http.Request, meetingID int64, axisSlug string, show http.HandlerFunc) {
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	target, err := s.db.CommentTarget(r.Context(), meetingID, axisSlug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	back := "/" + string(lang(r)) + commentTargetPath(target) + "#comments"
	f := newForm(r)
	if single(&f, "website", "") != "" || len(f.Values["website"]) > 1 {
		s.sessions.Flash(r.Context(), "comment_flash_pending")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	in := domain.CommentInput{
		Target: target,
		Name:   single(&f, "name", "comment_name"),
		Email:  single(&f, "email", "comment_email"),
		Body:   single(&f, "body", "comment_body"),
	}.Normalize()
	problems := in.Problems()
	for _, field := range []string{"name", "email", "body"} {
		if msg, ok := problems[field]; ok {
			fail(&f, field, "comment_"+field, msg)
		}
	}
	// Only the fields of the form go back to it, each as typed.
	f.Values = url.Values{"name": {in.Name}, "email": {in.Email}, "body": {in.Body}}
	if failed(f) {
		s.showCommentForm(w, r, f, http.StatusUnprocessableEntity, show)
		return
	}
	if in.IP, err = auth.ClientAddress(s.clientAddr(r)); err != nil {
		s.Error(w, r, err)
		return
	}
	_, err = s.db.AddComment(r.Context(), in, domain.CommentLimit, domain.CommentWindow)
	switch {
	case err == nil:
		s.sessions.Flash(r.Context(), "comment_flash_pending")
		http.Redirect(w, r, back, http.StatusSeeOther)
	case domain.ErrorCode(err) == domain.Throttled:
		fail(&f, "body", "comment_body", domain.ErrorMessage(err))
		w.Header().Set("Retry-After", strconv.Itoa(int(domain.CommentWindow.Seconds())))
		s.showCommentForm(w, r, f, http.StatusTooManyRequests, show)
	default:
		s.Error(w, r, err)
	}
}

// showCommentForm answers a refused comment with status and the page it
// was posted from, rendered by that page's own handler (show) with the
// form, its values and errors, in its comments section: the request is
// re-addressed to the page so that its links (language switch, canonical
// address, pagination) are the page's own.
func (s *Server) showCommentForm(w http.ResponseWriter, r *http.Request, f components.Form, status int, show http.HandlerFunc) {
	page := r.Clone(context.WithValue(r.Context(), commentFormKey{}, f))
	page.URL.Path = strings.TrimSuffix(r.URL.Path, "/comments")
	page.URL.RawPath, page.URL.RawQuery = "", ""
	w.Header().Set("Cache-Control", "no-store")
	show(&statusWriter{ResponseWriter: w, status: status}, page)
}

// statusWriter answers with status where the handler it wraps answers 200
// OK; any other status (the page is gone: 404) passes through.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if code == http.StatusOK {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// staffComments lists comments for moderation: the pending queue (oldest
// first) or, with ?status=, the approved, rejected or spam ones.
func (s *Server) staffComments(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := store.CommentFilter{Status: q.str("status", domain.CommentStatuses...), Page: q.page(), Per: commentsPerPage}
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	s.renderModeration(w, r, http.StatusOK, f, components.Form{})
}

func (s *Server) renderModeration(w http.ResponseWriter, r *http.Request, status int, f store.CommentFilter, form components.Form) {
	if f.Status == "" {
		f.Status = domain.CommentPending
	}
	list, err := s.db.ModerationComments(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	base := "/" + string(lang(r)) + "/staff/comments?status=" + f.Status
	title := tr(r, "comment_moderation_heading")
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.StaffCommentsPage(p, pages.StaffComments{Status: f.Status, Items: list.Items,
		Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: base, Form: form}))
}

// moderateComment approves a comment, rejects it with a reason or marks it
// as spam. The form says which status the moderator saw: a comment another
// moderator decided meanwhile is not overwritten (409). A rejection
// without its reason re-renders the list with the error beside that
// comment's reason (422).
func (s *Server) moderateComment(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	m := domain.Moderation{Action: single(&f, "action", ""), From: single(&f, "from", ""), Reason: single(&f, "reason", "")}
	n, err := strconv.Atoi(single(&f, "page", ""))
	if err != nil || n < 1 || n > 100000 {
		n = 1
	}
	if failed(f) || !domain.Contains(domain.CommentStatuses, m.From) {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	problems := m.Problems()
	if msg, ok := problems["action"]; ok {
		s.badRequest(w, r, msg)
		return
	}
	if msg, ok := problems["reason"]; ok {
		field := "reason-" + strconv.FormatInt(id, 10)
		form := components.Form{Values: url.Values{field: {m.Reason}}}
		fail(&form, field, "comment_reject_reason", msg)
		s.renderModeration(w, r, http.StatusUnprocessableEntity, store.CommentFilter{Status: m.From, Page: n, Per: commentsPerPage}, form)
		return
	}
	if err := s.db.ModerateComment(r.Context(), id, m, currentUser(r).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "comment_flash_"+m.Action)
	back := "/" + string(lang(r)) + "/staff/comments?status=" + m.From
	if n > 1 {
		back += "&page=" + strconv.Itoa(n)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
