package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
)

// keysKey is the configuration key of the key bindings: ui.keys.<action>.
const keysKey = "ui.keys"

// uiKeys reads ui.keys into Config.Keys.
var uiKeys = ListMap[Config]{Key: keysKey, Defaults: DefaultKeys, Apply: func(c *Config, set map[string][]string) error {
	keys, err := ValidateKeys(set)
	c.Keys = keys
	return err
}}

// namedKeys are the keys with a name, as tea.KeyPressMsg.String spells
// them (function keys f1 to f20 besides); keyAliases are other spellings
// people write.
var (
	namedKeys = []string{"enter", "tab", "backspace", "esc", "space", "up", "down", "left", "right",
		"insert", "delete", "pgup", "pgdown", "home", "end"}
	keyAliases = map[string]string{"escape": "esc", "return": "enter", "del": "delete", "ins": "insert",
		"pgdn": "pgdown", "pageup": "pgup", "pagedown": "pgdown"}
	modifierOrder = []string{"ctrl", "alt", "shift"}
)

// CanonicalKey checks a key name and returns it the way Bubble Tea names
// the key press: modifiers lower-case in the order ctrl, alt, shift
// ("Ctrl+F" is ctrl+f), then a named key (f5, esc, pgdown...) or one
// character. shift and a character is written as the character it types
// (A, not shift+a).
func CanonicalKey(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	bad := domain.Explain("config.err.key_name", "%q is not a key name (such as f5, ctrl+r, alt+x, esc, enter, pgdown, shift+tab or one character)", raw)
	if utf8.RuneCountInString(s) == 1 {
		r, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return "", bad
		}
		return s, nil
	}
	parts := strings.Split(s, "+")
	if strings.HasSuffix(s, "++") { // ctrl++: the plus key itself
		parts = append(parts[:len(parts)-2], "+")
	}
	base := parts[len(parts)-1]
	have := map[string]bool{}
	for _, m := range parts[:len(parts)-1] {
		m = strings.ToLower(m)
		if !slices.Contains(modifierOrder, m) || have[m] {
			return "", bad
		}
		have[m] = true
	}
	var mods strings.Builder
	for _, m := range modifierOrder {
		if have[m] {
			mods.WriteString(m + "+")
		}
	}
	switch {
	case utf8.RuneCountInString(base) == 1:
		r, _ := utf8.DecodeRuneInString(base)
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return "", bad
		}
		if have["shift"] && !have["ctrl"] && !have["alt"] {
			return "", domain.Explain("config.err.key_shift", "%q: write the character shift types instead (A for shift+a)", raw)
		}
		base = strings.ToLower(base)
	default:
		base = strings.ToLower(base)
		if a, ok := keyAliases[base]; ok {
			base = a
		}
		if !slices.Contains(namedKeys, base) && !functionKey(base) {
			return "", bad
		}
	}
	return mods.String() + base, nil
}

// functionKey reports f1 to f20.
func functionKey(s string) bool {
	if len(s) < 2 || s[0] != 'f' || !isDigits(s[1:]) {
		return false
	}
	var n int
	fmt.Sscan(s[1:], &n)
	return n >= 1 && n <= 20 && s[1] != '0'
}

// layoutFree reports a key that types no character, so works whatever
// the keyboard layout: a named key or one with ctrl or alt.
func layoutFree(key string) bool {
	mods, base := splitKey(key)
	return strings.Contains(mods, "ctrl+") || strings.Contains(mods, "alt+") || utf8.RuneCountInString(base) > 1
}

// ValidateKeys checks the ui.keys overrides (action -> keys) and returns
// them canonical: every action known, every list with keys, each key a
// key name, at least one key that works under any keyboard layout (an
// Arabic layout types other letters), no printable character where one
// types, ? left to help, and no key doing two things on one screen. An
// error is a *KeyError naming ui.keys.<action>.
func ValidateKeys(set map[string][]string) (map[string][]string, error) {
	if len(set) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	sort.Strings(names)
	out := map[string][]string{}
	for _, name := range names {
		keys, err := checkActionKeys(name, set[name])
		if err != nil {
			return nil, &KeyError{Key: keysKey + "." + name, Err: err}
		}
		out[name] = keys
	}
	if name, err := clash(out, names); err != nil {
		return nil, &KeyError{Key: keysKey + "." + name, Err: err}
	}
	return out, nil
}

func checkActionKeys(name string, raw []string) ([]string, error) {
	a, ok := FindKeyAction(name)
	if !ok {
		return nil, domain.Explain("config.err.key_action", "unknown action %q (config.example.yaml lists every action under ui.keys)", name)
	}
	if len(raw) == 0 {
		return nil, domain.Explain("config.err.key_empty", "must list at least one key, such as [f5] or [f5, ctrl+r]")
	}
	var keys []string
	free := false
	for _, r := range raw {
		key, err := CanonicalKey(r)
		if err != nil {
			return nil, err
		}
		switch {
		case slices.Contains(keys, key):
			return nil, domain.Explain("config.err.key_twice", "lists %s twice", key)
		case key == "?":
			return nil, domain.Explain("config.err.key_help", "? is kept for the help")
		case !layoutFree(key):
			for _, s := range a.Screens {
				if slices.Contains(typingScreens, s) {
					return nil, domain.Explain("config.err.key_types", "%s would type a character on the %s screen: use a function, ctrl or alt key", key, s)
				}
			}
		}
		free = free || layoutFree(key)
		keys = append(keys, key)
	}
	if !free {
		return nil, domain.Explain("config.err.key_layout", "%s: add a key that works under any keyboard layout (a function, ctrl, alt or arrow key), since letters change under an Arabic layout", fmtKeys(keys))
	}
	return keys, nil
}

// clash finds a key that would do two things on one screen once the
// overrides apply; it names the first overridden action (in names'
// order) that takes part.
func clash(over map[string][]string, names []string) (string, error) {
	keysOf := func(a KeyAction) []string {
		if k, ok := over[a.Name]; ok && !a.Fixed {
			return k
		}
		return a.Keys
	}
	for _, name := range names {
		a, _ := FindKeyAction(name)
		for _, other := range keyActions {
			if other.Name == a.Name || !shareScreen(a, other) {
				continue
			}
			for _, key := range keysOf(a) {
				if slices.Contains(keysOf(other), key) {
					return name, domain.Explain("config.err.key_clash", "%s is also the key of %q on the %s screen", key, other.Name, sharedScreen(a, other))
				}
			}
		}
	}
	return "", nil
}

// shareScreen reports two actions live on one screen (a global one is
// live on all).
func shareScreen(a, b KeyAction) bool { return sharedScreen(a, b) != "" }

func sharedScreen(a, b KeyAction) string {
	switch {
	case slices.Contains(a.Screens, ScreenGlobal):
		return b.Screens[0]
	case slices.Contains(b.Screens, ScreenGlobal):
		return a.Screens[0]
	}
	for _, s := range a.Screens {
		if slices.Contains(b.Screens, s) {
			return s
		}
	}
	return ""
}
