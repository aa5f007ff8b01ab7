package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testUsers(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on a new store = %d, %v", n, err)
	}
	ann := &masthead.User{Email: " Ann@Example.COM ", Name: "Ann Lee", Role: masthead.RoleEditor, PasswordHash: "$argon2id$x"}
	if err := s.CreateUser(ctx, ann); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if ann.ID == 0 || ann.Email != "ann@example.com" || ann.CreatedAt.IsZero() {
		t.Fatalf("created = %+v", ann)
	}
	dup := &masthead.User{Email: "ANN@example.com", Name: "Other", Role: masthead.RoleAuthor, PasswordHash: "h"}
	if err := s.CreateUser(ctx, dup); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("a second account with the same email: %v, want ECONFLICT", err)
	}
	for _, bad := range []*masthead.User{
		{Email: "not an email", Name: "X", Role: masthead.RoleAuthor, PasswordHash: "h"},
		{Email: "x@example.com", Name: "", Role: masthead.RoleAuthor, PasswordHash: "h"},
		{Email: "x@example.com", Name: "X", Role: "owner", PasswordHash: "h"},
		{Email: "x@example.com", Name: "X", Role: masthead.RoleAuthor},
	} {
		if err := s.CreateUser(ctx, bad); masthead.ErrorCode(err) != masthead.EINVALID {
			t.Errorf("CreateUser(%+v): %v, want EINVALID", bad, err)
		}
	}
	got, err := s.UserByEmail(ctx, "ANN@EXAMPLE.com")
	if err != nil || got.ID != ann.ID || got.Role != masthead.RoleEditor || got.PasswordHash != "$argon2id$x" {
		t.Fatalf("UserByEmail = %+v, %v", got, err)
	}
	if _, err := s.UserByEmail(ctx, "nobody@example.com"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("unknown email: %v, want ENOTFOUND", err)
	}
	got.Role, got.Disabled, got.LastLoginAt, got.TokensValidAfter = masthead.RoleAdmin, true, base, base.Add(time.Minute)
	if err := s.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.User(ctx, ann.ID)
	if err != nil || again.Role != masthead.RoleAdmin || !again.Disabled || !again.LastLoginAt.Equal(base) || !again.TokensValidAfter.Equal(base.Add(time.Minute)) {
		t.Errorf("after UpdateUser = %+v, %v", again, err)
	}
	bob := &masthead.User{Email: "bob@example.com", Name: "bob", Role: masthead.RoleAuthor, PasswordHash: "h"}
	if err := s.CreateUser(ctx, bob); err != nil {
		t.Fatal(err)
	}
	bob.Email = "ann@example.com"
	if err := s.UpdateUser(ctx, bob); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("taking another account's email: %v, want ECONFLICT", err)
	}
	all, err := s.Users(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "Ann Lee" || all[1].Name != "bob" {
		t.Errorf("Users = %v, %v", all, err)
	}
	if n, _ := s.CountUsers(ctx); n != 2 {
		t.Errorf("CountUsers = %d", n)
	}
}

func testSessions(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	future := time.Now().Add(time.Hour)
	if err := s.SessionCommit(ctx, "tok1", []byte("data1"), future); err != nil {
		t.Fatal(err)
	}
	if err := s.SessionCommit(ctx, "tok1", []byte("data2"), future); err != nil {
		t.Fatal(err)
	}
	if data, ok, err := s.SessionFind(ctx, "tok1"); err != nil || !ok || string(data) != "data2" {
		t.Errorf("SessionFind = %q, %v, %v", data, ok, err)
	}
	if err := s.SessionCommit(ctx, "old", []byte("x"), time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.SessionFind(ctx, "old"); err != nil || ok {
		t.Errorf("an expired session was found: %v, %v", ok, err)
	}
	if n, err := s.PruneSessions(ctx, time.Now()); err != nil || n != 1 {
		t.Errorf("PruneSessions = %d, %v; want 1", n, err)
	}
	if err := s.SessionDelete(ctx, "tok1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.SessionFind(ctx, "tok1"); ok {
		t.Errorf("a deleted session was found")
	}
}

func testLoginFailures(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	for i, at := range []time.Time{base.Add(-20 * time.Minute), base.Add(-time.Minute), base} {
		n, err := s.RecordFailure(ctx, "ip:192.0.2.1", at, base.Add(-15*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if want := i; n != want { // the first, 20 minutes old, is outside the window
			t.Errorf("failure %d: count %d, want %d", i, n, want)
		}
	}
	if n, _ := s.Failures(ctx, "ip:192.0.2.1", base.Add(-15*time.Minute)); n != 2 {
		t.Errorf("Failures = %d, want 2", n)
	}
	if n, _ := s.Failures(ctx, "ip:192.0.2.2", base.Add(-15*time.Minute)); n != 0 {
		t.Errorf("Failures of another key = %d", n)
	}
	if err := s.ClearFailures(ctx, "ip:192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Failures(ctx, "ip:192.0.2.1", base.Add(-time.Hour)); n != 0 {
		t.Errorf("Failures after clearing = %d", n)
	}
}
