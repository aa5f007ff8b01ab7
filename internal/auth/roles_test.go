package auth

import (
	"slices"
	"testing"

	"github.com/masthead-news/masthead"
)

// TestRoleCan walks every role and action against the expected grid,
// written out again here so that a change to the table in roles.go has to
// be made twice, on purpose.
func TestRoleCan(t *testing.T) {
	// Columns: admin, editor, author, moderator. Y may, N may not.
	grid := map[Action]string{
		ActViewDashboard:    "YYYY",
		ActEditAnyArticle:   "YYNN",
		ActEditOwnArticle:   "YYYN",
		ActPublish:          "YYNN",
		ActModerateComments: "YYNY",
		ActManageSources:    "YYNN",
		ActManageTaxonomy:   "YYNN",
		ActManageUsers:      "YNNN",
		ActManageSettings:   "YNNN",
		ActManageTokens:     "YNNN",
	}
	columns := []Role{RoleAdmin, RoleEditor, RoleAuthor, RoleModerator}
	if len(grid) != len(Actions()) {
		t.Fatalf("grid has %d actions, Actions() %d: cover every action", len(grid), len(Actions()))
	}
	for _, act := range Actions() {
		row, ok := grid[act]
		if !ok {
			t.Fatalf("action %q missing from the grid", act)
		}
		for i, role := range columns {
			if got, want := role.Can(act), row[i] == 'Y'; got != want {
				t.Errorf("%s.Can(%s) = %v, want %v", role, act, got, want)
			}
		}
	}
	if !slices.Equal(Roles(), columns) {
		t.Errorf("Roles() = %v, want the grid's columns %v", Roles(), columns)
	}
	if len(permissions) != len(Actions()) {
		t.Errorf("permissions has %d actions, Actions() %d", len(permissions), len(Actions()))
	}
	for _, role := range []Role{"", "root", "Admin"} {
		for _, act := range Actions() {
			if role.Can(act) {
				t.Errorf("unknown role %q can %s", role, act)
			}
		}
	}
	for _, role := range Roles() {
		if role.Can("launch_missiles") {
			t.Errorf("%s can do an unknown action", role)
		}
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in      string
		want    Role
		wantErr bool
	}{
		{"admin", RoleAdmin, false},
		{"editor", RoleEditor, false},
		{"author", RoleAuthor, false},
		{"moderator", RoleModerator, false},
		{" Editor\n", RoleEditor, false},
		{"", "", true},
		{"root", "", true},
		{"administrator", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRole(tt.in)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Fatalf("ParseRole(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && masthead.ErrorCode(err) != masthead.EINVALID {
				t.Errorf("error code = %q, want %q", masthead.ErrorCode(err), masthead.EINVALID)
			}
		})
	}
}

func TestCanEditAndPublishArticle(t *testing.T) {
	tests := []struct {
		role                   Role
		own, authorsMayPublish bool
		wantEdit, wantPublish  bool
	}{
		{RoleAdmin, false, false, true, true},
		{RoleEditor, false, false, true, true},
		{RoleAuthor, true, false, true, false},
		{RoleAuthor, true, true, true, true},
		{RoleAuthor, false, true, false, false}, // the setting covers an author's own work only
		{RoleAuthor, false, false, false, false},
		{RoleModerator, true, true, false, false},
		{"", true, true, false, false},
	}
	for _, tt := range tests {
		if got := tt.role.CanEditArticle(tt.own); got != tt.wantEdit {
			t.Errorf("%q.CanEditArticle(own=%v) = %v, want %v", tt.role, tt.own, got, tt.wantEdit)
		}
		if got := tt.role.CanPublishArticle(tt.own, tt.authorsMayPublish); got != tt.wantPublish {
			t.Errorf("%q.CanPublishArticle(own=%v, authorsMayPublish=%v) = %v, want %v",
				tt.role, tt.own, tt.authorsMayPublish, got, tt.wantPublish)
		}
	}
}
