package auth

import (
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"
)

func mustHash(tb testing.TB, h Hasher, plain string) string {
	tb.Helper()
	hash, err := h.HashPassword(plain)
	if err != nil {
		tb.Fatalf("HashPassword(%q): %v", plain, err)
	}
	return hash
}

func TestHashPassword(t *testing.T) {
	h := TestHasher()
	a := mustHash(t, h, "correct horse battery")
	b := mustHash(t, h, "correct horse battery")
	if want := "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(a, want) {
		t.Errorf("hash = %q, want prefix %q", a, want)
	}
	if a == b {
		t.Errorf("two hashes of one password are equal (%q): salt not random", a)
	}
}

func TestHashPassword_BadParams(t *testing.T) {
	for name, p := range map[string]Params{
		"NoIterations": {Memory: 64, Iterations: 0, Parallelism: 1, SaltLength: 16, KeyLength: 32},
		"NoLanes":      {Memory: 64, Iterations: 1, Parallelism: 0, SaltLength: 16, KeyLength: 32},
		"ShortSalt":    {Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 4, KeyLength: 32},
		"ShortKey":     {Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 8},
	} {
		t.Run(name, func(t *testing.T) {
			if hash, err := (Hasher{Params: p}).HashPassword("correct horse battery"); err == nil {
				t.Fatalf("HashPassword = %q, want an error", hash)
			}
		})
	}
}

func TestDefaultHasher(t *testing.T) {
	h := DefaultHasher()
	want := Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	if h.Params != want {
		t.Fatalf("DefaultHasher().Params = %+v, want %+v", h.Params, want)
	}
	// One real round trip at production cost, to show the parameters work.
	hash := mustHash(t, h, "correct horse battery")
	if ok, rehash, err := h.CheckPassword("correct horse battery", hash); !ok || rehash || err != nil {
		t.Fatalf("CheckPassword = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
}

func TestCheckPassword(t *testing.T) {
	h := TestHasher()
	const plain = "correct horse battery"
	hash := mustHash(t, h, plain)
	tests := []struct {
		name    string
		plain   string
		hash    string
		wantOK  bool
		wantErr bool
	}{
		{"OK", plain, hash, true, false},
		{"WrongPassword", "correct horse battery!", hash, false, false},
		{"WrongCase", "Correct horse battery", hash, false, false},
		{"Empty", "", hash, false, false},
		{"TooLong", plain + strings.Repeat("x", MaxPasswordBytes), hash, false, false},
		{"MalformedHash", plain, "not a hash", false, true},
		{"OtherVariant", plain, strings.Replace(hash, "$argon2id$", "$argon2i$", 1), false, true},
		{"ZeroIterations", plain, strings.Replace(hash, "t=1", "t=0", 1), false, true},
		{"ZeroLanes", plain, strings.Replace(hash, "p=1", "p=0", 1), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := h.CheckPassword(tt.plain, tt.hash)
			if ok != tt.wantOK || (err != nil) != tt.wantErr {
				t.Fatalf("CheckPassword = %v, _, %v; want %v, error %v", ok, err, tt.wantOK, tt.wantErr)
			}
			if rehash {
				t.Errorf("rehash = true for a hash made with the current parameters")
			}
		})
	}
}

func TestCheckPassword_Rehash(t *testing.T) {
	const plain = "correct horse battery"
	with := func(change func(*Params)) Hasher {
		h := TestHasher()
		change(&h.Params)
		return h
	}
	tests := []struct {
		name       string
		made, now  Hasher
		plain      string
		wantRehash bool
	}{
		{"Same", TestHasher(), TestHasher(), plain, false},
		{"LessMemory", TestHasher(), with(func(p *Params) { p.Memory = 128 }), plain, true},
		{"FewerIterations", TestHasher(), with(func(p *Params) { p.Iterations = 2 }), plain, true},
		{"ShorterSalt", TestHasher(), with(func(p *Params) { p.SaltLength = 32 }), plain, true},
		{"ShorterKey", TestHasher(), with(func(p *Params) { p.KeyLength = 64 }), plain, true},
		{"StrongerThanNow", with(func(p *Params) { p.Memory = 128 }), TestHasher(), plain, false},
		{"OnlyLanesDiffer", TestHasher(), with(func(p *Params) { p.Parallelism = 2 }), plain, false},
		// Without the right password the caller cannot rehash, so it is not told to.
		{"WrongPassword", TestHasher(), with(func(p *Params) { p.Memory = 128 }), "wrong password!", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash := mustHash(t, tt.made, plain)
			ok, rehash, err := tt.now.CheckPassword(tt.plain, hash)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tt.plain == plain) {
				t.Errorf("ok = %v", ok)
			}
			if rehash != tt.wantRehash {
				t.Errorf("rehash = %v, want %v", rehash, tt.wantRehash)
			}
		})
	}
}

func TestDummyCheck(t *testing.T) {
	for name, h := range map[string]Hasher{"Test": TestHasher(), "Default": DefaultHasher()} {
		t.Run(name, func(t *testing.T) {
			// The dummy hash must cost what a real one costs: same parameters.
			got, _, _, err := argon2id.DecodeHash(h.dummyHash())
			if err != nil {
				t.Fatalf("dummy hash does not decode: %v", err)
			}
			if *got != h.Params {
				t.Errorf("dummy hash params = %+v, want %+v", *got, h.Params)
			}
			if name == "Test" {
				if ok, _, err := h.CheckPassword("correct horse battery", h.dummyHash()); ok || err != nil {
					t.Errorf("CheckPassword against the dummy = %v, %v; want false, nil", ok, err)
				}
				h.DummyCheck("correct horse battery")
			}
		})
	}
}
