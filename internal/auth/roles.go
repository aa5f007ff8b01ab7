package auth

import (
	"slices"
	"strings"

	"github.com/masthead-news/masthead"
)

// Role is what a newsroom user is, and so what they may do.
type Role string

// The newsroom's roles.
const (
	RoleAdmin     Role = "admin"     // everything, including users and settings
	RoleEditor    Role = "editor"    // all articles, sections, tags, sources and comments
	RoleAuthor    Role = "author"    // their own articles; publishing needs an editor unless a setting allows
	RoleModerator Role = "moderator" // comments only
)

// Roles returns every role, most powerful first, e.g. for a role picker.
func Roles() []Role {
	return []Role{RoleAdmin, RoleEditor, RoleAuthor, RoleModerator}
}

// ParseRole returns the role named s, ignoring case and surrounding space,
// or an EINVALID error naming the roles there are.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Roles(), r) {
		return r, nil
	}
	return "", masthead.Errorf(masthead.EINVALID, "Unknown role %q; choose admin, editor, author or moderator.", s)
}

// Action is something in the newsroom that only some roles may do.
type Action string

// The newsroom's actions.
const (
	ActViewDashboard    Action = "view_dashboard"
	ActEditAnyArticle   Action = "edit_any_article"
	ActEditOwnArticle   Action = "edit_own_article"
	ActPublish          Action = "publish"
	ActModerateComments Action = "moderate_comments"
	ActManageSources    Action = "manage_sources"
	ActManageTaxonomy   Action = "manage_taxonomy" // sections, tags and authors
	ActManageUsers      Action = "manage_users"
	ActManageSettings   Action = "manage_settings"
	ActManageTokens     Action = "manage_tokens" // API tokens, which act with the rights of whoever they stand for
)

// Actions returns every action, in the order of the table below.
func Actions() []Action {
	return []Action{
		ActViewDashboard, ActEditAnyArticle, ActEditOwnArticle, ActPublish,
		ActModerateComments, ActManageSources, ActManageTaxonomy,
		ActManageUsers, ActManageSettings, ActManageTokens,
	}
}

// permissions is the whole policy: each action and the roles that may do it.
var permissions = map[Action][]Role{
	ActViewDashboard:    {RoleAdmin, RoleEditor, RoleAuthor, RoleModerator},
	ActEditAnyArticle:   {RoleAdmin, RoleEditor},
	ActEditOwnArticle:   {RoleAdmin, RoleEditor, RoleAuthor},
	ActPublish:          {RoleAdmin, RoleEditor}, // authors too when allowed: see CanPublishArticle
	ActModerateComments: {RoleAdmin, RoleEditor, RoleModerator},
	ActManageSources:    {RoleAdmin, RoleEditor},
	ActManageTaxonomy:   {RoleAdmin, RoleEditor},
	ActManageUsers:      {RoleAdmin},
	ActManageSettings:   {RoleAdmin},
	ActManageTokens:     {RoleAdmin}, // a token can do anything its owner can, so minting them is an admin's call
}

// Can reports whether r may do a. Unknown roles and actions may do nothing.
func (r Role) Can(a Action) bool {
	return slices.Contains(permissions[a], r)
}

// CanEditArticle reports whether r may edit an article; own says whether
// the user is one of its authors.
func (r Role) CanEditArticle(own bool) bool {
	return r.Can(ActEditAnyArticle) || (own && r.Can(ActEditOwnArticle))
}

// CanPublishArticle reports whether r may publish an article; own says
// whether the user is one of its authors, and authorsMayPublish is the
// newsroom setting that lets authors publish their own work without an
// editor.
func (r Role) CanPublishArticle(own, authorsMayPublish bool) bool {
	return r.Can(ActPublish) || (own && authorsMayPublish && r.Can(ActEditOwnArticle))
}
