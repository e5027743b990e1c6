package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// fileConfig is the config file.
type fileConfig struct {
	DefaultProfile text                   `toml:"default_profile"`
	Profiles       map[string]fileProfile `toml:"profiles"`
}

// fileProfile is one [profiles.NAME] table.
type fileProfile struct {
	BaseURL       baseURL  `toml:"base_url"`
	Token         secret   `toml:"token"`
	TokenCommand  command  `toml:"token_command"`
	Timeout       duration `toml:"timeout"`
	ReadOnly      boolean  `toml:"read_only"`
	RequireReason boolean  `toml:"require_reason"`
	Label         text     `toml:"label"`
	Color         color    `toml:"color"`
}

// profileKeys lists the keys a profile may hold, for messages.
var profileKeys = []string{"base_url", "token", "token_command", "timeout", "read_only", "require_reason", "label", "color"}

// readFile reads and checks the config file at path. A missing file gives
// (nil, nil) unless named is set (the user named it with --config or
// QWOTY_CONFIG), which makes it an error; how says who named it.
func readFile(path string, named bool, how string) (*fileConfig, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if named {
			return nil, fmt.Errorf("config file %s (from %s) does not exist", path, how)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("config file %s is a directory, not a file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	var fc fileConfig
	md, err := toml.Decode(string(data), &fc)
	if err != nil {
		return nil, decodeError(path, data, err)
	}
	if t := md.Type("profiles"); t != "" && t != "Hash" {
		return nil, fmt.Errorf("%s: profiles must be tables such as [profiles.prod]", path)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, unknownKeyError(path, data, keys[0])
	}
	if err := checkProfiles(path, &fc); err != nil {
		return nil, err
	}
	return &fc, checkMode(path, info.Mode(), &fc)
}

// checkProfiles checks what decoding cannot: keys that exclude each other.
func checkProfiles(path string, fc *fileConfig) error {
	for _, name := range profileNames(fc) {
		if p := fc.Profiles[name]; p.Token.set && p.TokenCommand.set {
			return fmt.Errorf("%s: [profiles.%s] has both token and token_command: keep one", path, name)
		}
	}
	return nil
}

// checkMode refuses a file that holds a token and that others may read or
// write. Windows has no such mode bits and is not checked.
func checkMode(path string, mode fs.FileMode, fc *fileConfig) error {
	perm := mode.Perm()
	if runtime.GOOS == "windows" || perm&0o077 == 0 || !holdsToken(fc) {
		return nil
	}
	what := "readable"
	if perm&0o044 == 0 {
		what = "writable"
	}
	return fmt.Errorf("config file %s holds a token but is %s by others (mode %04o): run  chmod 600 %s", path, what, perm, shellQuote(path))
}

// shellQuote quotes a path for a POSIX shell when it needs quoting (macOS's
// "Application Support" does).
func shellQuote(s string) string {
	if !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func holdsToken(fc *fileConfig) bool {
	for _, p := range fc.Profiles {
		if p.Token.set {
			return true
		}
	}
	return false
}

// profileNames returns the file's profile names, sorted.
func profileNames(fc *fileConfig) []string {
	if fc == nil {
		return nil
	}
	names := make([]string, 0, len(fc.Profiles))
	for name := range fc.Profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// unknownKeyError names the first key the file holds that means nothing,
// with its line.
func unknownKeyError(path string, data []byte, k toml.Key) error {
	where := path
	if n := keyLine(data, k); n > 0 {
		where = fmt.Sprintf("%s line %d", path, n)
	}
	if len(k) >= 3 && k[0] == "profiles" {
		return fmt.Errorf("%s: unknown key %q in [profiles.%s] (known keys: %s)", where, k[2], k[1], strings.Join(profileKeys, ", "))
	}
	return fmt.Errorf("%s: unknown key %q (the top level holds only default_profile and [profiles.NAME] tables)", where, k[0])
}

// keyLine finds the line (from 1) that sets key k or opens its table, or
// returns 0: the TOML decoder keeps positions to itself.
func keyLine(data []byte, k toml.Key) int {
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			table = strings.Trim(strings.TrimSpace(strings.Trim(t, "[]")), " ")
			if tableKey(table) == strings.Join(k, ".") {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		full := tableKey(strings.TrimSpace(name))
		if table != "" {
			full = tableKey(table) + "." + full
		}
		if full == strings.Join(k, ".") {
			return i + 1
		}
	}
	return 0
}

// tableKey normalises a dotted TOML key: quotes and spaces around the
// parts dropped.
func tableKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
