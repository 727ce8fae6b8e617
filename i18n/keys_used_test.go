package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cnops/guichet/i18n"
)

// keyLiteral is a whole message key written in the code, such as
// "tui.lookup.title" (a prefix such as "tui.role." is completed at run
// time and cannot be checked here).
var keyLiteral = regexp.MustCompile(`^(tui|cli|err|warn|field|item|elig|state|kind|tier|relation|pin\.(channel|state|refusal))\.[a-z0-9_.]*[a-z0-9_]$`)

// productDirs hold the code that shows text to people (internal/ holds
// test harnesses besides, whose literals are no keys).
var productDirs = []string{"cmd", "tui", "service", "central", "sync", "domain", "letter", "store", "config", "pin", "internal/cli"}

// Every key the product's code names exists in both languages: a screen
// never shows a bracketed key, whichever language it speaks.
func TestEveryKeyTheCodeNamesExists(t *testing.T) {
	cats := map[string]*i18n.Catalog{"English": i18n.English(), "French": i18n.French()}
	found := 0
	for _, dir := range productDirs {
		scanKeys(t, filepath.Join("..", dir), func(path, key string) {
			found++
			for lang, cat := range cats {
				if !cat.Has(key) {
					t.Errorf("%s names %q, which has no %s text", path, key, lang)
				}
			}
		})
	}
	if found < 300 {
		t.Fatalf("only %d keys found in the code: the scan misses them", found)
	}
}

// scanKeys calls found for every key literal in the non-test Go files
// under root.
func scanKeys(t *testing.T, root string, found func(path, key string)) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err == nil && keyLiteral.MatchString(key) {
				found(path, key)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
