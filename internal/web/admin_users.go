package web

import (
	"net/http"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
)

type usersPage struct {
	adminLayout
	Users  []*masthead.User
	Roles  []masthead.Role
	Form   userForm
	Errors map[string]string
}

type userForm struct{ Name, Email, Role string }

// handleAdminUsers lists the accounts, with a form to add one.
// GET /admin/users
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, userForm{Role: string(masthead.RoleAuthor)}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form userForm, errs map[string]string) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "admin/users", &usersPage{
		adminLayout: s.adminLayout(r, "Users"), Users: users, Roles: masthead.Roles, Form: form, Errors: errs,
	})
}

// handleAdminUserAdd creates an account; a refused form keeps what was
// typed but the password.
// POST /admin/users
func (s *Server) handleAdminUserAdd(w http.ResponseWriter, r *http.Request) {
	form := userForm{
		Name:  strings.TrimSpace(r.PostFormValue("name")),
		Email: masthead.NormalizeEmail(r.PostFormValue("email")),
		Role:  r.PostFormValue("role"),
	}
	password := r.PostFormValue("password")
	errs := map[string]string{}
	if err := auth.ValidatePassword(password, form.Email, form.Name); err != nil {
		errs["password"] = masthead.ErrorMessage(err)
	}
	u := &masthead.User{Email: form.Email, Name: form.Name, Role: masthead.Role(form.Role), PasswordHash: "-"}
	if err := u.Validate(); err != nil {
		field := "name"
		if strings.Contains(masthead.ErrorMessage(err), "email") {
			field = "email"
		}
		errs[field] = masthead.ErrorMessage(err)
	}
	if len(errs) > 0 {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	hash, err := s.hasher.HashPassword(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u.PasswordHash = hash
	if err := s.store.CreateUser(r.Context(), u); masthead.ErrorCode(err) == masthead.ECONFLICT {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, map[string]string{"email": masthead.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Added "+u.Name+" as "+string(u.Role)+".")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}
