package clidoc

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// keyLike is a message key left as a help text.
var keyLike = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)

// Untranslated lists what a program's help lacks in French: en and fr are
// the same tree built in English and in French. A command's Short, Long
// and Example and every flag's usage must be there in both, not a missing
// key ("[key]"), and differ, unless same names the command path or the
// "path --flag" whose text is genuinely the same in both languages.
func Untranslated(en, fr *cobra.Command, same []string) []string {
	var out []string
	text := func(where, kind, e, f string, required bool) {
		switch {
		case required && (strings.TrimSpace(e) == "" || strings.TrimSpace(f) == ""):
			out = append(out, fmt.Sprintf("%s: %s empty (en %q, fr %q)", where, kind, e, f))
		case strings.HasPrefix(e, "[") || strings.HasPrefix(f, "[") || keyLike.MatchString(e) || keyLike.MatchString(f):
			out = append(out, fmt.Sprintf("%s: %s is a missing key (en %q, fr %q)", where, kind, e, f))
		case e != "" && f == "":
			out = append(out, fmt.Sprintf("%s: %s has no French text", where, kind))
		case e != "" && e == f && !slices.Contains(same, where):
			out = append(out, fmt.Sprintf("%s: %s is the same in French as in English: %q", where, kind, e))
		}
	}
	var walk func(e, f *cobra.Command)
	walk = func(e, f *cobra.Command) {
		where := e.CommandPath()
		text(where, "Short", e.Short, f.Short, true)
		text(where, "Long", e.Long, f.Long, false)
		text(where, "Example", e.Example, f.Example, false)
		e.LocalFlags().VisitAll(func(ef *pflag.Flag) {
			ff := f.LocalFlags().Lookup(ef.Name)
			if ff == nil {
				out = append(out, fmt.Sprintf("%s --%s: no such flag in French", where, ef.Name))
				return
			}
			text(where+" --"+ef.Name, "usage", ef.Usage, ff.Usage, true)
		})
		for _, es := range e.Commands() {
			fs, _, err := f.Find([]string{es.Name()})
			if err != nil || fs == f {
				out = append(out, fmt.Sprintf("%s: no such command in French", es.CommandPath()))
				continue
			}
			walk(es, fs)
		}
	}
	walk(en, fr)
	return out
}
