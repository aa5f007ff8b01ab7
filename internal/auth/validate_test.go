package auth

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

func TestValidatePassword(t *testing.T) {
	const email, name = "Jane.Doe@example.com", "Jane Doe"
	tests := []struct {
		name    string
		plain   string
		wantMsg string // a part of the message; "" means valid
	}{
		{"OK", "correct horse battery", ""},
		{"TwelveRunes", "kj4#mq9!zp2w", ""},
		{"TwelveAccentedRunes", "éàüößçñøåæœë", ""}, // 24 bytes, 12 characters
		{"ExactlyMaxBytes", strings.Repeat("kq9z", MaxPasswordBytes/4), ""},
		{"ShortNamePartAllowed", "doe-not-a-deer-42", ""}, // "doe" is under four letters
		{"ElevenRunes", "kj4#mq9!zp2", "at least 12 characters"},
		{"ElevenAccentedRunes", "éàüößçñøåæœ", "at least 12 characters"},
		{"Empty", "", "at least 12 characters"},
		{"TooLong", strings.Repeat("kq9z", MaxPasswordBytes/4) + "x", "at most 256 bytes"},
		{"NUL", "correct horse\x00battery", "control characters"},
		{"Tab", "correct horse\tbattery", "control characters"},
		{"Newline", "correct horse battery\n", "control characters"},
		{"DEL", "correct horse\x7fbattery", "control characters"},
		{"C1Control", "correct horse\u0085battery", "control characters"},
		{"InvalidUTF8", "correct horse \xff battery", "not valid text"},
		{"ContainsLocalPart", "my-jane.doe-password", "name or email"},
		{"LocalPartAnyCase", "xxJANE.DOExxyy", "name or email"},
		{"ContainsNameWord", "iamjane2026!!", "name or email"},
		{"ContainsFullName", "hello jane doe!!", "name or email"},
		{"CommonPassword", "password1234", "most commonly used"},
		{"CommonPasswordAnyCase", "QwertyUIOP123", "most commonly used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassword(tt.plain, email, name)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("ValidatePassword(%q) = %v, want nil", tt.plain, err)
				}
				return
			}
			if code := masthead.ErrorCode(err); code != masthead.EINVALID {
				t.Fatalf("ValidatePassword(%q) code = %q (%v), want %q", tt.plain, code, err, masthead.EINVALID)
			}
			if msg := masthead.ErrorMessage(err); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", msg, tt.wantMsg)
			}
		})
	}
}

func TestValidatePassword_Personal(t *testing.T) {
	tests := []struct {
		name, plain, email, user string
		wantOK                   bool
	}{
		{"EqualsLongLocalPart", "newsroom-editor", "newsroom-editor@example.com", "", false},
		{"ContainsLocalPartWord", "the-editor-is-in", "newsroom.editor@example.com", "", false},
		{"EmailWithoutAt", "marguerite-1999", "marguerite", "", false},
		{"FoldedName", "strasse-strasse", "x@example.com", "Herr Straße", false},
		{"NoEmailNoName", "correct horse battery", "", "", true},
		{"DomainIsFine", "example-horse-battery", "jo@example.com", "Jo", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassword(tt.plain, tt.email, tt.user)
			if (err == nil) != tt.wantOK {
				t.Fatalf("ValidatePassword(%q, %q, %q) = %v, want ok %v", tt.plain, tt.email, tt.user, err, tt.wantOK)
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	seen := map[string]bool{}
	for line := range strings.Lines(commonPasswords) {
		p := strings.TrimSuffix(line, "\n")
		switch {
		case p == "":
			t.Errorf("blank line in the list")
		case p != fold(p):
			t.Errorf("%q is not folded, so it could never match", p)
		case seen[p]:
			t.Errorf("%q is listed twice", p)
		case !utf8.ValidString(p):
			t.Errorf("%q is not UTF-8", p)
		}
		seen[p] = true
		if !isCommonPassword(p) {
			t.Errorf("isCommonPassword(%q) = false", p)
		}
	}
	if len(seen) != 100 {
		t.Errorf("list has %d passwords, want 100", len(seen))
	}
	if isCommonPassword("correct horse battery") {
		t.Errorf("isCommonPassword matched a password not on the list")
	}
}
