package auth

import "tachawor/internal/domain"

// Action is something a signed-in user may be allowed to do. Reading what
// is published needs no action: the public may.
type Action string

const (
	ViewStaff           Action = "view_staff"            // enter the staff workspace
	EditMeeting         Action = "edit_meeting"          // create, edit, archive, restore a meeting
	PublishMeeting      Action = "publish_meeting"       // publish or unpublish a meeting
	EditAgreement       Action = "edit_agreement"        // create, edit, archive, restore an agreement
	PublishAgreement    Action = "publish_agreement"     // publish or unpublish an agreement
	EditReference       Action = "edit_reference"        // institutions and officials
	SubmitExpectation   Action = "submit_expectation"    // write, save and submit an expectation
	ViewOwnExpectations Action = "view_own_expectations" // see a region's expectations, drafts included
	TriageExpectation   Action = "triage_expectation"    // decide an expectation's status and answer
	EditCommitment      Action = "edit_commitment"       // the action plan: create, edit, archive, restore
	PublishCommitment   Action = "publish_commitment"    // publish or unpublish a commitment
	ModerateComments    Action = "moderate_comments"     // approve, reject, mark as spam
	ViewHistory         Action = "view_history"          // a record's audit history
	ManageUsers         Action = "manage_users"          // create, invite, disable accounts
	ViewAudit           Action = "view_audit"            // search the whole audit log
	ManageOwnAccount    Action = "manage_own_account"    // change one's own password
)

// Actions lists every action, for tests that walk them all.
var Actions = []Action{
	ViewStaff, EditMeeting, PublishMeeting, EditAgreement, PublishAgreement, EditReference,
	SubmitExpectation, ViewOwnExpectations, TriageExpectation, EditCommitment, PublishCommitment,
	ModerateComments, ViewHistory, ManageUsers, ViewAudit, ManageOwnAccount,
}

// adminOnly are the actions staff may not take.
var adminOnly = map[Action]bool{ManageUsers: true, ViewAudit: true}

// regionalActions are the only actions of a regional official, each on
// their own region's records only.
var regionalActions = map[Action]bool{SubmitExpectation: true, ViewOwnExpectations: true, ManageOwnAccount: true}

// Can is the one policy function: it reports whether u may take action a
// on a record of region regionID (0 for a record bound to no region, or for
// no record). The public (u nil) and disabled accounts may do none of the
// actions; an administrator may do them all; ministry staff all but
// managing users and searching the audit log; a regional official only
// submits and sees expectations, and only of their own region, never
// another's nor a record bound to no region. Unknown actions are refused.
func Can(u *domain.User, a Action, regionID int16) bool {
	if u == nil || u.Disabled() || !known(a) {
		return false
	}
	switch u.Role {
	case domain.RoleAdmin:
		return true
	case domain.RoleStaff:
		return !adminOnly[a]
	case domain.RoleRegional:
		return regionalActions[a] && u.RegionID != 0 && regionID == u.RegionID
	}
	return false
}

// StateAction is the action that moves a record of entity ("meeting",
// "agreement", "commitment") from one publication state to another:
// publishing and unpublishing are rights of their own, archiving and
// restoring go with editing. An unknown entity gives an action Can refuses.
func StateAction(entity, from, to string) Action {
	publish := to == domain.Published || (from == domain.Published && to == domain.Draft)
	switch entity {
	case "meeting":
		return pick(publish, PublishMeeting, EditMeeting)
	case "agreement":
		return pick(publish, PublishAgreement, EditAgreement)
	case "commitment":
		return pick(publish, PublishCommitment, EditCommitment)
	}
	return ""
}

func pick(ok bool, a, b Action) Action {
	if ok {
		return a
	}
	return b
}

func known(a Action) bool {
	for _, v := range Actions {
		if a == v {
			return true
		}
	}
	return false
}

// ErrForbidden is the error of an action Can refuses.
var ErrForbidden = &domain.Error{Code: domain.Forbidden, MessageID: "error_forbidden"}

// Check is Can as an error: nil when u may take action a on a record of
// region regionID, ErrForbidden otherwise.
func Check(u *domain.User, a Action, regionID int16) error {
	if Can(u, a, regionID) {
		return nil
	}
	return ErrForbidden
}
