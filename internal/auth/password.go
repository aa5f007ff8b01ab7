package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/alexedwards/argon2id"
)

// Params are the argon2id cost parameters: Memory in KiB, Iterations,
// Parallelism, and the salt and key lengths in bytes.
type Params = argon2id.Params

// Hasher hashes and checks passwords at one set of cost parameters. The
// zero value is not usable; start from DefaultHasher (production) or
// TestHasher (tests). A Hasher is a plain value, safe for concurrent use.
type Hasher struct {
	Params Params
}

// DefaultHasher returns the production hasher.
//
// It uses OWASP's recommended argon2id configuration, m=19 MiB, t=2, p=1,
// rather than the library's default (64 MiB, t=1, p=NumCPU):
//   - Memory is what a login costs the server while it runs. At 19 MiB, ten
//     logins in flight hold under 200 MiB, which a small newsroom host with
//     two shared cores can afford; 64 MiB each would make a burst of logins
//     a memory problem before it is a CPU one. OWASP lists 19 MiB/t=2 as
//     equivalent in defence to 46 MiB/t=1, so we trade memory for a second
//     pass.
//   - p=1 because extra lanes speed up our check without costing an
//     attacker more, and because the library's p=NumCPU would give hashes
//     made on different machines different parameters (and so needless
//     rehashes).
//
// Raising these later is safe: CheckPassword reports rehash=true for older,
// weaker hashes so they are upgraded at the next successful login.
func DefaultHasher() Hasher {
	return Hasher{Params: Params{
		Memory:      19 * 1024,
		Iterations:  2,
		Parallelism: 1,
		SaltLength:  16,
		KeyLength:   32,
	}}
}

// TestHasher returns a hasher with the smallest sensible costs, so that tests
// which hash many passwords stay fast. Never use it outside tests: its hashes
// take microseconds to brute-force.
func TestHasher() Hasher {
	return Hasher{Params: Params{
		Memory:      64,
		Iterations:  1,
		Parallelism: 1,
		SaltLength:  16,
		KeyLength:   32,
	}}
}

// HashPassword returns plain's argon2id hash as a PHC string,
// "$argon2id$v=19$m=...,t=...,p=...$salt$key", with a fresh random salt.
// It does not apply the password policy; call ValidatePassword first.
func (h Hasher) HashPassword(plain string) (string, error) {
	if err := checkParams(&h.Params); err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	if h.Params.SaltLength < 8 || h.Params.KeyLength < 16 {
		// RFC 9106 asks for at least 8 bytes of salt; a key under 16 bytes
		// would make collisions a practical way in.
		return "", fmt.Errorf("auth: hash password: salt %d or key %d bytes too short", h.Params.SaltLength, h.Params.KeyLength)
	}
	hash, err := argon2id.CreateHash(plain, &h.Params)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return hash, nil
}

// CheckPassword reports whether plain matches hash, comparing in constant
// time. When it matches, rehash reports that hash was made with weaker
// parameters than h's, so the caller should store h.HashPassword(plain) now
// that it has the plain text in hand.
//
// A password longer than MaxPasswordBytes never matches and is not hashed:
// ValidatePassword never lets one be set, and refusing early keeps huge
// inputs from costing us work.
//
// A malformed hash is an internal error (the stored data is bad), not a
// wrong password.
func (h Hasher) CheckPassword(plain, hash string) (ok, rehash bool, err error) {
	if len(plain) > MaxPasswordBytes {
		return false, false, nil
	}
	stored, _, _, err := argon2id.DecodeHash(hash)
	if err != nil {
		return false, false, fmt.Errorf("auth: check password: %w", err)
	}
	// The library would panic on t=0 or p=0; a corrupt row must not take the
	// server down.
	if err := checkParams(stored); err != nil {
		return false, false, fmt.Errorf("auth: check password: %w", err)
	}
	ok, err = argon2id.ComparePasswordAndHash(plain, hash)
	if err != nil {
		return false, false, fmt.Errorf("auth: check password: %w", err)
	}
	return ok, ok && weaker(stored, &h.Params), nil
}

// DummyCheck does the work of CheckPassword(plain, ...) against a hash of
// h's parameters and throws the answer away. Call it when a login names an
// unknown email, so that the response takes as long as a real check and
// timing does not reveal which emails have accounts.
func (h Hasher) DummyCheck(plain string) {
	// The error can only come from a malformed dummy hash, i.e. from
	// parameters HashPassword would refuse too; there is nothing to report.
	_, _, _ = h.CheckPassword(plain, h.dummyHash())
}

// dummyHash returns a well-formed hash with h's parameters and a fixed salt
// and key. It is derived from the parameters rather than stored, so that it
// always costs exactly what a real hash at the current parameters costs,
// and needs no random source or package state. No password is known to
// match it, and finding one would mean inverting argon2id.
func (h Hasher) dummyHash() string {
	salt := strings.Repeat("s", int(h.Params.SaltLength))
	key := strings.Repeat("k", int(h.Params.KeyLength))
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
		h.Params.Memory, h.Params.Iterations, h.Params.Parallelism,
		base64.RawStdEncoding.EncodeToString([]byte(salt)),
		base64.RawStdEncoding.EncodeToString([]byte(key)))
}

// weaker reports whether a hash made with p is cheaper to attack than one
// made with cur. Parallelism is left out on purpose: more lanes only speed
// up the defender and do not change an attacker's cost.
func weaker(p, cur *Params) bool {
	return p.Memory < cur.Memory ||
		p.Iterations < cur.Iterations ||
		p.SaltLength < cur.SaltLength ||
		p.KeyLength < cur.KeyLength
}

// checkParams rejects the parameters argon2 itself cannot run with.
func checkParams(p *Params) error {
	if p.Iterations < 1 || p.Parallelism < 1 {
		return errors.New("argon2id parameters need at least one iteration and one lane")
	}
	return nil
}
