package auth

import (
	"testing"
	"time"

	"tachawor/internal/domain"
)

// TestCanMatrix walks every action for every kind of user on a record of
// the user's own region, of another region, and bound to no region.
func TestCanMatrix(t *testing.T) {
	const own, other, none int16 = 3, 5, 0
	disabledAt := time.Now()
	users := map[string]*domain.User{
		"public":                        nil,
		"admin":                         {ID: 1, Role: domain.RoleAdmin},
		"staff":                         {ID: 2, Role: domain.RoleStaff},
		"regional":                      {ID: 3, Role: domain.RoleRegional, RegionID: own},
		"disabled admin":                {ID: 4, Role: domain.RoleAdmin, DisabledAt: &disabledAt},
		"disabled staff":                {ID: 5, Role: domain.RoleStaff, DisabledAt: &disabledAt},
		"disabled regional":             {ID: 6, Role: domain.RoleRegional, RegionID: own, DisabledAt: &disabledAt},
		"regional, no region (corrupt)": {ID: 7, Role: domain.RoleRegional},
		"unknown role":                  {ID: 8, Role: "owner"},
	}
	// allowed[user][action] lists the regions (own, other, none) where the
	// action is allowed; a missing action is allowed nowhere.
	all := []int16{own, other, none}
	allowed := map[string]map[Action][]int16{
		"admin": {},
		"staff": {},
		"regional": {
			SubmitExpectation:   {own},
			ViewOwnExpectations: {own},
			ManageOwnAccount:    {own}, // the region is their own: the account is theirs
		},
	}
	for _, a := range Actions {
		allowed["admin"][a] = all
		if a != ManageUsers && a != ViewAudit {
			allowed["staff"][a] = all
		}
	}
	// The expectation above is written out, not derived from Can; check
	// it names the actions it should.
	if len(allowed["staff"]) != len(Actions)-2 {
		t.Fatalf("staff expectations: %d actions", len(allowed["staff"]))
	}

	cells := 0
	for name, u := range users {
		for _, a := range Actions {
			for _, region := range all {
				want := false
				for _, r := range allowed[name][a] {
					want = want || r == region
				}
				if got := Can(u, a, region); got != want {
					t.Errorf("Can(%s, %s, region %d) = %v, want %v", name, a, region, got, want)
				}
				if err := Check(u, a, region); (err == nil) != want {
					t.Errorf("Check(%s, %s, region %d) = %v", name, a, region, err)
				}
				cells++
			}
		}
	}
	if want := len(users) * len(Actions) * len(all); cells != want {
		t.Fatalf("walked %d cells, want %d", cells, want)
	}
	for name, u := range users {
		if Can(u, Action("drop_database"), none) {
			t.Errorf("%s may take an unknown action", name)
		}
	}
}

func TestActionsAreDistinct(t *testing.T) {
	seen := map[Action]bool{}
	for _, a := range Actions {
		if seen[a] {
			t.Errorf("action %s listed twice", a)
		}
		seen[a] = true
	}
	for _, a := range []Action{ViewStaff, EditMeeting, PublishMeeting, EditAgreement, ManageUsers,
		SubmitExpectation, ViewOwnExpectations, TriageExpectation, ModerateComments, ViewAudit} {
		if !seen[a] {
			t.Errorf("action %s missing from Actions", a)
		}
	}
}
