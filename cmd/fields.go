package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
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

// checkField checks one value for the field called name of schema s, after
// normalising it (an address's country code is upper-cased).
func checkField(s *api.Schema, name string, v api.Value) (api.Value, error) {
	f, ok := s.Field(name)
	if !ok {
		if name == "customer_id" {
			return v, fieldProblem(name, "cannot be changed: the API fixes a record's customer when it is created")
		}
		return v, fmt.Errorf("%q is not a field a %s update can change (fields: %s)", name, s.Kind, strings.Join(s.Names(), ", "))
	}
	if s.Kind == api.KindAddress && name == "country" && !v.IsNull() && !v.IsList() {
		v = api.String(strings.ToUpper(v.Str()))
	}
	if err := f.Validate(v); err != nil {
		return v, err
	}
	return v, nil
}

func fieldProblem(name, problem string) error {
	return &api.FieldError{Field: name, Problem: problem}
}

func hasKey(vs api.Values, k string) bool {
	_, ok := vs[k]
	return ok
}
