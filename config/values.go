package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// The config file's value types. Each checks its value while the file is
// decoded, so a bad value is reported with its line number, and each
// remembers whether the key was present. None puts a token in an error.

// text is a string value.
type text struct {
	v   string
	set bool
}

func (t *text) UnmarshalTOML(data any) error {
	s, ok := data.(string)
	if !ok {
		return fmt.Errorf("must be a string in double quotes, not %s", tomlType(data))
	}
	t.v, t.set = s, true
	return nil
}

// boolean is a true/false value.
type boolean struct{ v, set bool }

func (b *boolean) UnmarshalTOML(data any) error {
	v, ok := data.(bool)
	if !ok {
		return fmt.Errorf("must be true or false (without quotes), not %s", tomlType(data))
	}
	b.v, b.set = v, true
	return nil
}

// duration is a Go duration string such as "20s".
type duration struct {
	d   time.Duration
	set bool
}

func (d *duration) UnmarshalTOML(data any) error {
	s, ok := data.(string)
	if !ok {
		return fmt.Errorf(`must be a duration in double quotes such as "20s", not %s`, tomlType(data))
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf(`%q is not a duration such as "20s" or "1m30s"`, s)
	}
	if v <= 0 {
		return fmt.Errorf(`must be more than 0, not %q`, s)
	}
	d.d, d.set = v, true
	return nil
}

// baseURL is an API base URL accepted by api.CheckBaseURL.
type baseURL struct {
	v   string
	set bool
}

func (b *baseURL) UnmarshalTOML(data any) error {
	s, ok := data.(string)
	if !ok || s == "" {
		return fmt.Errorf("must be a URL in double quotes such as %q", api.DefaultBaseURL)
	}
	u, err := api.CheckBaseURL(s)
	if err != nil {
		return err
	}
	b.v, b.set = u.String(), true
	return nil
}

// color is a badge colour: "#rgb", "#rrggbb" or an ANSI number 0-255.
type color struct {
	v   string
	set bool
}

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

func (c *color) UnmarshalTOML(data any) error {
	var s string
	switch v := data.(type) {
	case string:
		s = v
	case int64:
		s = strconv.FormatInt(v, 10)
	}
	n, err := strconv.Atoi(s)
	if !hexColor.MatchString(s) && (err != nil || n < 0 || n > 255) {
		return errors.New(`must be "#rgb", "#rrggbb" or an ANSI colour number 0-255, e.g. "#d70000" or 160`)
	}
	c.v, c.set = s, true
	return nil
}

// secret is a token. Its errors never repeat the value.
type secret struct {
	t   api.Token
	set bool
}

func (s *secret) UnmarshalTOML(data any) error {
	v, ok := data.(string)
	if !ok || api.NewToken(v).IsZero() {
		return errBadToken
	}
	s.t, s.set = api.NewToken(v), true
	return nil
}

var errBadToken = errors.New(`must be the token in double quotes: token = "qwoty_…"`)

// command is a token_command: an array of words, or a string split into
// words by splitWords.
type command struct {
	argv []string
	set  bool
}

func (c *command) UnmarshalTOML(data any) error {
	var argv []string
	switch v := data.(type) {
	case string:
		words, err := splitWords(v)
		if err != nil {
			return err
		}
		argv = words
	case []any:
		for _, w := range v {
			s, ok := w.(string)
			if !ok {
				return fmt.Errorf("must hold only strings, not %s", tomlType(w))
			}
			argv = append(argv, s)
		}
	default:
		return fmt.Errorf(`must be an array such as ["pass", "show", "qwoty/prod"] or a string, not %s`, tomlType(data))
	}
	if len(argv) == 0 || argv[0] == "" {
		return errors.New(`names no program: use e.g. ["pass", "show", "qwoty/prod"]`)
	}
	c.argv, c.set = argv, true
	return nil
}

// splitWords splits a command line into words at spaces and tabs. 'Single'
// quotes keep everything literally; "double" quotes keep everything but
// \" and \\, which stand for " and \. Outside quotes a backslash is an
// ordinary character, so Windows paths need no doubling. No shell
// expansion of any kind happens.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'' && r == '\'', quote == '"' && r == '"':
			quote = 0
		case quote == '"' && r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\'):
			i++
			cur.WriteRune(rs[i])
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("has an unclosed %c quote", quote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// tomlType names the type of a decoded TOML value for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "true/false"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	default:
		return "a date"
	}
}
