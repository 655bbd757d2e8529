package server

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
)

// Presentations attached to agenda items: PDF or images, checked by their
// content, at most maxFile each.

const (
	maxFile = 10 << 20
	// maxUpload bounds an upload's whole body. It is well above maxFile so
	// that a file somewhat too large is read to its end and refused with
	// the form and its error, rather than by a connection cut mid-upload.
	maxUpload = 4 * maxFile
)

// fileTypes are the types accepted, each with the extension the stored
// name takes (the first) and the others it may already have.
var fileTypes = map[string][]string{
	"application/pdf": {".pdf"},
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"image/webp":      {".webp"},
}

// allowUpload raises the request body limit of an upload route to maxUpload.
func allowUpload(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := r.Body.(*cappedBody); ok {
			r.Body = http.MaxBytesReader(w, b.raw, maxUpload)
		}
		next.ServeHTTP(w, r)
	})
}

// uploadAttachment stores a file on an agenda item. The type is what the
// content is, whatever the browser claims, and the stored name's extension
// follows it; a name with path separators or control characters is
// refused, not rewritten. Every refusal shows the meeting's form again
// with the problem beside the file field.
func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.staffMeeting(w, r)
	if !ok {
		return
	}
	item, ok := parseID(chi.URLParam(r, "item"))
	if !ok || !rec.HasAgendaItem(item) {
		s.notFound(w, r)
		return
	}
	name, data, msg := readUpload(r)
	var ct string
	if msg == "" {
		ct, name, msg = checkUpload(name, data)
	}
	if msg == "" {
		if _, err := s.db.AddAttachment(r.Context(), id, item, name, ct, data, currentUser(r).ID); err != nil {
			s.Error(w, r, err)
			return
		}
		s.sessions.Flash(r.Context(), "flash_attachment_added")
		http.Redirect(w, r, staffPath(r, "meetings", id)+"#s-files", http.StatusSeeOther)
		return
	}
	if msg == "attachment_error_too_large" && !drain(r.Body) {
		s.Error(w, r, &domain.Error{Code: domain.TooLarge, MessageID: msg})
		return
	}
	opts, err := s.meetingChoices(r, &rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r, editMeetingSpec, s.meetingValues(r, rec), opts)
	f.fail(uploadField(item), msg)
	f.status = cond(msg == "attachment_error_too_large", http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity)
	s.renderMeetingForm(w, r, f, id, &rec)
}

// uploadField is the name of the file input of agenda item item.
func uploadField(item int64) string { return "file-" + strconv.FormatInt(item, 10) }

// readUpload reads the file of a multipart upload: its name as sent and
// its content, or the message ID of what is wrong with it.
func readUpload(r *http.Request) (name string, data []byte, msg string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, "attachment_error_form"
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, "attachment_error_too_large"
		}
		if err != nil {
			return "", nil, "attachment_error_form"
		}
		if part.FormName() != "file" || data != nil {
			part.Close()
			continue
		}
		// The name as sent: part.FileName() would quietly strip a path.
		_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		name = params["filename"]
		data, err = io.ReadAll(io.LimitReader(part, maxFile+1))
		switch {
		case errors.As(err, &mbe) || len(data) > maxFile:
			return "", nil, "attachment_error_too_large"
		case err != nil:
			return "", nil, "attachment_error_form"
		}
	}
	if len(data) == 0 {
		return "", nil, "attachment_error_empty"
	}
	return name, data, ""
}

// checkUpload checks a file's name and content: it returns the type the
// content is and the name to store, its extension that of the type.
func checkUpload(name string, data []byte) (contentType, stored, msg string) {
	if !validFilename(name) {
		return "", "", "attachment_error_name"
	}
	ct, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	exts, ok := fileTypes[ct]
	if !ok {
		return "", "", "attachment_error_type"
	}
	ext := filepath.Ext(name)
	for _, e := range exts {
		if strings.EqualFold(ext, e) {
			return ct, name, ""
		}
	}
	return ct, strings.TrimSuffix(name, ext) + exts[0], ""
}

// drain reads what is left of an upload refused as too large, so that its
// form can be answered on a connection still whole; false when even the
// body's bound is passed.
func drain(body io.Reader) bool {
	_, err := io.Copy(io.Discard, body)
	return err == nil
}

// validFilename accepts a plain file name: no directory, no control or
// bidi-override character, valid UTF-8, a sensible length.
func validFilename(name string) bool {
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 || name == "." || name == ".." {
		return false
	}
	if strings.ContainsAny(name, `/\`) || filepath.Base(name) != name {
		return false
	}
	for _, c := range name {
		if unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c) {
			return false
		}
	}
	return true
}

// staffAttachment serves a file of any meeting, drafts included, to staff.
func (s *Server) staffAttachment(w http.ResponseWriter, r *http.Request) {
	s.serveAttachment(w, r, false)
}

// attachment serves a file of a published meeting to anyone.
func (s *Server) attachment(w http.ResponseWriter, r *http.Request) { s.serveAttachment(w, r, true) }

func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request, public bool) {
	mid, ok1 := pathID(r)
	fid, ok2 := parseID(chi.URLParam(r, "file"))
	if !ok1 || !ok2 {
		s.notFound(w, r)
		return
	}
	a, data, created, err := s.db.Attachment(r.Context(), mid, fid, public)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Last-Modified", created.UTC().Format(http.TimeFormat))
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
