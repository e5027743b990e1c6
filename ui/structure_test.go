package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// screenTypes are the concrete screens; only their own files and their
// constructors' callers may name them.
var screenTypes = []string{"lookupScreen", "contactScreen", "formScreen", "reviewScreen", "conflictScreen"}

// TestTheRootKnowsScreensOnlyByTheirInterface: no type switch or type
// assertion on a concrete screen anywhere in the app, and the root model's
// file stays short.
func TestTheRootKnowsScreensOnlyByTheirInterface(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var typ ast.Expr
			switch n := n.(type) {
			case *ast.TypeAssertExpr:
				typ = n.Type
			case *ast.CaseClause:
				for _, e := range n.List {
					if named := screenNamed(e); named != "" {
						t.Errorf("%s: a case on the screen type %s", fset.Position(n.Pos()), named)
					}
				}
			}
			if named := screenNamed(typ); named != "" {
				t.Errorf("%s: a type assertion to the screen type %s", fset.Position(n.Pos()), named)
			}
			return true
		})
	}
	src, err := os.ReadFile("app.go")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "\n"); n >= 250 {
		t.Errorf("app.go is %d lines: keep the root model under 250", n)
	}
	for _, s := range screenTypes {
		if strings.Contains(string(src), s) && s != "lookupScreen" { // the root makes the lookup, the bottom of the stack
			t.Errorf("app.go names %s", s)
		}
	}
}

// screenNamed returns the screen type e names (*x or x), or "".
func screenNamed(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		for _, s := range screenTypes {
			if id.Name == s {
				return s
			}
		}
	}
	return ""
}
