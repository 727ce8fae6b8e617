//go:build unix

package hostile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// ConfigCase is a hostile configuration value (config.json): a key's value
// from the environment or the file, a whole file, or a --config path.
type ConfigCase struct {
	Case
	Program string `json:"program,omitempty"` // "" for guichet, or guichet-central
	Via     string `json:"via"`               // env, file, raw or path
	Key     string `json:"key,omitempty"`
	Value   string `json:"value,omitempty"`
	File    string `json:"file,omitempty"` // raw: the file's text
	Path    string `json:"path,omitempty"` // path: what --config names
	Make    string `json:"make,omitempty"` // path: fifo, zero-link or big
}

// Loader is one program's configuration for RunConfigCases: the variable
// that overrides a key, and its loader given a --config file.
type Loader struct {
	Program string
	EnvName func(key string) string
	Load    func(file string) error
	// Isolate runs the test in an empty folder with none of the program's
	// variables set, and returns the folder.
	Isolate func(t *testing.T) string
}

// RunConfigCases loads the program's configuration with each of its
// corpus cases and checks the refusal: an error naming the key (the
// file, for a file that cannot be read as one), never a panic. It
// returns how many cases it ran.
func RunConfigCases(t *testing.T, l Loader) int {
	t.Helper()
	n := 0
	for _, c := range Load[ConfigCase](t, "config.json") {
		if c.Program != l.Program {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			dir := l.Isolate(t)
			vars := map[string]string{"tmp": dir}
			file := ""
			switch c.Via {
			case "env":
				t.Setenv(l.EnvName(c.Key), Expand(t, c.Value, vars))
			case "file":
				file = filepath.Join(dir, "hostile.yaml")
				writeFile(t, file, yamlKey(t, c.Key, Expand(t, c.Value, vars)))
			case "raw":
				file = filepath.Join(dir, "hostile.yaml")
				writeFile(t, file, Expand(t, c.File, vars))
			case "path":
				file = Expand(t, c.Path, vars)
				makeConfigPath(t, c.Make, file)
			default:
				t.Fatalf("via %q", c.Via)
			}
			err := loadSafely(t, l, file)
			switch {
			case err == nil:
				t.Fatalf("accepted, want a refusal naming %q", c.Field)
			case c.Field == FieldWhole:
				if !strings.Contains(err.Error(), "config file") {
					t.Errorf("refused with %q, want it to name the file", err)
				}
			case !strings.Contains(err.Error(), c.Field):
				t.Errorf("refused with %q, want it to name %q", err, c.Field)
			case (c.Via == "env" || c.Via == "file") && !strings.Contains(err.Error(), "configuration key"):
				t.Errorf("refused with %q, want \"configuration key %s\"", err, c.Field)
			}
		})
	}
	return n
}

func loadSafely(t *testing.T, l Loader, file string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("the loader panicked: %v", p)
		}
	}()
	return l.Load(file)
}

// yamlKey is a file setting one dotted key; a JSON string is a YAML
// double-quoted one.
func yamlKey(t *testing.T, key, value string) string {
	section, name, ok := strings.Cut(key, ".")
	if !ok {
		t.Fatalf("key %q has no section", key)
	}
	quoted, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	return section + ":\n  " + name + ": " + string(quoted) + "\n"
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func makeConfigPath(t *testing.T, kind, path string) {
	t.Helper()
	var err error
	switch kind {
	case "":
	case "fifo":
		err = syscall.Mkfifo(path, 0o600)
	case "zero-link":
		err = os.Symlink("/dev/zero", path)
	case "big":
		err = os.WriteFile(path, []byte("ui:\n  idle_lock: 5m\n# "+strings.Repeat("x", 2<<20)+"\n"), 0o600)
	default:
		t.Fatalf("make %q", kind)
	}
	if err != nil {
		t.Fatal(err)
	}
}
