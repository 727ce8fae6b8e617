// Package hostile serves the hostile-input corpus of testdata/hostile to
// the tests that feed it to each surface (command lines, forms, scans, API
// bodies, configuration, rendered data): it loads a surface's cases,
// expands the few macros that let JSON carry what JSON cannot (raw bytes,
// huge fields, per-test values), counts what a refusal must not store, and
// finds escape sequences that reached a terminal.
package hostile

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cnops/guichet/i18n"
)

// Case is what every corpus entry says: its name, the kind of hostility
// (see Kinds), the field the refusal must name, and why it matters.
// FieldWhole stands for a refusal of the whole input (a body that is not
// JSON at all), which has no field to name.
type Case struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Field string `json:"field"`
	Note  string `json:"note,omitempty"`
}

// FieldWhole is the Field of a case refused as a whole.
const FieldWhole = "(whole)"

// unknownKeys are the refusals of an id that names nothing: they say what
// was not found rather than which field held it.
var unknownKeys = []string{"err.member_not_found", "err.request_not_found", "err.user_not_found",
	"err.sync.entry_not_found", "err.unknown_actor", "err.unknown_branch", "err.document_missing",
	"err.bad_credentials"}

// MayOmitField reports whether a refusal carrying key may name no field:
// an unknown id (or a taken name) is refused as such, whatever it looked
// like, and a refusal about one thing needs no field.
func (c Case) MayOmitField(key string) bool {
	return key != "" && (c.Kind == "unknown" || slices.Contains(unknownKeys, key))
}

// Kinds are the kinds of hostile input the corpus must cover.
var Kinds = []string{
	"identifier", // malformed CIN, registration number, postal code, phone, e-mail, UUID, reference
	"huge",       // over-long fields and bodies
	"utf8",       // invalid UTF-8
	"control",    // C0/C1 control characters, NUL, bidi overrides
	"escape",     // ANSI/OSC/DCS escape sequences
	"sql",        // SQL metacharacters
	"traversal",  // path traversal, absolute paths, symlinks, devices, FIFOs
	"bomb",       // JSON/YAML bombs: deep nesting, huge arrays, duplicate keys, numbers out of range
	"json",       // broken JSON or YAML
	"unknown",    // unknown ids, keys and values
}

// Files are the corpus files, one per surface.
var Files = []string{"cli.json", "form.json", "scans.json", "api.json", "config.json", "render.json"}

// Dir is testdata/hostile at the module's root, found from this source
// file so that any package's test reads the same corpus.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "hostile")
}

// Load reads a surface's cases into T (a struct embedding Case), strictly:
// an unknown field in the corpus is a mistake in it.
func Load[T any](t testing.TB, file string) []T {
	t.Helper()
	return load[T](t, file, true)
}

func load[T any](t testing.TB, file string, strict bool) []T {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(Dir(), file))
	if err != nil {
		t.Fatal(err)
	}
	var cases []T
	dec := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return cases
}

var macro = regexp.MustCompile(`(?s)\{\{([a-z]+)(?::(.*?))?\}\}`)

// Expand replaces the macros of a corpus string:
//
//	{{hex:ff fe}}      raw bytes (invalid UTF-8, lone C1 bytes)
//	{{repeat:N:text}}  text N times (huge fields; text ends at the first "}}")
//	{{NAME}}           vars[NAME], a value of the running test (tmp, regno, cin, uuid...)
//
// An unknown macro or variable fails the test.
func Expand(t testing.TB, s string, vars map[string]string) string {
	t.Helper()
	return macro.ReplaceAllStringFunc(s, func(m string) string {
		sub := macro.FindStringSubmatch(m)
		name, arg := sub[1], sub[2]
		switch name {
		case "hex":
			b, err := hex.DecodeString(strings.ReplaceAll(arg, " ", ""))
			if err != nil {
				t.Fatalf("macro %s: %v", m, err)
			}
			return string(b)
		case "repeat":
			n, text, ok := strings.Cut(arg, ":")
			count, err := strconv.Atoi(n)
			if !ok || err != nil || count < 0 {
				t.Fatalf("macro %s: want {{repeat:N:text}}", m)
			}
			return strings.Repeat(text, count)
		}
		v, ok := vars[name]
		if !ok || arg != "" {
			t.Fatalf("macro %s: no such variable", m)
		}
		return v
	})
}

// ExpandAll is Expand on every string of a decoded JSON value (objects,
// arrays, strings), keys included.
func ExpandAll(t testing.TB, v any, vars map[string]string) any {
	t.Helper()
	switch x := v.(type) {
	case string:
		return Expand(t, x, vars)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ExpandAll(t, e, vars)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[Expand(t, k, vars)] = ExpandAll(t, e, vars)
		}
		return out
	}
	return v
}

// Counts counts the rows of each table: what a refusal must leave as it
// found it.
func Counts(t testing.TB, db *sql.DB, tables ...string) map[string]int {
	t.Helper()
	out := make(map[string]int, len(tables))
	for _, table := range tables {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// FileCount counts the files under dir (0 when it does not exist).
func FileCount(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return n
}

// sgr matches a Select Graphic Rendition sequence: the only escape
// sequence the console's own styles write.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// Unsafe returns the first thing in out that must never reach a terminal
// from data, described, or "" when there is none: an escape character, a
// C0 or C1 control other than newline and tab (a lone C1 byte included),
// or a bidi control. With styled set, SGR sequences (the console's own
// styling) are allowed; whether one came from data is for a comparison
// with a render of clean data to tell.
func Unsafe(out string, styled bool) string {
	if styled {
		out = sgr.ReplaceAllString(out, "")
	}
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("control %U at byte %d: %q", r, i, context(out, i))
		case r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("C1 control %U at byte %d: %q", r, i, context(out, i))
		case r == utf8.RuneError && size == 1 && out[i] >= 0x80 && out[i] < 0xa0:
			return fmt.Sprintf("lone C1 byte %#x at byte %d: %q", out[i], i, context(out, i))
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return fmt.Sprintf("bidi control %U at byte %d: %q", r, i, context(out, i))
		}
		i += size
	}
	return ""
}

func context(s string, i int) string {
	return s[max(0, i-20):min(len(s), i+20)]
}

// FormCase is a hostile value given to one of the operations the
// console's forms call (form.json): Op names it, Input replaces some of a
// valid input's fields.
type FormCase struct {
	Case
	Op    string            `json:"op"`
	As    string            `json:"as,omitempty"` // agent (default), super or admin
	Input map[string]string `json:"input"`
	// Key is the message key the refusal must carry; required when the
	// refusal is a domain.Error (an unknown id) rather than a FieldError.
	Key string `json:"key,omitempty"`
	// Expect is "refused" (the default) or "literal": SQL metacharacters
	// a field may hold, which must then be kept exactly as typed.
	Expect string `json:"expect,omitempty"`
	// TUI says why the address form cannot be given this value at all.
	TUI string `json:"tui,omitempty"`
}

// CLICase is a hostile command line (cli.json) for one program. A case
// with Base "request" is `guichet address request REGNO` with valid flags,
// Flags replacing them (null removes one, true is a flag without value).
type CLICase struct {
	Case
	Program string            `json:"program"`        // guichet or guichet-central
	As      string            `json:"as,omitempty"`   // guichet: the acting user
	Args    []string          `json:"args,omitempty"` // after the program's name
	Base    string            `json:"base,omitempty"`
	Flags   map[string]any    `json:"flags,omitempty"`
	Stdin   string            `json:"stdin,omitempty"`
	Files   map[string]string `json:"files,omitempty"` // made in the working folder first
	Env     map[string]string `json:"env,omitempty"`
	Key     string            `json:"key,omitempty"` // a refusal that names no field: its message key
}

// CheckCLIRefusal checks what a refused command line printed: a non-zero
// exit, the field named on standard error (or, for an unknown id, the
// translated refusal), and nothing on either stream that a terminal would
// take as a control sequence.
func CheckCLIRefusal(t testing.TB, c Case, key string, code int, stdout, stderr string) {
	t.Helper()
	if code == 0 {
		t.Errorf("%s: exit 0, want a refusal naming %q\nstdout: %.300q", c.Name, c.Field, stdout)
		return
	}
	if bad := Unsafe(stdout, false); bad != "" {
		t.Errorf("%s: standard output carries %s", c.Name, bad)
	}
	if bad := Unsafe(stderr, false); bad != "" {
		t.Errorf("%s: standard error carries %s", c.Name, bad)
	}
	if NamesField(stderr, c.Field) {
		return
	}
	if c.MayOmitField(key) && strings.Contains(stderr, catalog.T(key)) {
		return
	}
	t.Errorf("%s: exit %d, standard error does not name %q: %.300q", c.Name, code, c.Field, stderr)
}

var catalog = i18n.English()

// NamesField reports whether a command's error text names field: by its
// label ("Lookup: ..."), its name ("line1: ...", field "line1" in a JSON
// message), its flag (--state), its configuration key, or as what was not
// found ("no device ...").
func NamesField(out, field string) bool {
	if catalog.Has("field." + field) {
		if strings.Contains(out, catalog.T("field."+field)+":") {
			return true
		}
	}
	for _, form := range []string{field + ":", `"` + field + `"`, "--" + strings.TrimPrefix(field, "--"), "key " + field,
		"no " + field + " "} {
		if strings.Contains(out, form) {
			return true
		}
	}
	return false
}
