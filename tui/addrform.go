package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
)

// OpenAddressFormMsg asks the root to open the address form for a member.
// Name and RegNo are printable already; the member's CIN is not here: the
// review asks the service to check the copy's against it. Address, when
// set, fills the address fields in (an approval the centre refused,
// recorded again); it is printable already too.
type OpenAddressFormMsg struct {
	MemberID    int64
	Name, RegNo string
	Address     *domain.AddressInput
}

// The steps of the form: fill it in, review what will be recorded, done
// (the reference to give the member).
type formStep int

const (
	stepEdit formStep = iota
	stepReview
	stepDone
)

// formField is a place of the form that takes the focus: a text field or a
// tick box.
type formField int

const (
	fLine1 formField = iota
	fLine2
	fQuarter
	fCity
	fPostal
	fProvince
	fLineAr
	fCardSeen
	fCINSeen
	fCINRead
	fFormSeen
	fFormNo
	fScans
	fieldCount
	noField formField = -1
)

// formFields: the domain's name of each field (in its errors), the
// catalogue key of its label, the characters it takes, whether it is a
// tick box.
var formFields = [fieldCount]struct {
	name, label string
	limit       int
	tick        bool
}{
	fLine1:    {"line1", "tui.addr.field.line1", 100, false},
	fLine2:    {"line2", "tui.addr.field.line2", 100, false},
	fQuarter:  {"quarter", "tui.addr.field.quarter", 100, false},
	fCity:     {"city", "tui.addr.field.city", 60, false},
	fPostal:   {"postal_code", "tui.addr.field.postal_code", 5, false},
	fProvince: {"province", "tui.addr.field.province", 60, false},
	fLineAr:   {"line_ar", "tui.addr.field.line_ar", 150, false},
	fCardSeen: {"registration_card_copy", "tui.addr.field.card_seen", 0, true},
	fCINSeen:  {"cin_seen", "tui.addr.field.cin_seen", 0, true},
	fCINRead:  {"cin_copy", "tui.addr.field.cin_read", 12, false},
	fFormSeen: {"signed_form", "tui.addr.field.form_seen", 0, true},
	fFormNo:   {"form_number", "tui.addr.field.form_number", 20, false},
	fScans:    {"scan", "tui.addr.field.scans", 1000, false},
}

// fieldNamed finds the form field of a domain field name.
func fieldNamed(name string) formField {
	for i, f := range formFields {
		if f.name == name {
			return formField(i)
		}
	}
	return noField
}

type formKeys struct {
	Next, Prev, Toggle, Accept, NextSugg, PrevSugg, Review, Cancel key.Binding
	Submit, Confirm, BackToForm, Done, Reprint                     key.Binding
}

func newFormKeys(sh *shared) formKeys {
	b, fx := sh.bind, sh.fixed
	return formKeys{
		Next:       fx([]string{"enter", "tab", "down"}, "enter/tab/↓", "tui.key.next_field"),
		Prev:       fx([]string{"shift+tab", "up"}, "shift+tab/↑", "tui.key.prev_field"),
		Toggle:     fx([]string{"space"}, "space", "tui.key.tick"),
		Accept:     fx([]string{"tab", "right"}, "tab/→", "tui.key.accept_city"),
		NextSugg:   fx([]string{"pgdown"}, "PgDn", "tui.key.next_city"),
		PrevSugg:   fx([]string{"pgup"}, "PgUp", "tui.key.prev_city"),
		Review:     b("review", "tui.key.review"),
		Cancel:     b("cancel_form", "tui.key.cancel_form"),
		Submit:     b("submit", "tui.key.submit"),
		Confirm:    b("confirm_warnings", "tui.key.confirm_warnings"),
		BackToForm: b("back_to_form", "tui.key.back_to_form"),
		Done:       b("back_to_member", "tui.key.back_to_member"),
		Reprint:    b("reprint", "tui.key.reprint"),
	}
}

// dialogs of the form
type formDialog int

const (
	dlgNone    formDialog = iota
	dlgSubmit             // submitting is irreversible
	dlgConsent            // a supervisor grants an exception for missing evidence
	dlgDiscard            // esc on a filled-in form
)

// addressForm records an address change for one member: the new address,
// the evidence seen at the counter, a review, the submission (with a
// second person's exception when evidence is missing) and the reference.
type addressForm struct {
	sh     *shared
	keys   formKeys
	member OpenAddressFormMsg

	step   formStep
	inputs [fieldCount]textinput.Model // the text fields (tick boxes have none)
	ticks  [fieldCount]bool
	focus  formField

	cities []domain.City // suggestions for the city typed
	city   int           // the one tab accepts

	errField formField
	errText  string

	pending uint64 // the review or submission awaited; 0 when none

	// The review: what the service will be asked to record.
	clean     domain.AddressInput
	warnings  []domain.Warning
	confirmed bool
	evidence  domain.Evidence // normalised
	missing   []string

	dlg     *dialog
	dlgKind formDialog

	ref    string // the request's reference, once recorded (printable)
	rawRef string // as the service knows it

	receiptReq    uint64 // the receipt delivery awaited
	receiptText   string // where the receipt went, translated and safe
	receiptFailed bool

	w, h int
}

func newAddressForm(sh *shared, m OpenAddressFormMsg) *addressForm {
	f := &addressForm{sh: sh, keys: newFormKeys(sh), member: m, errField: noField}
	for i, spec := range formFields {
		if spec.tick {
			continue
		}
		in := textinput.New()
		in.Prompt = "› "
		in.CharLimit = spec.limit
		f.inputs[i] = in
	}
	f.inputs[fScans].Placeholder = sh.cat.T("tui.addr.scans_placeholder")
	if a := m.Address; a != nil {
		for i, v := range map[formField]string{fLine1: a.Line1, fLine2: a.Line2, fQuarter: a.Quarter, fCity: a.City,
			fPostal: a.PostalCode, fProvince: a.Province, fLineAr: a.LineAr} {
			f.inputs[i].SetValue(v)
		}
	}
	f.applyStyles()
	f.setFocus(fLine1)
	return f
}

func (f *addressForm) Title() string { return f.sh.cat.T("tui.addr.title") }

func (f *addressForm) typingText() bool {
	if f.dlg != nil {
		return f.dlg.typingText()
	}
	return f.step == stepEdit && !formFields[f.focus].tick
}

func (f *addressForm) applyStyles() {
	for i, spec := range formFields {
		if !spec.tick {
			f.inputs[i].SetStyles(f.sh.styles.Input)
		}
	}
	if f.dlg != nil {
		f.dlg.applyStyles()
	}
}

func (f *addressForm) SetSize(w, h int) {
	f.w, f.h = w, h
	lw := f.labelWidth()
	for i, spec := range formFields {
		if spec.tick {
			continue
		}
		width := w - 2 - lw - 3
		if formField(i) == fLineAr {
			width = w - 6 - 3
		}
		if formField(i) == fCINRead || formField(i) == fFormNo {
			width = w - 6 - lw - 3
		}
		f.inputs[i].SetWidth(max(width, 4))
	}
}

func (f *addressForm) Keys() help.KeyMap {
	if f.dlg != nil {
		return f.dlg.Keys()
	}
	k := f.keys
	switch f.step {
	case stepReview:
		confirm := k.Confirm
		confirm.SetEnabled(len(f.warnings) > 0)
		return keyMap{short: []key.Binding{k.Submit, confirm, k.BackToForm},
			full: [][]key.Binding{{k.Submit, confirm, k.BackToForm}}}
	case stepDone:
		return keyMap{short: []key.Binding{k.Done, k.Reprint}, full: [][]key.Binding{{k.Done, k.Reprint}}}
	}
	toggle := k.Toggle
	toggle.SetEnabled(formFields[f.focus].tick)
	accept, next, prev := k.Accept, k.NextSugg, k.PrevSugg
	suggest := f.focus == fCity && len(f.cities) > 0
	accept.SetEnabled(suggest)
	next.SetEnabled(suggest)
	prev.SetEnabled(suggest)
	short := []key.Binding{k.Next, toggle, accept, k.Review, k.Cancel}
	return keyMap{short: short, full: [][]key.Binding{
		{k.Next, k.Prev, toggle, k.Review, k.Cancel},
		{accept, next, prev},
	}}
}

func (f *addressForm) setFocus(i formField) {
	f.focus = (i + fieldCount) % fieldCount
	for j, spec := range formFields {
		if !spec.tick {
			f.inputs[j].Blur()
		}
	}
	if !formFields[f.focus].tick {
		f.inputs[f.focus].Focus()
	}
}

// empty reports whether nothing was typed or ticked yet.
func (f *addressForm) empty() bool {
	for i, spec := range formFields {
		if spec.tick && f.ticks[i] || !spec.tick && strings.TrimSpace(f.inputs[i].Value()) != "" {
			return false
		}
	}
	return true
}

func (f *addressForm) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		f.applyStyles()
	case reviewMsg:
		return f, f.onReview(msg)
	case submitMsg:
		return f, f.onSubmit(msg)
	case receiptMsg:
		f.onReceipt(msg)
	case tea.KeyPressMsg, tea.PasteMsg:
		if f.dlg != nil {
			return f, f.dialogKey(msg)
		}
		k, isKey := msg.(tea.KeyPressMsg)
		switch {
		case f.step == stepEdit && isKey:
			return f, f.editKey(k)
		case f.step == stepEdit:
			return f, f.edit(msg)
		case f.step == stepReview && isKey:
			return f, f.reviewKey(k)
		case f.step == stepDone && isKey && key.Matches(k, f.keys.Done):
			return f, emit(BackMsg{})
		case f.step == stepDone && isKey && key.Matches(k, f.keys.Reprint) && f.receiptReq == 0:
			return f, f.deliverReceipt()
		}
	}
	return f, nil
}

func (f *addressForm) editKey(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	suggest := f.focus == fCity && len(f.cities) > 0
	in := &f.inputs[f.focus]
	switch {
	case suggest && key.Matches(msg, k.Accept) &&
		(msg.String() != "right" || in.Position() >= len([]rune(in.Value()))):
		f.acceptCity()
		return nil
	case suggest && key.Matches(msg, k.NextSugg):
		f.city = (f.city + 1) % len(f.cities)
		return nil
	case suggest && key.Matches(msg, k.PrevSugg):
		f.city = (f.city + len(f.cities) - 1) % len(f.cities)
		return nil
	case key.Matches(msg, k.Review):
		return f.review()
	case msg.String() == "enter" && f.focus == fieldCount-1:
		return f.review() // enter on the last field goes on to the review
	case key.Matches(msg, k.Next):
		f.setFocus(f.focus + 1)
		return nil
	case key.Matches(msg, k.Prev):
		f.setFocus(f.focus - 1)
		return nil
	case key.Matches(msg, k.Cancel):
		if f.empty() {
			return emit(BackMsg{})
		}
		f.openDialog(dlgDiscard)
		return nil
	case formFields[f.focus].tick:
		if key.Matches(msg, k.Toggle) {
			f.ticks[f.focus] = !f.ticks[f.focus]
		}
		return nil
	}
	return f.edit(msg)
}

// edit gives a key or a paste to the focused text field.
func (f *addressForm) edit(msg tea.Msg) tea.Cmd {
	if formFields[f.focus].tick {
		return nil
	}
	in := &f.inputs[f.focus]
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if in.Value() == before {
		return cmd
	}
	if f.errField == f.focus {
		f.errField, f.errText = noField, ""
	}
	switch f.focus {
	case fCity:
		f.suggestCities()
	case fCINRead: // a CIN read off the copy means the copy was seen
		f.ticks[fCINSeen] = f.ticks[fCINSeen] || strings.TrimSpace(in.Value()) != ""
	case fFormNo:
		f.ticks[fFormSeen] = f.ticks[fFormSeen] || strings.TrimSpace(in.Value()) != ""
	}
	return cmd
}

// suggestCities lists the reference cities that start like the typed
// text (accents, case and articles aside: "fes" suggests Fès); none when
// the text already is the one city, spelt as the list spells it.
func (f *addressForm) suggestCities() {
	typed := f.inputs[fCity].Value()
	f.cities, f.city = domain.CitySuggestions(typed, 5), 0
	if len(f.cities) == 1 && f.cities[0].Name == strings.TrimSpace(typed) {
		f.cities = nil // typed as the list spells it: nothing to suggest
	}
}

// acceptCity takes the chosen suggestion, and its postal code and province
// when those are still empty (a Casablanca district's code is to be typed
// over).
func (f *addressForm) acceptCity() {
	c := f.cities[f.city]
	f.inputs[fCity].SetValue(c.Name)
	f.inputs[fCity].CursorEnd()
	if strings.TrimSpace(f.inputs[fPostal].Value()) == "" {
		f.inputs[fPostal].SetValue(c.PostalCode)
	}
	if strings.TrimSpace(f.inputs[fProvince].Value()) == "" {
		f.inputs[fProvince].SetValue(c.Province)
	}
	f.cities = nil
	if f.errField == fCity {
		f.errField, f.errText = noField, ""
	}
}

func (f *addressForm) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	if f.pending != 0 {
		return nil // submitting: its answer (the reference) must find the review
	}
	k := f.keys
	switch {
	case key.Matches(msg, k.BackToForm):
		f.step, f.errText = stepEdit, ""
	case key.Matches(msg, k.Confirm) && len(f.warnings) > 0:
		f.confirmed = !f.confirmed
		if f.confirmed {
			f.errText = ""
		}
	case key.Matches(msg, k.Submit):
		if len(f.warnings) > 0 && !f.confirmed {
			f.errText = f.sh.cat.T("tui.addr.confirm_first", f.sh.keyLabel("confirm_warnings"))
			return nil
		}
		f.openDialog(dlgSubmit)
	}
	return nil
}

func (f *addressForm) openDialog(kind formDialog) {
	c := f.sh.cat
	who := f.member.Name + " · " + f.member.RegNo
	f.dlgKind = kind
	switch kind {
	case dlgSubmit:
		f.dlg = newConfirm(f.sh, c.T("tui.addr.submit_title"),
			[]string{c.T("tui.addr.submit_body", who), c.T("tui.addr.submit_final")}, c.T("tui.key.submit_yes"))
	case dlgDiscard:
		f.dlg = newConfirm(f.sh, c.T("tui.addr.discard_title"), []string{c.T("tui.addr.discard_body")}, c.T("tui.key.discard_yes"))
	case dlgConsent:
		f.dlg = newConsentDialog(f.sh, f.exceptionWording())
	}
}

func (f *addressForm) closeDialog() {
	f.dlg, f.dlgKind = nil, dlgNone
}

func (f *addressForm) dialogKey(msg tea.Msg) tea.Cmd {
	res, cmd := f.dlg.update(msg)
	switch res {
	case dialogNo:
		f.closeDialog()
	case dialogYes:
		switch f.dlgKind {
		case dlgDiscard:
			f.closeDialog()
			return emit(BackMsg{})
		case dlgSubmit:
			f.closeDialog()
			return f.submit(nil)
		case dlgConsent:
			if consent := typedConsent(f.sh.cat, f.dlg); consent != nil {
				return f.submit(consent)
			}
			return nil
		}
	}
	return cmd
}
