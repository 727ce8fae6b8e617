// Package configtest owns the checks the programs' tests share: that an
// example configuration file documents every key of a config.Spec with its
// default and its environment variable and loads as is, and what any value
// given to a setting must lead to.
package configtest

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/cnops/guichet/config"
)

// CheckExample fails t unless the example file at path documents every key
// of spec with its default and its environment variable, documents no
// other key, and loads as is. The caller isolates the environment first.
func CheckExample[C any](t testing.TB, spec config.Spec[C], path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for section, keys := range doc {
		for k, v := range keys {
			found[section+"."+k] = fmt.Sprint(v)
		}
	}
	for _, s := range spec.Settings {
		v, ok := found[s.Key]
		if !ok {
			t.Errorf("%s lacks %s", spec.Example, s.Key)
		} else if v != s.Def {
			t.Errorf("%s has %s = %q, the default is %q", spec.Example, s.Key, v, s.Def)
		}
		if !strings.Contains(string(raw), spec.EnvName(s.Key)) {
			t.Errorf("%s does not name %s", spec.Example, spec.EnvName(s.Key))
		}
		delete(found, s.Key)
	}
	for _, lm := range spec.ListMaps {
		checkListMap(t, spec, lm, doc, raw)
		delete(found, lm.Key)
	}
	for k := range found {
		t.Errorf("%s documents unknown key %s", spec.Example, k)
	}
	if _, file, err := config.Read(spec, config.Options{File: path}); err != nil || file != path {
		t.Fatalf("%s must load as is: %v", spec.Example, err)
	}
}

// checkListMap fails t unless the example lists every name of lm with
// its default and names lm's environment variables.
func checkListMap[C any](t testing.TB, spec config.Spec[C], lm config.ListMap[C], doc map[string]map[string]any, raw []byte) {
	t.Helper()
	section, key, _ := strings.Cut(lm.Key, ".")
	listed, _ := doc[section][key].(map[string]any)
	for name, def := range lm.Defaults() {
		v, ok := listed[name]
		if !ok {
			t.Errorf("%s lacks %s.%s", spec.Example, lm.Key, name)
		} else if fmt.Sprint(v) != fmt.Sprint(def) {
			t.Errorf("%s has %s.%s = %v, the default is %v", spec.Example, lm.Key, name, v, def)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("%s documents unknown key %s.%s", spec.Example, lm.Key, name)
	}
	if !strings.Contains(string(raw), spec.EnvName(lm.Key)) {
		t.Errorf("%s does not name %s", spec.Example, spec.EnvName(lm.Key))
	}
}

// CheckSetting fails t unless setting s, given raw, either refuses it in
// one printable line (the refusal is shown to the operator and quotes the
// value escaped) or reads it the same way twice; a key containing one of
// plainKeys (paths, commands, addresses: written to logs, shown or run)
// never takes a control character. For the programs' settings fuzz tests.
func CheckSetting[C any](t testing.TB, s config.Setting[C], raw string, plainKeys []string) {
	t.Helper()
	var first, second C
	if err := s.Apply(&first, raw); err != nil {
		if msg := err.Error(); strings.ContainsFunc(msg, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) {
			t.Fatalf("%s: refusal of %q is not one printable line: %q", s.Key, raw, msg)
		}
		return
	}
	if err := s.Apply(&second, raw); err != nil || !reflect.DeepEqual(first, second) {
		t.Fatalf("%s: the same value %q read twice differs (%v)", s.Key, raw, err)
	}
	for _, k := range plainKeys {
		if strings.Contains(s.Key, k) && strings.ContainsFunc(raw, unicode.IsControl) {
			t.Fatalf("%s accepted control characters: %q", s.Key, raw)
		}
	}
}
