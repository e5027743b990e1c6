// Package state keeps the user's local state files: the audit log of every
// write, unsent drafts, recently opened contacts and crash reports.
//
// Every function takes the state directory as a parameter; the caller works
// out where it lives. Directories are created with mode 0700 and files with
// mode 0600, because the files hold contact data. Nothing here ever stores
// an API token.
package state
