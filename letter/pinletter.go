package letter

import (
	"fmt"
	"strings"
	"time"
)

// Where the recipient block goes, in millimetres from the sheet's top left
// corner. A DL envelope (220 × 110 mm) has its address window (100 × 45 mm)
// 20 mm from the right and 15 mm from the bottom; the A4 sheet, folded in
// three at 99 and 198 mm, shows its top third there and may slide a few
// millimetres. The block starts 110 mm from the left and 50 mm from the
// top, is at most 80 mm wide and 6 lines high (about 30 mm), so it stays in
// the window wherever the sheet settles.
const (
	recipientX     = 110.0
	recipientY     = 50.0
	recipientWidth = 80.0
	foldStep       = 99.0  // the sheet is folded at 99 and 198 mm
	senderWidth    = 80.0  // the sender block, top left, stays clear of the window
	bodyTop        = 100.0 // the letter's text starts below the first fold
)

// recipientSizes are the font sizes tried, largest first, until the name
// and address fit the window.
var recipientSizes = [...]float64{10, 9, 8}

// Limits that keep a letter's paragraphs on its page.
const maxParagraph = 300

// RenderPINLetters renders letters as one compressed A4 PDF, one page per
// letter: a print-shop batch of posted letters or a single counter letter.
// It refuses an empty batch and any letter with a missing or malformed
// field (an *InputError naming the field and the letter's position); a
// posted letter needs an address that fits the envelope window. The same
// input gives the same bytes. Nothing is printed but the member's name,
// address, registration number, the PIN and its expiry: no CIN, no health
// data.
func RenderPINLetters(s Sender, letters []PINLetter) ([]byte, error) {
	return renderPINLetters(s, letters, true)
}

func renderPINLetters(s Sender, letters []PINLetter, compress bool) ([]byte, error) {
	if len(letters) == 0 {
		return nil, &InputError{Field: "letters", Reason: "empty batch"}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	var created time.Time // the newest issue time dates the PDF, so it depends on the input only
	for i, l := range letters {
		if err := l.check(i, !l.Counter); err != nil {
			return nil, err
		}
		if l.IssuedAt.After(created) {
			created = l.IssuedAt
		}
	}
	// The title goes into the metadata, which file browsers index: nothing personal.
	d := newDocument("Code PIN temporaire", created, compress)
	for i, l := range letters {
		if i > 0 {
			d.newPage()
		}
		if err := d.pinLetter(s, l, i); err != nil {
			return nil, err
		}
	}
	return d.finish()
}

// pinLetter draws one letter on the current page.
func (d *document) pinLetter(s Sender, l PINLetter, index int) error {
	loc, err := zone(l.Location)
	if err != nil {
		return err
	}
	issued := l.IssuedAt.In(loc)
	block, size, ok := d.recipientBlock(l.FullName, nonEmpty(l.AddressLines))
	if !ok {
		return &InputError{Index: index, Field: "address",
			Reason: fmt.Sprintf("name and address do not fit the envelope window (%d lines of %.0f mm)", maxRecipientLines, recipientWidth)}
	}

	d.foldMarks()
	d.senderBlock(s)
	for i, line := range block {
		d.pdf.SetXY(recipientX, recipientY+float64(i)*size*0.45)
		d.font(map[bool]string{true: "B", false: ""}[line.bold], size)
		d.pdf.CellFormat(recipientWidth, size*0.45, line.text, "", 0, "L", false, 0, "")
	}

	d.pdf.SetXY(marginLeft, bodyTop)
	d.font("", 10)
	d.line("Le "+frenchDate(issued), lineHeight, "R")
	d.pdf.Ln(2)
	d.font("B", 11)
	d.line("Objet : votre code PIN temporaire pour le portail des adhérents (confidentiel)", lineHeight+1, "L")
	d.pdf.Ln(3)
	d.font("", 10)
	d.line("Madame, Monsieur,", lineHeight, "L")
	d.pdf.Ln(1)
	d.paragraph(pinIntro, maxParagraph, lineHeight, "", false)
	d.pdf.Ln(2)
	d.field("Adhérent :", l.FullName)
	d.field("N° d'immatriculation :", l.RegNo)

	d.pdf.Ln(3)
	d.font("", 10)
	d.line("Votre code PIN temporaire", lineHeight, "C")
	d.pdf.SetLineWidth(0.6)
	// One run of digits in a fixed-width face: easy to read back, and what
	// the portal expects, character for character.
	d.pdf.SetFont("Courier", "B", 26)
	d.pdf.CellFormat(textWidth, 15, l.PIN, "1", 1, "C", false, 0, "")
	d.pdf.SetLineWidth(0.2)
	d.pdf.Ln(2)
	d.font("B", 11)
	d.line(pinValidity(l.ExpiresOn), lineHeight+1, "C")

	d.section("Pour vous connecter")
	d.font("", 10)
	d.line(pinSteps[0], lineHeight, "L")
	d.portalLine(s.PortalURL)
	for _, step := range pinSteps[1:] {
		d.font("", 10)
		d.paragraph(step, maxParagraph, lineHeight, "", false)
	}

	d.pdf.Ln(3)
	d.font("", 10)
	d.paragraph(pinOnce, maxParagraph, lineHeight, "", false)
	d.pdf.Ln(2)
	d.font("B", 10)
	d.pdf.SetFillColor(238, 238, 238)
	d.paragraph(pinNeverShare, maxParagraph, 6, "1", true)
	d.pdf.Ln(2)
	d.font("", 10)
	d.paragraph(pinNotAsked, maxParagraph, lineHeight, "", false)
	if l.Counter {
		d.pdf.Ln(2)
		d.font("I", 10)
		d.paragraph(pinCounterNote(issued), maxParagraph, lineHeight, "", false)
	}

	d.pdf.Ln(6)
	d.font("", 10)
	d.line("Le service des adhérents", lineHeight, "R")
	d.font("B", 10)
	d.line(s.name(), lineHeight, "R")
	return nil
}

// blockLine is one line of the recipient block, already encoded.
type blockLine struct {
	text string
	bold bool
}

// recipientBlock lays the name (bold) and address out for the envelope
// window: at the largest of recipientSizes at which every line, wrapped at
// spaces, fits recipientWidth in at most maxRecipientLines lines. Nothing
// is cut: an address printed incompletely would not arrive.
func (d *document) recipientBlock(name string, address []string) ([]blockLine, float64, bool) {
	lines := append([]string{latin(name)}, address...)
	for _, size := range recipientSizes {
		var out []blockLine
		fits := true
		for i, s := range lines {
			style := map[bool]string{true: "B", false: ""}[i == 0]
			d.font(style, size)
			parts, ok := d.wrap(d.text(s), recipientWidth)
			if !ok {
				fits = false
				break
			}
			for _, p := range parts {
				out = append(out, blockLine{text: p, bold: i == 0})
			}
		}
		if fits && len(out) <= maxRecipientLines {
			return out, size, true
		}
	}
	return nil, 0, false
}

// wrap splits an encoded one-line string at spaces into lines at most w
// millimetres wide in the current font; false if a word alone is wider.
func (d *document) wrap(s string, w float64) ([]string, bool) {
	var out []string
	cur := ""
	for _, word := range strings.Split(s, " ") {
		if d.pdf.GetStringWidth(word) > w {
			return nil, false
		}
		switch {
		case cur == "":
			cur = word
		case d.pdf.GetStringWidth(cur+" "+word) <= w:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	return append(out, cur), true
}

// senderBlock writes the fund's name, return address and portal top left,
// each line cut to stay clear of the envelope window.
func (d *document) senderBlock(s Sender) {
	d.pdf.SetXY(marginLeft, marginTop)
	d.font("B", 12)
	d.pdf.CellFormat(senderWidth, 6, d.fit(d.text(s.name()), senderWidth), "", 2, "L", false, 0, "")
	d.font("", 9)
	for _, a := range nonEmpty(s.Address) {
		d.pdf.CellFormat(senderWidth, 4.5, d.fit(d.text(a), senderWidth), "", 2, "L", false, 0, "")
	}
	d.pdf.CellFormat(senderWidth, 4.5, d.fit(d.text("Portail des adhérents : "+s.PortalURL), senderWidth), "", 2, "L", false, 0, "")
}

// portalLine writes the portal address on a line of its own, indented, in
// the largest size from 11 down to 7 points at which it fits whole. At 7
// points any ordinary address of maxPortalURL characters fits; only one made
// of very wide letters would still be cut.
func (d *document) portalLine(url string) {
	const indent = 6.0
	size := 11.0
	for ; size > 7; size-- {
		d.font("B", size)
		if d.pdf.GetStringWidth(url) <= textWidth-indent {
			break
		}
	}
	d.font("B", size)
	d.pdf.SetX(marginLeft + indent)
	d.pdf.CellFormat(textWidth-indent, lineHeight+1, d.fit(url, textWidth-indent), "", 1, "L", false, 0, "")
}

// foldMarks draws short ticks in the left margin where the sheet is folded.
func (d *document) foldMarks() {
	d.pdf.SetDrawColor(160, 160, 160)
	d.pdf.SetLineWidth(0.2)
	for y := foldStep; y < 297; y += foldStep {
		d.pdf.Line(4, y, 9, y)
	}
	d.pdf.SetDrawColor(0, 0, 0)
}
