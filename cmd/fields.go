package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
)

// Parsing and checking of the field values set, set-address and apply
// send. Everything here runs before any request: a value the API would
// refuse is refused here, naming the field.

// parseAssignments reads set's field=value arguments and --unset names into
// values for schema s, each checked against the API's rules. It reports
// every problem at once.
func parseAssignments(s *api.Schema, args, unset []string) (api.Values, error) {
	out := api.Values{}
	var problems []string
	add := func(name string, v api.Value, err error) {
		if err == nil {
			v, err = checkField(s, name, v)
		}
		switch {
		case err != nil:
			problems = append(problems, err.Error())
		case hasKey(out, name):
			problems = append(problems, fmt.Sprintf("%s is given more than once: set each field once", name))
		default:
			out[name] = v
		}
	}
	for _, arg := range args {
		name, text, ok := strings.Cut(arg, "=")
		if !ok || name == "" {
			problems = append(problems, fmt.Sprintf("%q is not field=value (e.g. phone=\"+33 6 12 34 56 78\", or phone= to unset it)", arg))
			continue
		}
		f, known := s.Field(name)
		if !known {
			add(name, api.Value{}, nil) // checkField names the problem
			continue
		}
		v, err := textValue(f, text)
		add(name, v, err)
	}
	for _, name := range unset {
		f, known := s.Field(name)
		if !known {
			add(name, api.Value{}, nil)
			continue
		}
		if !f.Nullable() {
			add(name, api.Value{}, fieldProblem(name, unsetHint(f)))
			continue
		}
		add(name, api.Null(), nil)
	}
	if len(problems) > 0 {
		return nil, usageError(errors.New(strings.Join(problems, "; ")))
	}
	if len(out) == 0 {
		return nil, usageError(fmt.Errorf("nothing to set: give at least one field=value or --unset field (fields: %s)", strings.Join(s.Names(), ", ")))
	}
	return out, nil
}

// textValue turns the text after "field=" into a value: a comma-separated
// list for roles, null for an empty nullable field.
func textValue(f api.Field, text string) (api.Value, error) {
	switch f.Type {
	case api.TypeList:
		if strings.TrimSpace(text) == "" {
			return api.List(), nil
		}
		items := strings.Split(text, ",")
		for i, it := range items {
			items[i] = strings.TrimSpace(it)
			if items[i] == "" {
				return api.Value{}, fieldProblem(f.Name, fmt.Sprintf("%q has an empty item: separate values with single commas, e.g. buyer,billing", text))
			}
		}
		return api.List(items...), nil
	case api.TypeNullableString:
		if text == "" {
			return api.Null(), nil
		}
	default:
		if text == "" {
			return api.Value{}, fieldProblem(f.Name, "cannot be empty or null: it is required")
		}
	}
	return api.String(text), nil
}

func unsetHint(f api.Field) string {
	if f.Type == api.TypeList {
		return "cannot be null: use " + f.Name + "= for an empty list"
	}
	return "cannot be unset: it is required"
}

// checkField normalises and checks one value for the field called name of
// schema s, through the write path's rules (edit.NormalizeValue).
func checkField(s *api.Schema, name string, v api.Value) (api.Value, error) {
	return edit.NormalizeValue(s, name, v)
}

func fieldProblem(name, problem string) error {
	return &api.FieldError{Field: name, Problem: problem}
}

func hasKey(vs api.Values, k string) bool {
	_, ok := vs[k]
	return ok
}
