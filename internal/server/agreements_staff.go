package server

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// Staff pages of partnership agreements: the list, the form that creates
// and edits one (parties and milestones as repeatable rows that need no
// script), its preview, history and publication moves.

// agreementBlankRows is how many empty rows the form offers after the
// filled ones, for parties and milestones alike.
const agreementBlankRows = 2

func (s *Server) staffAgreements(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := store.StaffFilter{State: q.str("state", domain.Draft, domain.Published, domain.Archived), Page: q.page(), Per: 20}
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffAgreements(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.StaffAgreements{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r), State: f.State}
	p := page(r, tr(r, "agreement_staff_heading"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "agreement_staff_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.StaffAgreementsPage(p, m))
}

func (s *Server) newAgreementForm(w http.ResponseWriter, r *http.Request) {
	if err := auth.Check(currentUser(r), auth.EditAgreement, 0); err != nil {
		s.Error(w, r, err)
		return
	}
	f := components.Form{Values: url.Values{"status": {"signed"}}}
	s.renderAgreementForm(w, r, http.StatusOK, agreementView{form: f, parties: agreementBlankRows, milestones: agreementBlankRows})
}

func (s *Server) createAgreement(w http.ResponseWriter, r *http.Request) {
	v, in, ok := s.readAgreementForm(w, r, 0)
	if !ok {
		return
	}
	if err := auth.Check(currentUser(r), auth.EditAgreement, in.RegionID); err != nil {
		s.Error(w, r, err)
		return
	}
	if v.status != 0 {
		s.renderAgreementForm(w, r, v.status, v)
		return
	}
	id, err := s.db.CreateAgreement(r.Context(), in, currentUser(r).ID)
	if err != nil {
		s.agreementSaveFailed(w, r, v, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_agreement_created")
	http.Redirect(w, r, agreementStaffPath(r, id), http.StatusSeeOther)
}

func (s *Server) editAgreementForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	v := agreementView{rec: &rec, form: components.Form{Values: agreementValues(r, rec.Input)}}
	url.Values(v.form.Values).Set("version", strconv.Itoa(rec.Version))
	v.parties = len(rec.Input.Parties) + agreementBlankRows
	v.milestones = len(rec.Input.Milestones) + agreementBlankRows
	v.missing = rec.Input.Missing()
	s.renderAgreementForm(w, r, http.StatusOK, v)
}

func (s *Server) updateAgreement(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	v, in, ok := s.readAgreementForm(w, r, rec.ID)
	if !ok {
		return
	}
	v.rec = &rec
	if err := auth.Check(currentUser(r), auth.EditAgreement, in.RegionID); err != nil {
		s.Error(w, r, err)
		return
	}
	version, err := strconv.Atoi(single(&v.form, "version", ""))
	if err != nil || len(v.form.Values["version"]) != 1 {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	if v.status != 0 {
		s.renderAgreementForm(w, r, v.status, v)
		return
	}
	if err := s.db.UpdateAgreement(r.Context(), rec.ID, version, in, currentUser(r).ID); err != nil {
		s.agreementSaveFailed(w, r, v, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_agreement_saved")
	http.Redirect(w, r, agreementStaffPath(r, rec.ID), http.StatusSeeOther)
}

// agreementSaveFailed answers a save the store refused: a stale version
// (409) or a record chosen in the form that went away meanwhile (422) give
// the form back with everything typed; anything else is an error page.
func (s *Server) agreementSaveFailed(w http.ResponseWriter, r *http.Request, v agreementView, err error) {
	switch {
	case errors.Is(err, domain.ErrVersionConflict):
		v.notice = domain.ErrorMessage(err)
		if v.rec != nil {
			// The page offers the moves of the record as it now is.
			if now, err := s.db.AgreementForEdit(r.Context(), v.rec.ID); err == nil {
				v.rec = &now
			}
		}
		s.renderAgreementForm(w, r, http.StatusConflict, v)
	case domain.ErrorCode(err) == domain.Invalid:
		v.notice = domain.ErrorMessage(err)
		s.renderAgreementForm(w, r, http.StatusUnprocessableEntity, v)
	default:
		s.Error(w, r, err)
	}
}

func (s *Server) previewAgreement(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	a, err := s.db.Agreement(r.Context(), rec.ID, false)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	subject, _ := a.Subject.In(string(lang(r)))
	p := page(r, subject, "", crumb(r, tr(r, "agreement_staff_heading"), "/staff/agreements"),
		crumb(r, subject, "/staff/agreements/"+strconv.FormatInt(rec.ID, 10)), crumb(r, tr(r, "agreement_form_preview"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.AgreementPage(p, pages.AgreementDetail{A: a, Preview: true}))
}

func (s *Server) agreementHistory(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	subject, _ := rec.Input.Subject.In(string(lang(r)))
	s.history(w, r, "agreement", rec.ID, subject, agreementStaffPath(r, rec.ID))
}

func (s *Server) setAgreementState(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	// Publishing and unpublishing is a right of its own; archiving and
	// restoring go with editing, already checked.
	to := r.PostForm.Get("to")
	if to == domain.Published || rec.State == domain.Published && to == domain.Draft {
		if err := auth.Check(currentUser(r), auth.PublishAgreement, rec.Input.RegionID); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	s.changeState(w, r, "agreement", rec.ID, agreementStaffPath(r, rec.ID))
}

// staffAgreement reads the agreement of the URL for a staff page, after
// checking the user may edit it.
func (s *Server) staffAgreement(w http.ResponseWriter, r *http.Request) (store.AgreementRecord, bool) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return store.AgreementRecord{}, false
	}
	rec, err := s.db.AgreementForEdit(r.Context(), id)
	if err == nil {
		err = auth.Check(currentUser(r), auth.EditAgreement, rec.Input.RegionID)
	}
	if err != nil {
		s.Error(w, r, err)
		return rec, false
	}
	return rec, true
}

func agreementStaffPath(r *http.Request, id int64) string {
	return "/" + string(lang(r)) + "/staff/agreements/" + strconv.FormatInt(id, 10)
}

// agreementView is what the agreement form page is built from.
type agreementView struct {
	rec        *store.AgreementRecord // nil for a new agreement
	form       components.Form
	parties    int // rows to show
	milestones int
	missing    []domain.MissingText
	notice     string // a message about the whole form (a version conflict)
	status     int    // when not 0, the form goes back with this status instead of being saved
	opts       *store.AgreementOptions
}

// readFormKeepingText reads a staff form like readForm, except that text that
// is not UTF-8 does not lose the rest of what was typed: it comes back
// with the names of the fields that held it, their text mended (U+FFFD),
// for the form to say so beside each.
func readFormKeepingText(w http.ResponseWriter, r *http.Request) ([]string, error) {
	err := readForm(w, r)
	if err == nil || domain.ErrorMessage(err) != "error_form_encoding" || r.PostForm == nil {
		return nil, err
	}
	var bad []string
	for name, vs := range r.PostForm {
		for i, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				vs[i] = strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "\uFFFD")
				bad = append(bad, name)
			}
		}
	}
	sort.Strings(bad)
	return slices.Compact(bad), nil
}

// readAgreementForm reads and checks a submitted agreement form. ok is
// false when the request was answered already (an unreadable form). The
// view's status is 200 when a row was asked for, 422 when the form has
// errors, 0 when the input is fit to save.
func (s *Server) readAgreementForm(w http.ResponseWriter, r *http.Request, id int64) (agreementView, domain.AgreementInput, bool) {
	bad, err := readFormKeepingText(w, r)
	if err != nil {
		s.Error(w, r, err)
		return agreementView{}, domain.AgreementInput{}, false
	}
	v := agreementView{form: newForm(r)}
	v.form.Values = copyAgreementValues(v.form.Values)
	v.parties = compactAgreementRows(v.form.Values, "party-", []string{"institution", "amount"})
	v.milestones = compactAgreementRows(v.form.Values, "milestone-", []string{"title_ar", "title_fr", "due", "percent"})
	problems := map[string]string{}
	for _, name := range bad {
		problems[name] = "error_form_encoding"
	}
	in := parseAgreementInput(v.form.Values, problems)
	v.missing = in.Missing()

	switch single(&v.form, "add_row", "") {
	case "parties":
		v.parties++
		v.status = http.StatusOK
		v.form.Errors, v.form.Order, v.form.Labels = nil, nil, nil
		return v, in, true
	case "milestones":
		v.milestones++
		v.status = http.StatusOK
		v.form.Errors, v.form.Order, v.form.Labels = nil, nil, nil
		return v, in, true
	}

	opts, err := s.db.AgreementOptions(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return v, in, false
	}
	v.opts = &opts
	for field, msg := range in.Problems(opts.Choices()) {
		if _, ok := problems[field]; !ok {
			problems[field] = msg
		}
	}
	for _, field := range agreementFieldOrder(v.parties, v.milestones, problems) {
		fail(&v.form, field, agreementLabel(field), problems[field])
	}
	if failed(v.form) {
		v.status = http.StatusUnprocessableEntity
	}
	// Rows shown: those filled, and at least the blank ones offered.
	v.parties = max(v.parties, len(in.Parties)+agreementBlankRows)
	v.milestones = max(v.milestones, len(in.Milestones)+agreementBlankRows)
	return v, in, true
}

func copyAgreementValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// agreementRowName matches a repeatable row's field: prefix, number, field.
var agreementRowName = regexp.MustCompile(`^([a-z]+-)(\d{1,3})-([a-z_]+)$`)

// compactAgreementRows renumbers the rows of a repeatable section (fields named
// prefix+N+"-"+field) in order from 0, dropping the blank ones, and
// returns how many rows the page showed (blank ones included), so that the
// form comes back as the user left it.
func compactAgreementRows(values url.Values, prefix string, fields []string) int {
	seen := map[int]bool{}
	for name := range values {
		if m := agreementRowName.FindStringSubmatch(name); m != nil && m[1] == prefix {
			n, _ := strconv.Atoi(m[2])
			seen[n] = true
		}
	}
	rows := make([]int, 0, len(seen))
	for n := range seen {
		rows = append(rows, n)
	}
	sort.Ints(rows)
	moved := map[string][]string{}
	filled := 0
	for _, n := range rows {
		blank := true
		for _, f := range fields {
			for _, v := range values[prefix+strconv.Itoa(n)+"-"+f] {
				if strings.TrimSpace(v) != "" {
					blank = false
				}
			}
		}
		for _, f := range fields {
			name := prefix + strconv.Itoa(n) + "-" + f
			if !blank {
				if vs, ok := values[name]; ok {
					moved[prefix+strconv.Itoa(filled)+"-"+f] = vs
				}
			}
			delete(values, name)
		}
		if !blank {
			filled++
		}
	}
	for k, vs := range moved {
		values[k] = vs
	}
	return len(rows)
}

// parseAgreementInput reads an agreement from the form's values, recording in
// problems what cannot be read (a garbled amount, a date that does not
// exist, a field given twice). Rows are already compacted.
func parseAgreementInput(values url.Values, problems map[string]string) domain.AgreementInput {
	fail := func(field, msg string) {
		if _, ok := problems[field]; !ok {
			problems[field] = msg
		}
	}
	one := func(field string) string {
		vs := values[field]
		if len(vs) > 1 {
			fail(field, "error_duplicate_field")
			return ""
		}
		if len(vs) == 0 {
			return ""
		}
		return strings.TrimSpace(vs[0])
	}
	id := func(field string, bits int) int64 {
		v := one(field)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, bits)
		if err != nil || n <= 0 {
			fail(field, "error_choose")
			return 0
		}
		return n
	}
	ids := func(field string) []int32 {
		var out []int32
		for _, v := range values[field] {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
			if err != nil || n <= 0 {
				fail(field, "error_choose")
				continue
			}
			out = append(out, int32(n))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	date := func(field string) *time.Time {
		v := one(field)
		if v == "" {
			return nil
		}
		t, msg := parseAgreementDay(v)
		if msg != "" {
			fail(field, msg)
			return nil
		}
		// Shown again as a date input shows it, whatever way it was typed.
		values[field] = []string{t.Format(time.DateOnly)}
		return &t
	}
	text := func(field string) domain.Text { return domain.Text{AR: one(field + "_ar"), FR: one(field + "_fr")} }

	in := domain.AgreementInput{Subject: text("subject"), Summary: text("summary")}
	for i := 0; ; i++ {
		row := "party-" + strconv.Itoa(i) + "-"
		if _, ok := values[row+"institution"]; !ok {
			if _, ok := values[row+"amount"]; !ok {
				break
			}
		}
		p := domain.PartyInput{InstitutionID: int32(id(row+"institution", 32))}
		if a := one(row + "amount"); a != "" {
			n, err := i18n.ParseAmount(a)
			if err != nil {
				fail(row+"amount", "agreement_form_amount_invalid")
			} else {
				p.AmountDH = &n
			}
		}
		in.Parties = append(in.Parties, p)
	}
	in.SignedOn = date("signed_on")
	in.MeetingID = id("meeting", 63)
	in.RegionID = int16(id("region", 16))
	in.ProvinceIDs = ids("provinces")
	in.AxisIDs = ids("axes")
	in.FieldIDs = ids("fields")
	if d := one("duration"); d != "" {
		n, err := i18n.ParseNumber(d)
		if err != nil {
			fail("duration", "agreement_form_number_invalid")
		} else {
			months := int(max(min(n, 100000), -1))
			in.DurationMonths = &months
		}
	}
	in.Status = one("status")
	for i := 0; ; i++ {
		row := "milestone-" + strconv.Itoa(i) + "-"
		present := false
		for _, f := range []string{"title_ar", "title_fr", "due", "percent"} {
			if _, ok := values[row+f]; ok {
				present = true
			}
		}
		if !present {
			break
		}
		m := domain.MilestoneInput{Title: text(row + "title"), DueOn: date(row + "due")}
		if p := strings.TrimSuffix(strings.TrimSpace(one(row+"percent")), "%"); p != "" {
			n, err := i18n.ParseNumber(p)
			if err != nil {
				fail(row+"percent", "agreement_form_number_invalid")
			} else {
				m.Percent = int(max(min(n, 1000), -1))
			}
		}
		in.Milestones = append(in.Milestones, m)
	}
	return in
}

// agreementDayPattern reads a date as ISO (2022-01-19, what date inputs send) or as
// the reader writes it (19/01/2022, 19-01-2022, 19.01.2022).
var agreementDayPattern = regexp.MustCompile(`^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}))$`)

// parseAgreementDay reads a calendar date, in Western or Arabic-Indic digits. A
// date that does not exist (30 February) is refused, not rolled over.
func parseAgreementDay(s string) (time.Time, string) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		case r == '\u200e' || r == '\u200f' || r == '\u061c':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	m := agreementDayPattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, "error_date_format"
	}
	y, mo, d := m[1], m[2], m[3]
	if y == "" {
		y, mo, d = m[6], m[5], m[4]
	}
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(mo)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || t.Day() != day || int(t.Month()) != month {
		return time.Time{}, "error_date_nonexistent"
	}
	return t, ""
}

// agreementFieldOrder lists the fields of problems in the order of the
// page, for the error summary.
func agreementFieldOrder(parties, milestones int, problems map[string]string) []string {
	order := []string{"subject_ar", "subject_fr", "summary_ar", "summary_fr", "parties"}
	for i := range parties {
		order = append(order, "party-"+strconv.Itoa(i)+"-institution", "party-"+strconv.Itoa(i)+"-amount")
	}
	order = append(order, "signed_on", "meeting", "region", "provinces", "axes", "fields", "duration", "status", "milestones")
	for i := range milestones {
		row := "milestone-" + strconv.Itoa(i) + "-"
		order = append(order, row+"title_ar", row+"title_fr", row+"due", row+"percent")
	}
	var out []string
	known := map[string]bool{}
	for _, f := range order {
		known[f] = true
		if _, ok := problems[f]; ok {
			out = append(out, f)
		}
	}
	var rest []string
	for f := range problems {
		if !known[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// agreementLabel is the message ID of the label of an agreement form field.
func agreementLabel(field string) string {
	if m := agreementRowName.FindStringSubmatch(field); m != nil {
		field = strings.TrimSuffix(m[1], "-") + "_" + m[3]
	}
	field = strings.TrimSuffix(strings.TrimSuffix(field, "_ar"), "_fr")
	switch field {
	case "subject", "summary", "parties", "party_institution", "party_amount", "signed_on", "meeting", "region",
		"provinces", "axes", "fields", "duration", "status", "milestones", "milestone_title", "milestone_due", "milestone_percent":
		return "agreement_form_" + field
	}
	return "agreement_form_field"
}

// agreementValues is an agreement as the form shows it, amounts written
// as the reader writes them.
func agreementValues(r *http.Request, in domain.AgreementInput) url.Values {
	l := i18n.FromContext(r.Context())
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("subject_ar", in.Subject.AR)
	set("subject_fr", in.Subject.FR)
	set("summary_ar", in.Summary.AR)
	set("summary_fr", in.Summary.FR)
	for i, p := range in.Parties {
		row := "party-" + strconv.Itoa(i) + "-"
		v.Set(row+"institution", strconv.Itoa(int(p.InstitutionID)))
		if p.AmountDH != nil {
			v.Set(row+"amount", l.Number(*p.AmountDH))
		}
	}
	if in.SignedOn != nil {
		v.Set("signed_on", in.SignedOn.Format(time.DateOnly))
	}
	if in.MeetingID != 0 {
		v.Set("meeting", strconv.FormatInt(in.MeetingID, 10))
	}
	if in.RegionID != 0 {
		v.Set("region", strconv.Itoa(int(in.RegionID)))
	}
	for _, id := range in.ProvinceIDs {
		v.Add("provinces", strconv.Itoa(int(id)))
	}
	for _, id := range in.AxisIDs {
		v.Add("axes", strconv.Itoa(int(id)))
	}
	for _, id := range in.FieldIDs {
		v.Add("fields", strconv.Itoa(int(id)))
	}
	if in.DurationMonths != nil {
		v.Set("duration", strconv.Itoa(*in.DurationMonths))
	}
	v.Set("status", in.Status)
	for i, m := range in.Milestones {
		row := "milestone-" + strconv.Itoa(i) + "-"
		set(row+"title_ar", m.Title.AR)
		set(row+"title_fr", m.Title.FR)
		if m.DueOn != nil {
			v.Set(row+"due", m.DueOn.Format(time.DateOnly))
		}
		v.Set(row+"percent", strconv.Itoa(m.Percent))
	}
	return v
}

// renderAgreementForm builds the form page's view model, its choices in
// the reader's language, and renders it with status.
func (s *Server) renderAgreementForm(w http.ResponseWriter, r *http.Request, status int, v agreementView) {
	var id int64
	if v.rec != nil {
		id = v.rec.ID
	}
	if v.opts == nil {
		opts, err := s.db.AgreementOptions(r.Context(), id)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		v.opts = &opts
	}
	opts := v.opts
	l := string(lang(r))
	name := func(t domain.Text) string {
		v, _ := t.In(l)
		return v
	}
	m := pages.AgreementForm{Form: v.form, PartyRows: min(v.parties, domain.AgreementRowsMax+1),
		MilestoneRows: min(v.milestones, domain.AgreementRowsMax+1), Notice: v.notice}
	if m.Form.Values == nil {
		m.Form.Values = url.Values{}
	}
	for _, i := range opts.Institutions {
		label := name(i.Input.Name)
		if i.Input.Short != "" && i.Input.Short != label {
			label += " (" + i.Input.Short + ")"
		}
		if i.ArchivedAt != nil {
			label += " — " + tr(r, "state_archived")
		}
		m.Institutions = append(m.Institutions, components.Option{Value: strconv.Itoa(int(i.ID)), Label: label})
	}
	l10n := i18n.FromContext(r.Context())
	for _, mt := range opts.Meetings {
		label := name(mt.Title) + " — " + name(mt.RegionName) + " — " + l10n.Date(mt.StartsAt.In(s.loc))
		if mt.State != domain.Published {
			label += " (" + tr(r, "state_"+mt.State) + ")"
		}
		m.Meetings = append(m.Meetings, components.Option{Value: strconv.FormatInt(mt.ID, 10), Label: label})
	}
	chosen := m.Form.Value("region")
	for _, rg := range opts.Regions {
		value := strconv.Itoa(int(rg.ID))
		m.Regions = append(m.Regions, components.Option{Value: value, Label: name(rg.Name)})
		g := pages.ProvinceGroup{Region: name(rg.Name), Chosen: value == chosen}
		for _, p := range opts.Provinces {
			if p.RegionID == rg.ID {
				g.Options = append(g.Options, components.Option{Value: strconv.Itoa(int(p.ID)), Label: name(p.Name)})
				if m.Form.Has("provinces", strconv.Itoa(int(p.ID))) {
					g.Ticked++
				}
			}
		}
		if len(g.Options) > 0 {
			m.Provinces = append(m.Provinces, g)
		}
	}
	for _, a := range opts.Axes {
		m.Axes = append(m.Axes, components.Option{Value: strconv.Itoa(int(a.ID)), Label: name(a.Name)})
	}
	for _, f := range opts.Fields {
		m.Fields = append(m.Fields, components.Option{Value: strconv.Itoa(int(f.ID)), Label: name(f.Name)})
	}
	for _, st := range domain.AgreementStatuses {
		m.Statuses = append(m.Statuses, components.Option{Value: st, Label: tr(r, "agreement_status_"+st)})
	}
	for _, miss := range v.missing {
		label := tr(r, agreementLabel(miss.Field))
		if mm := agreementRowName.FindStringSubmatch(miss.Field); mm != nil {
			n, _ := strconv.Atoi(mm[2])
			label = l10n.TData("agreement_form_milestone_n", map[string]any{"N": n + 1}) + " — " + label
		}
		m.Missing = append(m.Missing, pages.MissingItem{Label: label, Field: miss.Field + "_" + miss.Lang, Lang: miss.Lang})
	}
	title := tr(r, "agreement_form_new_heading")
	if v.rec != nil {
		m.ID = v.rec.ID
		m.State = v.rec.State
		m.Version = v.rec.Version
		m.Heading, _ = v.rec.Input.Subject.In(l)
		title = m.Heading
	}
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"),
		crumb(r, tr(r, "agreement_staff_heading"), "/staff/agreements"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.AgreementFormPage(p, m))
}
