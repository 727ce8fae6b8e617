package tui

import (
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// OpenPINMsg asks the root to open the Reissue PIN screen for a member. Its
// texts come from the member file and are printable already: Address is
// the current address on one line ("" when none), Email the declared one;
// the confirmation names them as the letter's or the e-mail's destination.
type OpenPINMsg struct {
	MemberID       int64
	Name, RegNo    string
	Address, Email string
}

// pinOverviewMsg answers the overview request req.
type pinOverviewMsg struct {
	req uint64
	ov  service.PINOverview
	err error
}

// pinReissueMsg answers the reissue req on channel.
type pinReissueMsg struct {
	req     uint64
	channel domain.PINChannel
	res     service.PINReissueResult
	err     error
}

// The dialogs of a reissue: a confirmation, or (during the cooling-off) a
// second supervisor's sign-in instead; then, for a counter letter that
// cannot print, the file to save it in.
type pinDialog int

const (
	pinDlgNone pinDialog = iota
	pinDlgConfirm
	pinDlgOverride
	pinDlgSave
)

// pickKeys choose a channel by its number, in Latin or Arabic-Indic digits
// (what the digit row types under an Arabic layout).
var pickKeys = []string{"1", "2", "3", "١", "٢", "٣"}

type pinKeys struct {
	Reissue, Pick, Prev, Next, Reload, Back key.Binding
	scroll                                  listKeys // the page: PgUp, PgDn, Home, End
}

func newPINKeys(sh *shared) pinKeys {
	b, fx := sh.bind, sh.fixed
	scroll := newScrollKeys(sh)
	scroll.Up, scroll.Down = key.NewBinding(), key.NewBinding() // up and down choose the channel
	return pinKeys{
		Reissue: b("pin_reissue", "tui.key.pin_reissue"),
		Pick:    fx(pickKeys, "↑↓/1-3", "tui.key.pin_choose"),
		Prev:    b("pin_prev", "tui.key.pin_prev"),
		Next:    b("pin_next", "tui.key.pin_next"),
		Reload:  b("reload", "tui.key.reload"),
		Back:    b("back", "tui.key.back"),
		scroll:  scroll,
	}
}

// pinScreen reissues a member's temporary PIN: what each channel allows,
// the limit and the cooling-off, a confirmation (or a second supervisor's
// override) and the member's PIN history. The PIN itself never reaches it.
type pinScreen struct {
	sh     *shared
	keys   pinKeys
	member OpenPINMsg
	page   page

	loading uint64
	doc     *pinDoc // printable: it came through newPINDoc
	loadErr string
	choice  int // the chosen channel's index in doc.channels; -1 when none is available

	dlg     *dialog
	dlgKind pinDialog
	// The reissue under way, kept from one dialog to the next: its channel,
	// the second supervisor's consent, the file the letter goes to.
	channel domain.PINChannel
	consent *service.Consent
	saveTo  string

	acting  uint64 // the reissue awaited; 0 when none
	result  string // the last reissue's outcome, printable
	errText string // the last refusal, printable
	w, h    int
}

func newPINScreen(sh *shared, m OpenPINMsg) (*pinScreen, tea.Cmd) {
	s := &pinScreen{sh: sh, keys: newPINKeys(sh), member: m, choice: -1}
	s.page = newPage(s.keys.scroll)
	return s, s.load()
}

func (s *pinScreen) Title() string { return s.sh.cat.T("tui.pin.title") }

func (s *pinScreen) typingText() bool { return s.dlg != nil && s.dlg.typingText() }

func (s *pinScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.page.setSize(w, h)
	s.refresh()
}

func (s *pinScreen) canReissue() bool { return s.doc != nil && s.choice >= 0 && s.acting == 0 }

func (s *pinScreen) Keys() help.KeyMap {
	if s.dlg != nil {
		return s.dlg.Keys()
	}
	k := s.keys
	reissue, pick, back := k.Reissue, k.Pick, k.Back
	reissue.SetEnabled(s.canReissue())
	pick.SetEnabled(s.doc != nil)
	back.SetEnabled(s.acting == 0)
	return keyMap{
		short: []key.Binding{reissue, pick, back, k.scroll.PageDown},
		full: [][]key.Binding{{reissue, pick, k.Reload, back},
			{k.scroll.PageUp, k.scroll.PageDown, k.scroll.Top, k.scroll.Bottom}},
	}
}

// load reads the overview: eligibility, limit, cooling-off, history.
func (s *pinScreen) load() tea.Cmd {
	req := s.sh.nextReq()
	s.loading = req
	sess, ctx := s.sh.session()
	svc, id := s.sh.svc, s.member.MemberID
	return func() tea.Msg {
		ov, err := svc.PINOverview(ctx, sess, id)
		return pinOverviewMsg{req: req, ov: ov, err: err}
	}
}

// Update handles msg, then renders the page again: what it shows depends
// on state any message may change.
func (s *pinScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	cmd := s.update(msg)
	s.refresh()
	return s, cmd
}

func (s *pinScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		if s.dlg != nil {
			s.dlg.applyStyles()
		}
	case pinOverviewMsg:
		s.onOverview(msg)
	case pinReissueMsg:
		return s.onReissue(msg)
	case tea.MouseWheelMsg:
		return s.page.scroll(msg)
	case tea.PasteMsg:
		if s.dlg != nil {
			return s.dialogKey(msg)
		}
	case tea.KeyPressMsg:
		if s.dlg != nil {
			return s.dialogKey(msg)
		}
		return s.key(msg)
	}
	return nil
}

func (s *pinScreen) onOverview(msg pinOverviewMsg) {
	if !takeAnswer(s.sh, &s.loading, msg.req, msg.err, &s.loadErr) {
		return
	}
	var was domain.PINChannel
	if s.doc != nil && s.choice >= 0 {
		was = s.doc.channels[s.choice].channel
	}
	d := newPINDoc(s.sh, msg.ov)
	s.doc, s.loadErr, s.choice = &d, "", -1
	for i, c := range d.channels { // the same channel again, or the first available
		if c.refusal == "" && (s.choice < 0 || c.channel == was) {
			s.choice = i
		}
	}
}

func (s *pinScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		if s.acting != 0 {
			return nil // a letter may be printing: its outcome must be seen
		}
		return emit(BackMsg{})
	case key.Matches(msg, k.Reload):
		s.result, s.errText = "", ""
		return s.load()
	case s.doc == nil:
		return nil
	case key.Matches(msg, k.Prev):
		s.move(-1)
	case key.Matches(msg, k.Next):
		s.move(1)
	case key.Matches(msg, k.Pick):
		return s.pick(slices.Index(pickKeys, msg.String()) % 3)
	case key.Matches(msg, k.Reissue):
		s.start()
	default:
		return s.page.scroll(msg)
	}
	return nil
}

// move chooses the next available channel up (-1) or down (1), if any.
func (s *pinScreen) move(dir int) {
	for i := s.choice + dir; i >= 0 && i < len(s.doc.channels); i += dir {
		if s.doc.channels[i].refusal == "" {
			s.choice = i
			return
		}
	}
}

// pick chooses channel i; one that cannot be used says why.
func (s *pinScreen) pick(i int) tea.Cmd {
	if i < 0 || i >= len(s.doc.channels) {
		return nil
	}
	if r := s.doc.channels[i].refusal; r != "" {
		return emit(NoticeMsg{Text: r, Failed: true})
	}
	s.choice = i
	return nil
}

// start asks for the chosen channel's confirmation, or for the second
// supervisor when the cooling-off runs.
func (s *pinScreen) start() {
	if !s.canReissue() {
		return
	}
	s.channel, s.consent, s.saveTo = s.doc.channels[s.choice].channel, nil, ""
	s.result, s.errText = "", ""
	if s.doc.needsOverride {
		s.openDialog(pinDlgOverride, "")
		return
	}
	s.openDialog(pinDlgConfirm, "")
}
