// Package config works out qwoty-contacts' settings from, in order of
// precedence, command-line flags, the environment, the config file's
// selected profile and built-in defaults, and remembers where each came
// from. The API token is held as an api.Token, so it prints masked
// everywhere; when it comes from a token_command, that command runs only
// when the token is first needed.
package config

import "time"

// Source tells where a setting came from.
type Source string

// The sources of settings.
const (
	SourceFlag         Source = "flag"
	SourceEnv          Source = "env"
	SourceFile         Source = "file"
	SourceDefault      Source = "default"
	SourceEnvToken     Source = "env QWOTY_TOKEN"
	SourceFileToken    Source = "file token"
	SourceTokenCommand Source = "token_command"
)

// Flags are the command-line flags that bear on settings. A zero field
// means the flag was not given. There is deliberately no token flag: it
// would show in the process list and the shell history.
type Flags struct {
	BaseURL  string        // --base-url
	Profile  string        // --profile
	Config   string        // --config: the config file's path
	Timeout  time.Duration // --timeout
	ReadOnly bool          // --read-only: can only add read-only, never remove it
}

// Settings are the effective settings, each with its source. Build them
// with Load. The token is not a field: get it with Token.
type Settings struct {
	Profile       string // the selected profile; "" for none
	ProfileSource Source

	BaseURL       string // checked by api.CheckBaseURL
	BaseURLSource Source

	Timeout       time.Duration // per request
	TimeoutSource Source

	ReadOnly       bool
	ReadOnlySource Source

	RequireReason       bool // every change must carry a reason
	RequireReasonSource Source

	Label       string // for the UI: the profile's label, its name, or "default"
	LabelSource Source
	Color       string // the profile badge colour ("#rgb", "#rrggbb" or "0"-"255"); "" for the UI's own
	ColorSource Source

	ConfigPath       string // the config file's path; "" when none could be found
	ConfigPathSource Source
	ConfigFound      bool // whether the file exists (and was read)

	tok *lazyToken
}
