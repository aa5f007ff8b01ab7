package storetest

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func settings(t *testing.T, s store.Store) map[string]string {
	t.Helper()
	got, err := s.Settings(t.Context())
	if err != nil {
		t.Fatalf("Settings: %v", err)
	}
	return got
}

func testSettings(t *testing.T, open func(t *testing.T) store.Store) {
	type set struct{ key, value string }
	tests := []struct {
		name string
		sets []set
		want map[string]string
	}{
		{"a new store has none", nil, map[string]string{}},
		{"a setting reads back", []set{{"comments.moderation", "all"}}, map[string]string{"comments.moderation": "all"}},
		{"keys are kept apart", []set{{"comments.moderation", "all"}, {"comments.max_depth", "3"}},
			map[string]string{"comments.moderation": "all", "comments.max_depth": "3"}},
		{"a later value replaces an earlier one", []set{{"comments.moderation", "all"}, {"comments.max_depth", "3"}, {"comments.moderation", "none"}},
			map[string]string{"comments.moderation": "none", "comments.max_depth": "3"}},
		{"values are kept as given", []set{{"comments.blocked_words", "viagra\nZoë's \"deal\"\n"}, {"comments.blocked_ips", ""}},
			map[string]string{"comments.blocked_words": "viagra\nZoë's \"deal\"\n", "comments.blocked_ips": ""}},
		{"keys are case-sensitive", []set{{"a.b", "1"}, {"A.B", "2"}}, map[string]string{"a.b": "1", "A.B": "2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			for _, x := range tc.sets {
				if err := s.SetSetting(t.Context(), x.key, x.value); err != nil {
					t.Fatalf("SetSetting(%q, %q): %v", x.key, x.value, err)
				}
			}
			if d := diff(tc.want, settings(t, s)); d != "" {
				t.Errorf("Settings (-want +got):\n%s", d)
			}
		})
	}
}

func hashOf(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func testTokens(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("tokens read back by hash", func(t *testing.T) {
		s := open(t)
		before := time.Now().Add(-time.Second)
		tokens := map[string]*masthead.Token{
			"secret-one": {Name: "deploy"},
			"secret-two": {Name: "Zoë's laptop"},
			"secret-3":   {Name: ""},
		}
		for secret, tok := range tokens {
			if err := s.CreateToken(t.Context(), tok, hashOf(secret)); err != nil {
				t.Fatalf("CreateToken(%q): %v", tok.Name, err)
			}
			if tok.ID == 0 {
				t.Errorf("token %q: ID not filled in", tok.Name)
			}
			if tok.CreatedAt.Before(before) || tok.CreatedAt.After(time.Now().Add(time.Second)) {
				t.Errorf("token %q: CreatedAt = %v, want about now", tok.Name, tok.CreatedAt)
			}
		}
		for secret, want := range tokens {
			got, err := s.TokenByHash(t.Context(), hashOf(secret))
			if err != nil {
				t.Fatalf("TokenByHash(%q): %v", secret, err)
			}
			if d := diff(want, got); d != "" {
				t.Errorf("TokenByHash(%q) (-created +read):\n%s", secret, d)
			}
		}
	})

	s := open(t)
	if err := s.CreateToken(t.Context(), &masthead.Token{Name: "deploy"}, hashOf("secret")); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	unknown := []struct {
		name string
		hash []byte
	}{
		{"an unknown hash", hashOf("guess")},
		{"the secret itself rather than its hash", []byte("secret")},
		{"a truncated hash", hashOf("secret")[:16]},
		{"an empty hash", nil},
	}
	for _, tc := range unknown {
		t.Run(tc.name+" is EUNAUTHORIZED", func(t *testing.T) {
			_, err := s.TokenByHash(t.Context(), tc.hash)
			wantCode(t, err, masthead.EUNAUTHORIZED)
		})
	}
}

func testTokenUsers(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	u := &masthead.User{Email: "bot@example.com", Name: "Bot", Role: masthead.RoleModerator, PasswordHash: "h"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	hash := sha256.Sum256([]byte("mh_secret"))
	tok := &masthead.Token{Name: "queue bot", UserID: u.ID}
	if err := s.CreateToken(ctx, tok, hash[:]); err != nil {
		t.Fatal(err)
	}
	got, err := s.TokenByHash(ctx, hash[:])
	if err != nil || got.UserID != u.ID || got.Name != "queue bot" {
		t.Fatalf("TokenByHash = %+v, %v", got, err)
	}
	list, err := s.Tokens(ctx)
	if err != nil || len(list) != 1 || list[0].ID != tok.ID || list[0].UserID != u.ID {
		t.Fatalf("Tokens = %+v, %v", list, err)
	}
	if err := s.DeleteToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenByHash(ctx, hash[:]); masthead.ErrorCode(err) != masthead.EUNAUTHORIZED {
		t.Errorf("a revoked token still works: %v", err)
	}
	if err := s.DeleteToken(ctx, tok.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("revoking twice: %v", err)
	}
}
