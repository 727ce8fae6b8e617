// Package tui is the console's terminal interface (Bubble Tea v2).
//
// One root model (Model) owns a back stack of screens. Every screen has
// Update(msg) (Screen, tea.Cmd), View() string, SetSize(w, h) and a
// help.KeyMap, and shares one context struct (service, session, catalogue,
// styles, keys, size). Screens navigate with typed messages declared at the
// top of their files (SignedInMsg, OpenMemberMsg, BackMsg); all service
// calls run in tea.Cmds that answer with a result message carrying a request
// id, and a screen drops any answer that is not the one it is waiting for.
// The lookup searches as the agent types: each change of text schedules a
// tick (shared.after) with a generation number and only the newest tick
// searches, so every executed (and audited) search follows a pause or an
// enter, never a single key. Mouse events reach a screen in its own
// coordinates (the root takes the title bar off).
//
// Address changes: the member file opens the address form (F4), which
// reviews the change before submitting it; "My requests" (F6) and, for
// supervisors, the approval queue (F7) open from the lookup; a request
// shows the old and the new address side by side. Dialogs (confirmations,
// a second person's sign-in, a rejection's reason) sit over their screen;
// an irreversible action is confirmed with y or ctrl+y, never with enter.
// A screen that comes back to the top of the stack may refresh itself
// (resumer). List screens share listState/listing (listscreen.go); the
// screens of one thing with actions (a request, a sync entry) share
// pageScreen (pagescreen.go): a scrolled page (page.go) and the dialogs
// that confirm or ask a reason (actionFlow, actionflow.go).
//
// Temporary PINs: the member file opens Reissue PIN (F7 or p), which shows
// each channel's eligibility, the limit, the cooling-off and the history
// (pinDoc, pinview.go), and reissues after a confirmation, a second
// supervisor's override during the cooling-off, or a file to save a
// counter letter in when there is no printer (pinreissue.go). No PIN ever
// reaches the package: the service puts it in the letter only.
//
// Sync: the status bar (every screen, sign-in included) reads the service's
// SyncStatus on one generation-guarded 2 s tick and on SyncChangedMsg,
// which the engine's pass sends. The Sync screen (F5) lists pending and
// set-aside entries; a supervisor retries, discards with a reason, or turns
// a conflict into a new request. The lookup offers to ask the centre (F8)
// for a registration number or CIN that finds nobody here. A reset
// password leads to the forced-change screen before anything else; F12
// changes one's own password.
//
// Colours: screens use the semantic Styles (styles.go), never colours.
// The root builds them from ui.theme (Deps.Theme), the background the
// terminal reports (auto: dark until it answers) and the colour profile
// Bubble Tea detects: under NO_COLOR a monochrome theme shows in reverse
// video what a background carried (theme.go). The golden views
// (golden_test.go, testdata/TestGoldenViews) pin every screen at 80×24
// and 200×60 in both themes; go test ./tui -run Golden -update
// regenerates them.
//
// Keys are data: config's keymap (config.KeyActions) gives each action its
// default keys, ui.keys may rebind them (Deps.Keys), and shared.bind makes
// the one key.Binding that the screen matches, help and the key line show
// and the command palette (ctrl+k, palette.go) runs: the palette lists the
// active screen's enabled bindings (so only what this role may do here)
// and the global ones, filters them as one types, and presses the chosen
// one's key. Notices fade (notice.go): information dims then goes on two
// timers, a failure stays until the next key press or click. Until the
// palette or the help is opened once on this device, the title bar says
// how (hints.go); screens with nothing to show say why and what to do
// (hints_empty.go); a sync pass that knows its size shows a progress bar
// in the status bar and on the Sync screen (syncview.go).
//
// Every string that comes from the service (so from the database or the
// network) goes through safe (domain.Sanitize) before it reaches the
// terminal; each screen does that in one place, when the result arrives
// (the Sync screens' entries in loadEntries, the link's state in
// onSyncStatus).
// Every string a person reads comes from the i18n catalogue.
//
// The package talks to the service layer only (interface Service), never to
// the store.
package tui
