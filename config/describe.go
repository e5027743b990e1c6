package config

import (
	"fmt"
	"strconv"
)

// Line is one setting as `qwoty-contacts config` shows it.
type Line struct {
	Name   string // the config file's key, e.g. "base_url"
	Value  string
	Source Source
}

// Describe lists the settings and their sources. The token is shown masked
// (api.Token.Masked). Describe never runs a token_command: until Token has
// been called, such a token shows as "(token_command pass, not run yet)",
// so describing the settings has no side effects and never waits.
func (s *Settings) Describe() []Line {
	config := s.ConfigPath
	switch {
	case config == "":
		config = "(none)"
	case !s.ConfigFound:
		config += " (not found)"
	}
	return []Line{
		{"config", config, s.ConfigPathSource},
		{"profile", orNone(s.Profile), s.ProfileSource},
		{"base_url", s.BaseURL, s.BaseURLSource},
		{"token", s.describeToken(), s.tokenSource()},
		{"timeout", s.Timeout.String(), s.TimeoutSource},
		{"read_only", strconv.FormatBool(s.ReadOnly), s.ReadOnlySource},
		{"require_reason", strconv.FormatBool(s.RequireReason), s.RequireReasonSource},
		{"label", s.Label, s.LabelSource},
		{"color", orNone(s.Color), s.ColorSource},
	}
}

// SourceMissing marks a setting nothing provides (the token).
const SourceMissing Source = "missing"

func (s *Settings) tokenSource() Source {
	if src := s.TokenSource(); src != "" {
		return src
	}
	return SourceMissing
}

func (s *Settings) describeToken() string {
	if s.tok == nil {
		return "(none)"
	}
	t, err, done := s.tok.peek()
	switch {
	case !done:
		return fmt.Sprintf("(token_command %s, not run yet)", s.tok.argv[0])
	case err != nil && s.tok.source == "":
		return "(none)"
	case err != nil:
		return "(token_command failed)"
	default:
		return t.Masked()
	}
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
