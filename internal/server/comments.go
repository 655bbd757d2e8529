package server

import (
	"context"
	"net/http"
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

// commentSpec is the comment form. The body is stored exactly as typed;
// "website" is the robots' trap, never shown to people.
var commentSpec = &formSpec{fields: []components.Field{
	{Name: "name", Label: "comment_name", Required: true, Max: domain.CommentNameMax, Auto: "name"},
	{Name: "email", Label: "comment_email", Hint: "comment_email_hint", Kind: components.KindEmail, Required: true, Max: domain.MaxEmailLength, Auto: "email"},
	{Name: "body", Label: "comment_body", Hint: "comment_body_hint", Multiline: true, Required: true, Keep: true},
	{Name: "website", Label: "comment_website"},
}}

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
	v := pages.CommentsView{Base: "/" + string(lang(r)) + path + "#comments",
		Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages()}
	if f, ok := r.Context().Value(commentFormKey{}).(components.Form); ok {
		v.Form = f
	} else {
		v.Form = newForm(r, commentSpec, nil, nil).view("/" + string(lang(r)) + path + "/comments")
	}
	if _, refused := r.Context().Value(commentFormKey{}).(components.Form); !refused && r.Method == http.MethodGet {
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
	f, err := readForm(w, r, commentSpec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	target, err := s.db.CommentTarget(r.Context(), meetingID, axisSlug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	back := "/" + string(lang(r)) + commentTargetPath(target) + "#comments"
	if f.text("website") != "" || len(f.values["website"]) > 1 {
		s.sessions.Flash(r.Context(), "comment_flash_pending")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	in := domain.CommentInput{Target: target, Name: f.text("name"), Email: f.text("email"), Body: f.text("body")}.Normalize()
	f.check(in.Problems())
	delete(f.values, "website")
	if !f.failed() {
		if in.IP, err = auth.ClientAddress(s.clientAddr(r)); err != nil {
			s.Error(w, r, err)
			return
		}
		_, err = s.db.AddComment(r.Context(), in, domain.CommentLimit, domain.CommentWindow)
		switch {
		case err == nil:
			s.sessions.Flash(r.Context(), "comment_flash_pending")
			http.Redirect(w, r, back, http.StatusSeeOther)
			return
		case domain.ErrorCode(err) == domain.Throttled:
			f.fail("body", domain.ErrorMessage(err))
			f.status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(int(domain.CommentWindow.Seconds())))
		default:
			s.Error(w, r, err)
			return
		}
	}
	s.showCommentForm(w, r, f.view("/"+string(lang(r))+commentTargetPath(target)+"/comments"), f.statusCode(), show)
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
	s.renderModeration(w, r, f, 0, nil)
}

// moderationSpec is the form deciding comment id: its reason is named for
// it, as the page holds one such form per comment.
func moderationSpec(id int64) *formSpec {
	return &formSpec{fields: []components.Field{
		{Name: "action", Kind: components.KindChoice, Required: true},
		{Name: "from", Kind: components.KindChoice, Required: true},
		{Name: "page", Kind: components.KindHidden},
		{Name: "reason-" + strconv.FormatInt(id, 10), Label: "comment_reject_reason", Hint: "comment_reject_reason_hint", Max: domain.CommentReasonMax},
	}}
}

var moderationChoices = func() options {
	o := options{}
	for _, a := range []string{"approve", "reject", "spam"} {
		o["action"] = append(o["action"], components.Option{Value: a})
	}
	for _, st := range domain.CommentStatuses {
		o["from"] = append(o["from"], components.Option{Value: st})
	}
	return o
}()

// renderModeration shows one page of comments of a status, each with its
// decision form; failed is comment failedID's form when it was refused.
func (s *Server) renderModeration(w http.ResponseWriter, r *http.Request, f store.CommentFilter, failedID int64, failed *form) {
	if f.Status == "" {
		f.Status = domain.CommentPending
	}
	list, err := s.db.ModerationComments(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	base := "/" + string(lang(r)) + "/staff/comments?status=" + f.Status
	m := pages.StaffComments{Status: f.Status, Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: base,
		Forms: map[int64]components.Form{}}
	status := http.StatusOK
	for _, c := range list.Items {
		action := "/" + string(lang(r)) + "/staff/comments/" + strconv.FormatInt(c.ID, 10)
		if c.ID == failedID && failed != nil {
			m.Forms[c.ID], status = failed.view(action), failed.statusCode()
			m.Problems = m.Forms[c.ID].Problems
			continue
		}
		m.Forms[c.ID] = newForm(r, moderationSpec(c.ID), nil, moderationChoices).view(action)
	}
	title := tr(r, "comment_moderation_heading")
	s.render(w, r, status, pages.StaffCommentsPage(staffPage(r, title, crumb(r, title, "")), m))
}

// moderateComment approves a comment, rejects it with a reason or marks it
// as spam. The form says which status the moderator saw: a comment another
// moderator decided meanwhile is not overwritten (409). A rejection
// without its reason shows the list again with the error beside that
// comment's reason (422).
func (s *Server) moderateComment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	f, err := readForm(w, r, moderationSpec(id), moderationChoices)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	reason := "reason-" + strconv.FormatInt(id, 10)
	m := domain.Moderation{Action: f.choice("action"), From: f.choice("from"), Reason: f.text(reason)}
	n := max(positive(f.values["page"]), 1)
	if _, bad := f.problems[reason]; f.failed() && !bad {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	problems := m.Problems()
	if msg, ok := problems["action"]; ok {
		s.badRequest(w, r, msg)
		return
	}
	if msg, ok := problems["reason"]; ok {
		f.fail(reason, msg)
	}
	if f.failed() {
		s.renderModeration(w, r, store.CommentFilter{Status: m.From, Page: n, Per: commentsPerPage}, id, f)
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
