// Package auth holds the newsroom admin's rules for who may log in and what
// they may then do: argon2id password hashing and the password policy,
// throttling of failed logins (with its state behind AttemptStore so that
// several instances can share it through the database), and the table of
// what each role may do.
//
// Everything here is pure policy: no HTTP and no SQL. The web layer and the
// store wire it up.
package auth
