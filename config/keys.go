package config

import (
	"fmt"
	"slices"
	"strings"
)

// The screens where the console's actions are live: a key may do one
// thing per screen. Global actions are live on every screen. A screen
// where the focus may be in a text field types printable characters.
const (
	ScreenGlobal    = "every screen"
	ScreenLookup    = "lookup"
	ScreenResults   = "lookup results"
	ScreenMember    = "member file"
	ScreenList      = "Sync and request lists"
	ScreenRequest   = "request"
	ScreenSyncEntry = "sync entry"
	ScreenPIN       = "PIN reissue"
	ScreenForm      = "address form"
	ScreenReview    = "address review"
	ScreenReceipt   = "address receipt"
	ScreenPassword  = "password change"
	ScreenSignIn    = "sign-in"
	ScreenAccounts  = "accounts"
)

// typingScreens are where a printable character types text.
var typingScreens = []string{ScreenGlobal, ScreenLookup, ScreenForm, ScreenPassword, ScreenSignIn}

// KeyAction is one thing a key does in the console. Name is its key under
// ui.keys; Keys its default keys (as tea.KeyPressMsg.String spells them);
// Label how help shows those defaults when it names fewer ("F5" for f5
// and ctrl+r); Screens where it is live. A Fixed action (moving, field
// navigation, the channel digits) cannot be rebound: it is listed so that
// a rebound key cannot clash with it.
type KeyAction struct {
	Name    string
	Keys    []string
	Label   string
	Screens []string
	Fixed   bool
}

var (
	lookupScreens = []string{ScreenLookup, ScreenResults}
	pageScreens   = []string{ScreenMember, ScreenRequest, ScreenSyncEntry, ScreenPIN}
	allScreens    = []string{ScreenLookup, ScreenResults, ScreenMember, ScreenList, ScreenRequest, ScreenSyncEntry,
		ScreenPIN, ScreenForm, ScreenReview, ScreenReceipt, ScreenPassword, ScreenSignIn, ScreenAccounts}
)

func bindAct(name, label string, keys []string, screens ...string) KeyAction {
	return KeyAction{Name: name, Keys: keys, Label: label, Screens: screens}
}

func keyList(keys ...string) []string { return keys }

// keyActions is the console's keymap: every key of every screen. The
// screens (package tui) build their bindings from it, and help, the
// command palette and the key line show what it holds.
var keyActions = []KeyAction{
	bindAct("help", "F1/?", keyList("f1"), ScreenGlobal),
	bindAct("palette", "", keyList("ctrl+k"), ScreenGlobal),
	bindAct("lock", "", keyList("ctrl+l", "f10"), ScreenGlobal),
	bindAct("change_password", "", keyList("f12"), ScreenGlobal),
	bindAct("quit", "", keyList("ctrl+c"), ScreenGlobal),

	bindAct("back", "", keyList("esc"), ScreenMember, ScreenList, ScreenRequest, ScreenSyncEntry, ScreenPIN, ScreenPassword),
	bindAct("reload", "F5", keyList("f5", "ctrl+r"), ScreenMember, ScreenList, ScreenRequest, ScreenSyncEntry, ScreenPIN, ScreenAccounts),

	bindAct("search_now", "", keyList("enter"), ScreenLookup),
	bindAct("clear_field", "", keyList("esc"), ScreenLookup),
	bindAct("to_field", "", keyList("esc"), ScreenResults),
	bindAct("open_member", "enter", keyList("enter", "ctrl+o"), ScreenResults, ScreenRequest, ScreenSyncEntry),
	bindAct("switch_results", "tab", keyList("tab", "shift+tab"), lookupScreens...),
	bindAct("new_lookup", "", keyList("f2"), lookupScreens...),
	bindAct("filters", "F3", keyList("f3", "ctrl+f"), lookupScreens...),
	bindAct("my_requests", "", keyList("f6"), lookupScreens...),
	bindAct("queue", "", keyList("f7"), lookupScreens...),
	bindAct("sync", "", keyList("f5"), lookupScreens...),
	bindAct("fetch", "", keyList("f8", "ctrl+g"), ScreenLookup),

	bindAct("change_address", "", keyList("f4", "a"), ScreenMember),
	bindAct("reissue_pin", "", keyList("f7", "p"), ScreenMember),
	bindAct("open_pending", "enter", keyList("enter", "ctrl+o"), ScreenMember),

	bindAct("open", "", keyList("enter"), ScreenList),

	bindAct("approve", "", keyList("f8", "a"), ScreenRequest),
	bindAct("reject", "", keyList("f9", "r"), ScreenRequest),
	bindAct("cancel_request", "", keyList("delete", "c"), ScreenRequest),

	bindAct("retry_entry", "", keyList("f8"), ScreenSyncEntry),
	bindAct("discard_entry", "", keyList("f9", "delete"), ScreenSyncEntry),
	bindAct("resolve_conflict", "", keyList("f4", "ctrl+n"), ScreenSyncEntry),

	bindAct("pin_reissue", "", keyList("enter"), ScreenPIN),
	bindAct("pin_prev", "", keyList("up"), ScreenPIN),
	bindAct("pin_next", "", keyList("down"), ScreenPIN),

	bindAct("review", "", keyList("f5", "ctrl+s"), ScreenForm),
	bindAct("cancel_form", "", keyList("esc"), ScreenForm),
	bindAct("submit", "", keyList("f5", "ctrl+s"), ScreenReview),
	bindAct("confirm_warnings", "", keyList("f6", "space"), ScreenReview),
	bindAct("back_to_form", "", keyList("esc"), ScreenReview),
	bindAct("back_to_member", "enter", keyList("enter", "esc"), ScreenReceipt),
	bindAct("reprint", "", keyList("f5", "ctrl+p"), ScreenReceipt),

	fixedAct("move", keyList("up", "down", "pgup", "pgdown", "home", "end"),
		ScreenResults, ScreenList, ScreenMember, ScreenRequest, ScreenSyncEntry, ScreenAccounts),
	fixedAct("to_results", keyList("down"), ScreenLookup),
	fixedAct("page", keyList("pgup", "pgdown", "space", "home", "end"), pageScreens...),
	fixedAct("pick_channel", keyList("1", "2", "3", "١", "٢", "٣"), ScreenPIN),
	fixedAct("form_fields", keyList("enter", "tab", "shift+tab", "up", "down", "space", "right", "pgup", "pgdown"), ScreenForm),
	fixedAct("password_fields", keyList("enter", "tab", "shift+tab", "up", "down"), ScreenPassword, ScreenSignIn),
	fixedAct("help_char", keyList("?"), allScreens...),
}

func fixedAct(name string, keys []string, screens ...string) KeyAction {
	return KeyAction{Name: name, Keys: keys, Screens: screens, Fixed: true}
}

// KeyActions lists the actions whose keys ui.keys may change, in the
// order the example file documents them.
func KeyActions() []KeyAction {
	var out []KeyAction
	for _, a := range keyActions {
		if !a.Fixed {
			a.Keys = slices.Clone(a.Keys)
			a.Screens = slices.Clone(a.Screens)
			out = append(out, a)
		}
	}
	return out
}

// FindKeyAction returns the configurable action name (ok false when there is
// none: the screens ask only for actions of the table).
func FindKeyAction(name string) (KeyAction, bool) {
	i := slices.IndexFunc(keyActions, func(a KeyAction) bool { return a.Name == name && !a.Fixed })
	if i < 0 {
		return KeyAction{}, false
	}
	return keyActions[i], true
}

// DefaultKeys maps every configurable action to its default keys.
func DefaultKeys() map[string][]string {
	out := map[string][]string{}
	for _, a := range KeyActions() {
		out[a.Name] = a.Keys
	}
	return out
}

// KeyLabel is how help shows keys: F5/ctrl+r, ↑, PgDn.
func KeyLabel(keys []string) string {
	shown := make([]string, len(keys))
	for i, key := range keys {
		shown[i] = keyShown(key)
	}
	return strings.Join(shown, "/")
}

var shownNames = map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→", "pgup": "PgUp",
	"pgdown": "PgDn", "home": "Home", "end": "End", "delete": "del", "insert": "ins"}

func keyShown(key string) string {
	mods, base := splitKey(key)
	if s, ok := shownNames[base]; ok {
		base = s
	} else if len(base) > 1 && base[0] == 'f' && isDigits(base[1:]) {
		base = "F" + base[1:]
	}
	return mods + base
}

// splitKey splits a canonical key into its modifiers ("ctrl+alt+") and
// its base key.
func splitKey(key string) (string, string) {
	if len(key) > 1 {
		if i := strings.LastIndex(key[:len(key)-1], "+"); i >= 0 {
			return key[:i+1], key[i+1:]
		}
	}
	return "", key
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// fmtKeys is a key list for error messages.
func fmtKeys(keys []string) string { return fmt.Sprintf("[%s]", strings.Join(keys, ", ")) }
