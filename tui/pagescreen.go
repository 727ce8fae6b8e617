package tui

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// pageScreen is what a screen that shows one thing on a scrolled page and
// acts on it through dialogs has besides the thing itself: the page, the
// dialog flow, the action awaited and its refusal, the size. The request
// and sync entry screens embed it and keep their data, their text (lines)
// and what each of their actions does.
type pageScreen[A ~int] struct {
	sh   *shared
	back key.Binding
	actionFlow[A]
	page page

	// lines renders the screen's text at width w; nil while there is none.
	lines func(w int) []string

	acting  uint64 // the action awaited; 0 when none
	errText string // the last refusal, translated and safe
	w, h    int
}

func newPageScreen[A ~int](sh *shared, k pageKeys, lines func(w int) []string) pageScreen[A] {
	return pageScreen[A]{sh: sh, back: k.Back, page: newPage(k.listKeys), lines: lines}
}

func (p *pageScreen[A]) SetSize(w, h int) {
	p.w, p.h = w, h
	p.page.setSize(w, h)
	p.refresh()
}

// refresh renders the text again for the current width and state: the
// screens call it after every message, since what they show depends on
// state any message may change (and on the age of what they show).
func (p *pageScreen[A]) refresh() {
	if p.w == 0 {
		return
	}
	if lines := p.lines(p.w); lines != nil {
		p.page.setLines(lines)
	}
}

// pageMsg does with msg what every page screen does: restyles the open
// dialog on a change of background, scrolls with the wheel, hands keys
// and pastes to the open dialog (open shows the dialog of an action, do
// sends it), goes back on esc. It reports false for a message left to the
// screen.
func (p *pageScreen[A]) pageMsg(msg tea.Msg, open func(A), do func(A) tea.Cmd) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		p.restyle()
		return nil, true
	case tea.MouseWheelMsg:
		return p.page.scroll(msg), true
	case tea.PasteMsg:
		if p.dlg != nil {
			return p.dialogKey(p.sh, msg, open, do), true
		}
		return nil, true
	case tea.KeyPressMsg:
		switch {
		case p.dlg != nil:
			return p.dialogKey(p.sh, msg, open, do), true
		case key.Matches(msg, p.back):
			return emit(BackMsg{}), true
		}
	}
	return nil, false
}

// startAction makes a new action the one awaited and returns its id.
func (p *pageScreen[A]) startAction() uint64 {
	p.acting, p.errText = p.sh.nextReq(), ""
	return p.acting
}

// actionAnswered takes the answer to action request req and reports
// whether it is to be used: not when an older request answers late, nor
// when the session ended meanwhile. A success forgets the reason typed.
func (p *pageScreen[A]) actionAnswered(req uint64, err error) bool {
	if req != p.acting {
		return false
	}
	p.acting = 0
	if err == nil {
		p.reason = ""
	}
	return !errors.Is(err, context.Canceled)
}

// fail shows why the service refused an action, on the page and in the
// status bar.
func (p *pageScreen[A]) fail(err error) tea.Cmd {
	p.errText = safe(p.sh.cat.Error(err))
	return emit(NoticeMsg{Text: p.errText, Failed: true})
}

// body is the page with the open dialog, if any, over it.
func (p *pageScreen[A]) body() string { return p.overlay(p.page.view(p.sh, p.w), p.w, p.h) }
