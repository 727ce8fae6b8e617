package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/viper"

	"github.com/cnops/guichet/domain"
)

// Setting is one configuration key of a program's configuration C: its
// default and how to read and check it.
type Setting[C any] struct {
	Key   string
	Def   string
	Apply func(c *C, raw string) error
}

// Spec is what differs between the programs' configurations: the console's
// (console) and the centre's.
type Spec[C any] struct {
	// EnvPrefix starts every environment override (GUICHET:
	// GUICHET_UI_IDLE_LOCK) and, with _CONFIG, names the file to read.
	EnvPrefix string
	// LocalFile is looked for in the working directory (guichet.yaml);
	// FileName in $XDG_CONFIG_HOME/guichet and /etc/guichet (config.yaml).
	LocalFile, FileName string
	// Example is the example file that lists every key, named when a file
	// holds an unknown one.
	Example  string
	Settings []Setting[C]
	// ListMaps are keys that map names to lists (ui.keys).
	ListMaps []ListMap[C]
}

// ListMap is a key that maps names to lists of strings (ui.keys: action
// to keys). Each name is a key of its own (ui.keys.search_now) with its
// own environment variable (GUICHET_UI_KEYS_SEARCH_NOW, a comma-separated
// list); Apply receives the names that were set, unknown ones included,
// and may name the culprit with a *KeyError.
type ListMap[C any] struct {
	Key      string
	Defaults func() map[string][]string // every name, with what applies when it is left out
	Apply    func(c *C, set map[string][]string) error
}

// KeyError is an error about one configuration key.
type KeyError struct {
	Key string
	Err error
}

func (e *KeyError) Error() string { return e.Key + ": " + e.Err.Error() }
func (e *KeyError) Unwrap() error { return e.Err }

// EnvName returns the environment variable that overrides a key.
func (s Spec[C]) EnvName(key string) string {
	return s.EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Read reads the first configuration file found (opts.File,
// $<EnvPrefix>_CONFIG, ./LocalFile, $XDG_CONFIG_HOME/guichet/FileName,
// /etc/guichet/FileName), then the environment overrides, then the flags
// that were set, and applies every key; an error names the key and where
// its value came from. It returns the file read ("" when none).
func Read[C any](spec Spec[C], opts Options) (C, string, error) {
	var c C
	v := viper.New()
	file, err := spec.findFile(opts.File)
	if err != nil {
		return c, "", err
	}
	if file != "" {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return c, "", domain.Explain("config.err.file", "config file %s: %v", file, err)
		}
		if err := spec.rejectUnknownKeys(v.AllKeys(), file); err != nil {
			return c, "", err
		}
	}
	for _, s := range spec.Settings {
		// Bound one by one: viper ignores environment keys it was not told of.
		if err := v.BindEnv(s.Key, spec.EnvName(s.Key)); err != nil {
			return c, "", err
		}
		if f := opts.Flags[s.Key]; f != nil {
			if err := v.BindPFlag(s.Key, f); err != nil {
				return c, "", err
			}
		}
	}
	for _, s := range spec.Settings {
		raw := s.Def
		if v.IsSet(s.Key) {
			raw = strings.TrimSpace(v.GetString(s.Key))
		}
		if err := s.Apply(&c, raw); err != nil {
			var zero C
			return zero, "", domain.Explain("config.err.key", "configuration key %s (%s): %v", s.Key, spec.source(v, s.Key, file), err)
		}
	}
	for _, lm := range spec.ListMaps {
		if err := spec.readListMap(v, lm, &c); err != nil {
			var zero C
			var ke *KeyError
			if errors.As(err, &ke) {
				return zero, "", domain.Explain("config.err.key", "configuration key %s (%s): %v", ke.Key, spec.source(v, ke.Key, file), ke.Err)
			}
			return zero, "", err
		}
	}
	return c, file, nil
}

// readListMap gathers the names of lm that were set (in the file or the
// environment) with their lists, and applies them.
func (s Spec[C]) readListMap(v *viper.Viper, lm ListMap[C], c *C) error {
	inFile := map[string]bool{} // an empty entry is there, and wrong, though viper calls it unset
	for _, key := range v.AllKeys() {
		inFile[key] = true
	}
	for name := range lm.Defaults() {
		if err := v.BindEnv(lm.Key+"."+name, s.EnvName(lm.Key+"."+name)); err != nil {
			return err
		}
	}
	set := map[string][]string{}
	for _, key := range v.AllKeys() {
		name, ok := strings.CutPrefix(key, lm.Key+".")
		if key == lm.Key && v.IsSet(key) {
			return &KeyError{Key: lm.Key, Err: domain.Explain("config.err.list_map", "must map names to lists, such as %s: {name: [a, b]}", lm.Key)}
		}
		if !ok || !(v.IsSet(key) || inFile[key]) {
			continue
		}
		set[name] = listOf(v.Get(key))
	}
	return lm.Apply(c, set)
}

// listOf reads a list from YAML ([a, b]) or from one string ("a, b", as
// the environment gives it).
func listOf(raw any) []string {
	var out []string
	switch x := raw.(type) {
	case []any:
		for _, e := range x {
			out = append(out, strings.TrimSpace(fmt.Sprint(e)))
		}
	case []string:
		out = x
	case nil:
	default:
		for _, e := range strings.Split(fmt.Sprint(x), ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

func (s Spec[C]) findFile(flag string) (string, error) {
	for _, explicit := range []string{flag, os.Getenv(s.EnvPrefix + "_CONFIG")} {
		if explicit == "" {
			continue
		}
		st, err := os.Stat(explicit)
		if err != nil {
			return "", domain.Explain("config.err.file", "config file %s: %v", explicit, err)
		}
		if err := plainFile(st); err != nil {
			return "", domain.Explain("config.err.file", "config file %s: %v", explicit, err)
		}
		return explicit, nil
	}
	candidates := []string{s.LocalFile}
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		if home, err := os.UserHomeDir(); err == nil {
			xdg = filepath.Join(home, ".config")
		}
	}
	if xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "guichet", s.FileName))
	}
	candidates = append(candidates, filepath.Join("/etc/guichet", s.FileName))
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			if err := plainFile(st); err != nil {
				return "", domain.Explain("config.err.file", "config file %s: %v", c, err)
			}
			return c, nil
		}
	}
	return "", nil
}

// maxFileBytes caps a configuration file: every key with a comment fits
// in a few KiB.
const maxFileBytes = 1 << 20

// plainFile refuses what is not a configuration file: a device such as
// /dev/zero would be read until memory runs out, a FIFO would block.
func plainFile(st os.FileInfo) error {
	if !st.Mode().IsRegular() {
		return domain.Explain("config.err.not_regular", "not a regular file")
	}
	if st.Size() > maxFileBytes {
		return domain.Explain("config.err.too_large", "larger than %d KiB", maxFileBytes>>10)
	}
	return nil
}

func (s Spec[C]) rejectUnknownKeys(keys []string, file string) error {
	known := map[string]bool{}
	for _, set := range s.Settings {
		known[set.Key] = true
	}
	var unknown []string
	for _, k := range keys {
		if !known[k] && !s.inListMap(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return domain.Explain("config.err.unknown_key", "config file %s: unknown key %s (%s lists every key)", file, strings.Join(unknown, ", "), s.Example)
}

// inListMap reports a key of a ListMap (checked when it is applied).
func (s Spec[C]) inListMap(key string) bool {
	for _, lm := range s.ListMaps {
		if key == lm.Key || strings.HasPrefix(key, lm.Key+".") {
			return true
		}
	}
	return false
}

// source says where a key's value came from, for error messages.
func (s Spec[C]) source(v *viper.Viper, key, file string) error {
	if _, ok := os.LookupEnv(s.EnvName(key)); ok {
		return domain.Explain("config.source.env", "from %s", s.EnvName(key))
	}
	if v.InConfig(key) {
		return domain.Explain("config.source.file", "in %s", file)
	}
	if v.IsSet(key) {
		return domain.Explain("config.source.flag", "from a flag")
	}
	return domain.Explain("config.source.default", "default")
}
