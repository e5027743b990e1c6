package config

import (
	"fmt"
	"os"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// Load works out the settings from flags, the environment (read through
// getenv; nil means os.Getenv) and the config file. It fails on a config
// file that is malformed, unsafe or named but missing, an unknown profile,
// or a bad base URL or timeout. It does not need a token and runs no
// token_command: see Token.
func Load(flags Flags, getenv func(string) string) (*Settings, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	s := &Settings{}
	fc, err := s.loadFile(flags, getenv)
	if err != nil {
		return nil, err
	}
	p, err := s.selectProfile(fc, flags, getenv)
	if err != nil {
		return nil, err
	}
	if err := s.apply(p, flags, getenv); err != nil {
		return nil, err
	}
	s.tok = s.token(p, getenv)
	return s, nil
}

// loadFile finds and reads the config file; nil when there is none.
func (s *Settings) loadFile(flags Flags, getenv func(string) string) (*fileConfig, error) {
	how := ""
	switch {
	case flags.Config != "":
		s.ConfigPath, s.ConfigPathSource, how = flags.Config, SourceFlag, "--config"
	case getenv("QWOTY_CONFIG") != "":
		s.ConfigPath, s.ConfigPathSource, how = getenv("QWOTY_CONFIG"), SourceEnv, "QWOTY_CONFIG"
	default:
		s.ConfigPathSource = SourceDefault
		path, err := DefaultPath()
		if err != nil {
			return nil, nil // no place for a config file: defaults it is
		}
		s.ConfigPath = path
	}
	fc, err := readFile(s.ConfigPath, how != "", how)
	s.ConfigFound = fc != nil
	return fc, err
}

// selectProfile picks the profile: --profile, QWOTY_PROFILE, then the
// file's default_profile. It returns the zero profile when none is picked.
func (s *Settings) selectProfile(fc *fileConfig, flags Flags, getenv func(string) string) (fileProfile, error) {
	how := ""
	switch {
	case flags.Profile != "":
		s.Profile, s.ProfileSource, how = flags.Profile, SourceFlag, "--profile"
	case getenv("QWOTY_PROFILE") != "":
		s.Profile, s.ProfileSource, how = getenv("QWOTY_PROFILE"), SourceEnv, "QWOTY_PROFILE"
	case fc != nil && fc.DefaultProfile.v != "":
		s.Profile, s.ProfileSource, how = fc.DefaultProfile.v, SourceFile, "default_profile"
	default:
		s.ProfileSource = SourceDefault
		return fileProfile{}, nil
	}
	if fc != nil {
		if p, ok := fc.Profiles[s.Profile]; ok {
			return p, nil
		}
	}
	return fileProfile{}, s.unknownProfile(fc, how)
}

func (s *Settings) unknownProfile(fc *fileConfig, how string) error {
	where := fmt.Sprintf("profile %q (from %s) is not in %s", s.Profile, how, s.ConfigPath)
	switch names := profileNames(fc); {
	case fc == nil && s.ConfigPath == "":
		return fmt.Errorf("profile %q (from %s): there is no config file", s.Profile, how)
	case fc == nil:
		return fmt.Errorf("%s: the file does not exist", where)
	case len(names) == 0:
		return fmt.Errorf("%s: it defines no profiles", where)
	default:
		return fmt.Errorf("%s: its profiles are %s", where, strings.Join(names, ", "))
	}
}

// apply sets everything but the profile, the config path and the token.
func (s *Settings) apply(p fileProfile, flags Flags, getenv func(string) string) error {
	s.BaseURL, s.BaseURLSource = api.DefaultBaseURL, SourceDefault
	switch {
	case flags.BaseURL != "":
		if err := s.setBaseURL(flags.BaseURL, SourceFlag, "--base-url"); err != nil {
			return err
		}
	case getenv("QWOTY_BASE_URL") != "":
		if err := s.setBaseURL(getenv("QWOTY_BASE_URL"), SourceEnv, "QWOTY_BASE_URL"); err != nil {
			return err
		}
	case p.BaseURL.set:
		s.BaseURL, s.BaseURLSource = p.BaseURL.v, SourceFile
	}

	s.Timeout, s.TimeoutSource = api.DefaultTimeout, SourceDefault
	switch {
	case flags.Timeout < 0:
		return fmt.Errorf("--timeout must be more than 0, not %s", flags.Timeout)
	case flags.Timeout > 0:
		s.Timeout, s.TimeoutSource = flags.Timeout, SourceFlag
	case p.Timeout.set:
		s.Timeout, s.TimeoutSource = p.Timeout.d, SourceFile
	}

	s.ReadOnly, s.ReadOnlySource = false, SourceDefault
	switch {
	case flags.ReadOnly:
		s.ReadOnly, s.ReadOnlySource = true, SourceFlag
	case p.ReadOnly.set:
		s.ReadOnly, s.ReadOnlySource = p.ReadOnly.v, SourceFile
	}

	s.RequireReason, s.RequireReasonSource = p.RequireReason.v, source(p.RequireReason.set)

	s.Label, s.LabelSource = "default", SourceDefault
	switch {
	case p.Label.v != "":
		s.Label, s.LabelSource = p.Label.v, SourceFile
	case s.Profile != "":
		s.Label = s.Profile
	}
	s.Color, s.ColorSource = p.Color.v, source(p.Color.set)
	return nil
}

func (s *Settings) setBaseURL(raw string, src Source, how string) error {
	u, err := api.CheckBaseURL(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", how, err)
	}
	s.BaseURL, s.BaseURLSource = u.String(), src
	return nil
}

// source is SourceFile for a key the profile sets, else SourceDefault.
func source(inFile bool) Source {
	if inFile {
		return SourceFile
	}
	return SourceDefault
}

// token picks the token's source: QWOTY_TOKEN, the profile's token, then
// its token_command (run later, by Token).
func (s *Settings) token(p fileProfile, getenv func(string) string) *lazyToken {
	if t := api.NewToken(getenv("QWOTY_TOKEN")); !t.IsZero() {
		return fixedToken(t, SourceEnvToken, nil)
	}
	if p.Token.set {
		return fixedToken(p.Token.t, SourceFileToken, nil)
	}
	if p.TokenCommand.set {
		return &lazyToken{source: SourceTokenCommand, argv: p.TokenCommand.argv, timeout: tokenCommandTimeout}
	}
	return fixedToken(api.Token{}, "", s.noTokenError())
}

func (s *Settings) noTokenError() error {
	where := fmt.Sprintf("the profile %q in %s", s.Profile, s.ConfigPath)
	switch {
	case s.ConfigPath == "":
		where = "a profile in the config file (see qwoty-contacts config)"
	case s.Profile == "":
		where = "a profile in " + s.ConfigPath + " and select it with default_profile"
	}
	return fmt.Errorf(`no API token: set QWOTY_TOKEN, or add token = "…" or token_command = [...] to %s`, where)
}
