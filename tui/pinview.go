package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// pinDoc is a PIN overview turned into printable text: newPINDoc is the one
// place where its data passes through safe. It holds no PIN (the overview
// has none) and no health data.
type pinDoc struct {
	name, regNo   string
	channels      []pinChannelLine
	needsOverride bool
	coolingUntil  string // when the cooling-off ends, with the zone; "" when none runs
	recent, max   int
	expires       string // the expiry a PIN issued now would carry
	history       []pinHistoryLine
}

type pinChannelLine struct {
	channel domain.PINChannel
	name    string
	refusal string // why it cannot be used, translated; "" when it can
}

type pinHistoryLine struct {
	cells   [pinCols]string
	refused bool
	notes   []string // the centre's refusal, the override's reason
}

// The columns of the history.
const (
	pcDate = iota
	pcChannel
	pcState
	pcExpires
	pcBy
	pcOverride
	pinCols
)

func newPINDoc(sh *shared, ov service.PINOverview) pinDoc {
	c := sh.cat
	d := pinDoc{name: safe(ov.Name), regNo: safe(ov.RegNo), needsOverride: ov.NeedsOverride,
		recent: ov.Recent, max: ov.Max, expires: sh.date(ov.ExpiresOn.Time)}
	if ov.NeedsOverride {
		d.coolingUntil = sh.zoned(ov.CoolingOffUntil)
	}
	for _, o := range ov.Channels {
		l := pinChannelLine{channel: o.Channel, name: sh.pinChannelName(o.Channel)}
		if o.Refusal != nil {
			l.refusal = safe(c.Error(o.Refusal))
		}
		d.channels = append(d.channels, l)
	}
	for _, r := range ov.History {
		state := r.State
		if r.Expired && state == domain.PINActive {
			state = "expired"
		}
		l := pinHistoryLine{cells: [pinCols]string{
			pcDate:     sh.stamp(r.RequestedAt),
			pcChannel:  sh.pinChannelName(r.Channel),
			pcState:    translated(sh, "tui.pin.state.", safe(string(state))),
			pcExpires:  sh.date(r.ExpiresOn.Time),
			pcBy:       safe(r.RequestedBy),
			pcOverride: "—",
		}}
		l.refused = r.State == domain.PINRefused
		if l.refused && r.Refusal != "" {
			l.notes = append(l.notes, c.T("tui.pin.refused_because", translated(sh, "", safe(r.Refusal))))
		}
		if o := r.Override; o != nil {
			l.cells[pcOverride] = safe(o.By)
			l.notes = append(l.notes, c.T("tui.pin.override_note", safe(o.By), safe(o.Reason)))
		}
		d.history = append(d.history, l)
	}
	return d
}

// pinChannelName translates a channel.
func (sh *shared) pinChannelName(ch domain.PINChannel) string {
	return translated(sh, "tui.pin.channel.", safe(string(ch)))
}

// zoned renders a moment with its zone, which the service gives as the
// members' (Africa/Casablanca by default).
func (sh *shared) zoned(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return sh.stamp(t) + " " + t.Location().String()
}

func (s *pinScreen) channelName(ch domain.PINChannel) string { return s.sh.pinChannelName(ch) }

// name and regNo are the member's, from the overview once it came.
func (s *pinScreen) name() string {
	if s.doc != nil && s.doc.name != "" {
		return s.doc.name
	}
	return s.member.Name
}

func (s *pinScreen) regNo() string {
	if s.doc != nil && s.doc.regNo != "" {
		return s.doc.regNo
	}
	return s.member.RegNo
}

func (s *pinScreen) coolingUntil() string {
	if s.doc == nil {
		return "—"
	}
	return orDash(s.doc.coolingUntil)
}

// refresh renders the page again for the current width and state.
func (s *pinScreen) refresh() {
	if s.w > 0 && s.doc != nil {
		s.page.setLines(s.lines(s.w))
	}
}

func (s *pinScreen) View() string {
	st, c := s.sh.styles, s.sh.cat
	var body string
	switch {
	case s.doc == nil && s.loadErr != "":
		body = st.Error.Render(clip(s.loadErr, s.w)) + "\n\n" + st.Muted.Render(clip(c.T("tui.pin.back_hint"), s.w))
	case s.doc == nil:
		body = st.Muted.Render(clip(c.T("tui.pin.loading"), s.w))
	default:
		body = s.pageView()
	}
	if s.dlg != nil {
		return overlay(body, s.dlg.box(s.w), s.w, s.h)
	}
	return body
}

// pageView is the visible part of the page, with the position line when
// it does not all fit (↑ and ↓ choose the channel here: they do not scroll).
func (s *pinScreen) pageView() string {
	vp := &s.page.vp
	body := strings.TrimRight(vp.View(), "\n")
	if total := vp.TotalLineCount(); total > vp.Height() {
		first, last := vp.YOffset()+1, min(vp.YOffset()+vp.Height(), total)
		body += "\n" + s.sh.styles.Muted.Render(clip(s.sh.cat.T("tui.pin.scroll", first, last, total), s.w))
	}
	return body
}

// lines renders the screen at width w: the member; what happened last
// (before anything else, so that it never falls off a short terminal);
// each channel with why it cannot be used; the limit, the cooling-off and
// the expiry; the history, newest first.
func (s *pinScreen) lines(w int) []string {
	st, c, d := s.sh.styles, s.sh.cat, s.doc
	t := &pageText{w: w}
	t.add(st.Title.Render(c.T("tui.pin.heading", s.name(), s.regNo())))
	t.add(st.Muted.Render(c.T("tui.pin.never_seen")))
	switch {
	case s.acting != 0:
		t.add(st.Muted.Render(c.T("tui.pin.reissuing")))
	case s.errText != "":
		t.wrapped(st.Error, s.errText)
	case s.result != "":
		t.wrapped(st.OK, s.result)
	}
	if s.loadErr != "" {
		t.wrapped(st.Error, s.loadErr)
	}

	t.add("", st.Section.Render(c.T("tui.pin.channels")))
	t.out = append(t.out, s.channelLines(w)...)
	if s.choice < 0 {
		t.wrapped(st.Warn, c.T("tui.pin.none_available"))
	}
	t.add("  " + st.Value.Render(c.T("tui.pin.limit", d.recent, d.max)))
	if d.needsOverride {
		t.wrapped(st.Warn, c.T("tui.pin.cooling", d.coolingUntil))
	} else {
		t.add("  " + st.Muted.Render(c.T("tui.pin.no_cooling")))
	}
	t.add("  " + st.Value.Render(c.T("tui.pin.expiry", d.expires)))

	t.add("", st.Section.Render(c.T("tui.pin.history")))
	if len(d.history) == 0 {
		t.add("  " + st.Muted.Render(c.T("tui.pin.history_empty")))
		return t.out
	}
	t.out = append(t.out, s.historyLines(w)...)
	return t.out
}

// channelLines shows each channel on a line: the cursor on the chosen one,
// its number, its name, then what it does or why it cannot be used
// (wrapped under itself).
func (s *pinScreen) channelLines(w int) []string {
	st, c := s.sh.styles, s.sh.cat
	nameW := 0
	for _, ch := range s.doc.channels {
		nameW = max(nameW, ansi.StringWidth(ch.name))
	}
	var out []string
	for i, ch := range s.doc.channels {
		mark, name := "  ", st.Value.Render(pad(ch.name, nameW))
		switch {
		case i == s.choice:
			mark, name = st.Focus.Render("› "), st.Focus.Render(pad(ch.name, nameW))
		case ch.refusal != "":
			name = st.Muted.Render(pad(ch.name, nameW))
		}
		head := mark + fmt.Sprintf("%d ", i+1) + name + "  "
		indent := ansi.StringWidth(head)
		if ch.refusal == "" {
			dest := translated(s.sh, "tui.pin.dest.", string(ch.channel))
			out = append(out, clip(head+st.OK.Render("✓ "+c.T("tui.pin.available"))+st.Muted.Render(" — "+dest), w))
			continue
		}
		text := "✗ " + c.Labelled(c.T("tui.pin.unavailable"), ch.refusal)
		wrapped := strings.Split(lipgloss.NewStyle().Width(max(w-indent, 10)).Render(text), "\n")
		for j, l := range wrapped {
			prefix := head
			if j > 0 {
				prefix = strings.Repeat(" ", indent)
			}
			out = append(out, clip(prefix+st.Warn.Render(strings.TrimRight(l, " ")), w))
		}
	}
	return out
}

// historyLines lays the history out in columns (the override and the
// author give way on a narrow terminal); a refusal's reason and an
// override's go on lines of their own under the row.
func (s *pinScreen) historyLines(w int) []string {
	st, c := s.sh.styles, s.sh.cat
	col := func(key string, width int) column { return column{title: c.T(key), width: width} }
	channelW := 7 // the widest channel's name: "Counter", "Courrier"
	for _, ch := range domain.PINChannels {
		channelW = max(channelW, ansi.StringWidth(s.sh.pinChannelName(ch)))
	}
	t := rowTable{cols: fitColumns(w, []column{
		pcDate:     col("tui.pin.col.date", 16),
		pcChannel:  col("tui.pin.col.channel", channelW),
		pcState:    col("tui.pin.col.state", 0),
		pcExpires:  col("tui.pin.col.expires", 10),
		pcBy:       col("tui.pin.col.by", 10),
		pcOverride: col("tui.pin.col.override", 10),
	}, pcState, 10, 16, pcOverride, pcBy)}
	titles := make([]string, pinCols)
	for _, cl := range t.cols {
		titles[cl.cell] = cl.title
	}
	out := []string{clip(st.Table.Header.UnsetPadding().Render(t.line(titles)), w)}
	for _, l := range s.doc.history {
		style := st.Value
		if l.refused {
			style = st.Warn
		}
		out = append(out, clip(style.Render(t.line(l.cells[:])), w))
		for _, n := range l.notes {
			for _, wl := range strings.Split(lipgloss.NewStyle().Width(max(w-6, 10)).Render(n), "\n") {
				out = append(out, clip("      "+st.Muted.Render(strings.TrimRight(wl, " ")), w))
			}
		}
	}
	return out
}
