package comment

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
)

// secretLen is the size of the HMAC secret in bytes.
const secretLen = 32

const (
	// formTokenMaxAge is how long a rendered form stays usable. Cached pages
	// may serve a form rendered a while ago, so it is generous; a bot that
	// harvests one token and replays it for longer is refused.
	formTokenMaxAge = 24 * time.Hour
	// formTokenSkew tolerates clocks of several servers that disagree a
	// little: a token may look this much from the future.
	formTokenSkew = time.Minute
)

// EditWindow is how long after posting readers may edit or delete their own
// comment.
const EditWindow = 15 * time.Minute

// loadSecret returns the shared secret, creating and storing one when the
// store has none, so every instance and every restart signs alike. Two
// instances starting together may both write one; each reads back what the
// store kept, and the settings refresh keeps converging on the stored value.
func loadSecret(ctx context.Context, st Store) (map[string]string, error) {
	stored, err := st.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	if _, ok := decodeSecret(stored[secretKey]); ok {
		return stored, nil
	}
	b := make([]byte, secretLen)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("make comment secret: %w", err)
	}
	if err := st.SetSetting(ctx, secretKey, hex.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("store comment secret: %w", err)
	}
	if stored, err = st.Settings(ctx); err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	if _, ok := decodeSecret(stored[secretKey]); !ok {
		return nil, fmt.Errorf("store comment secret: %s did not keep its value", secretKey)
	}
	return stored, nil
}

// sign returns the HMAC-SHA256 of the parts, separated by NUL so no two
// different lists of parts sign alike. The first part names the purpose, so
// a form token can never pass as an owner token or the reverse.
func sign(secret []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return m.Sum(nil)
}

var b64 = base64.RawURLEncoding

// FormToken returns a token for a new comment form: the time it was issued,
// in milliseconds, and a signature, as "MILLIS.SIGNATURE". Post refuses it
// when it comes back sooner than MinSeconds (bots fill forms at once) or
// after a day.
func (s *Service) FormToken() string {
	return s.formTokenAt(s.snap.Load().secret, s.now())
}

func (s *Service) formTokenAt(secret []byte, at time.Time) string {
	ms := strconv.FormatInt(at.UnixMilli(), 10)
	return ms + "." + b64.EncodeToString(sign(secret, "form", ms))
}

// checkFormToken returns why the token is refused, or "" when it is fine.
func checkFormToken(secret []byte, token string, now time.Time, minSeconds int) string {
	if token == "" {
		return "form token missing"
	}
	ms, mac, ok := strings.Cut(token, ".")
	if !ok {
		return "form token malformed"
	}
	got, err := b64.DecodeString(mac)
	if err != nil || !hmac.Equal(got, sign(secret, "form", ms)) {
		return "form token signature wrong"
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return "form token malformed"
	}
	age := now.Sub(time.UnixMilli(n))
	switch {
	case age < -formTokenSkew:
		return "form token from the future"
	case age < time.Duration(minSeconds)*time.Second:
		return fmt.Sprintf("form sent %.1fs after it was shown, less than %ds", age.Seconds(), minSeconds)
	case age > formTokenMaxAge:
		return fmt.Sprintf("form token expired (%s old)", age.Round(time.Minute))
	}
	return ""
}

// OwnerToken returns the token that lets the reader who posted c edit or
// delete it within EditWindow. The web layer keeps it in the reader's
// browser; it signs the comment's ID and creation time, so it fits no other
// comment.
func (s *Service) OwnerToken(c *masthead.Comment) string {
	if c == nil {
		return ""
	}
	return b64.EncodeToString(ownerMAC(s.snap.Load().secret, c))
}

// Owns reports whether token is the owner token of c. It does not look at
// the time; Edit and Delete also check EditWindow.
func (s *Service) Owns(c *masthead.Comment, token string) bool {
	return owns(s.snap.Load().secret, c, token)
}

func owns(secret []byte, c *masthead.Comment, token string) bool {
	got, err := b64.DecodeString(token)
	return err == nil && c != nil && hmac.Equal(got, ownerMAC(secret, c))
}

func ownerMAC(secret []byte, c *masthead.Comment) []byte {
	// The store keeps times to the millisecond, so the signature uses no
	// more, and a comment read back signs as it did when it was created.
	return sign(secret, "owner", strconv.FormatInt(c.ID, 10), strconv.FormatInt(c.CreatedAt.UnixMilli(), 10))
}
