package letter

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry shared by every document, in millimetres (A4 portrait).
const (
	marginLeft   = 20.0
	marginTop    = 18.0
	marginRight  = 20.0
	marginBottom = 15.0
	pageWidth    = 210.0
	textWidth    = pageWidth - marginLeft - marginRight
	labelWidth   = 52.0
	lineHeight   = 5.5
)

// document is one PDF being drawn (a page per receipt or letter): fpdf set
// up the same way for every document type, with the text sanitiser in front
// of every string.
type document struct {
	pdf   *fpdf.Fpdf
	tr    func(string) string // UTF-8 → cp1252, after latin
	pages int                 // pages started on purpose (newPage); more means an overflow
}

// newDocument starts an A4 page. created fixes the PDF's dates (written in
// UTC: the PDF format carries no zone here) so the same input gives the
// same bytes; title goes into the PDF's metadata and must
// hold nothing personal (file browsers index it).
func newDocument(title string, created time.Time, compress bool) *document {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created.UTC())
	pdf.SetModificationDate(created.UTC())
	pdf.SetProducer("Guichet", false)
	pdf.SetCreator("Guichet", false)
	pdf.SetTitle(title, true)
	pdf.SetLang("fr-MA")
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	// A page break would mean the layout overflowed: finish reports it.
	pdf.SetAutoPageBreak(true, marginBottom)
	d := &document{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")}
	d.newPage()
	return d
}

// newPage starts the next page of a document made of several (a batch of
// letters); an automatic page break is not counted, so finish catches it.
func (d *document) newPage() {
	d.pdf.AddPage()
	d.pages++
}

// text prepares s for the page: sanitised to Latin script, then encoded.
func (d *document) text(s string) string { return d.tr(latin(s)) }

// font selects Helvetica with style ("", "B", "I") and size in points.
func (d *document) font(style string, size float64) { d.pdf.SetFont("Helvetica", style, size) }

// fit shortens an encoded string until it fits in w millimetres with the
// current font, ending it with "…" (0x85 in cp1252).
func (d *document) fit(s string, w float64) string {
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	for len(s) > 0 && d.pdf.GetStringWidth(s+"\x85") > w {
		s = s[:len(s)-1] // one byte is one character in cp1252
	}
	return s + "\x85"
}

// line writes s on one line of the text width, cut to fit.
func (d *document) line(s string, h float64, align string) {
	d.pdf.CellFormat(textWidth, h, d.fit(d.text(s), textWidth), "", 1, align, false, 0, "")
}

// field writes "label  value" on one line, the value cut to fit.
func (d *document) field(label, value string) {
	d.font("", 10)
	d.pdf.CellFormat(labelWidth, lineHeight+0.5, d.text(label), "", 0, "L", false, 0, "")
	d.font("B", 10)
	d.pdf.CellFormat(textWidth-labelWidth, lineHeight+0.5, d.fit(d.text(value), textWidth-labelWidth), "", 1, "L", false, 0, "")
}

// section writes a bold heading with some space before it.
func (d *document) section(title string) {
	d.pdf.Ln(4)
	d.font("B", 11)
	d.line(title, lineHeight+1, "L")
}

// list writes the non-empty items one per line, indented and cut to fit,
// at most limit of them (then "… et N autre(s)"); none when there are none.
func (d *document) list(items []string, limit int, prefix, none string) {
	const indent = 6.0
	var kept []string
	for _, it := range items {
		if it = latin(it); it != "" {
			kept = append(kept, it)
		}
	}
	row := func(s string) {
		d.pdf.SetX(marginLeft + indent)
		d.pdf.CellFormat(textWidth-indent, lineHeight, d.fit(d.text(s), textWidth-indent), "", 1, "L", false, 0, "")
	}
	d.font("", 10)
	for i, it := range kept {
		if i == limit {
			d.font("I", 10)
			row(fmt.Sprintf("… et %d autre(s)", len(kept)-limit))
			return
		}
		row(prefix + it)
	}
	if len(kept) == 0 {
		d.font("I", 10)
		row(none)
	}
}

// paragraph writes s wrapped over the text width, at most maxChars long.
func (d *document) paragraph(s string, maxChars int, h float64, border string, fill bool) {
	d.pdf.MultiCell(textWidth, h, d.text(clip(latin(s), maxChars)), border, "L", fill)
}

// rule draws a thin horizontal line across the text width.
func (d *document) rule() {
	y := d.pdf.GetY()
	d.pdf.SetDrawColor(160, 160, 160)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginLeft, y, pageWidth-marginRight, y)
	d.pdf.SetDrawColor(0, 0, 0)
}

// finish returns the PDF, or the first drawing error, or an error if the
// content did not fit on its page(s).
func (d *document) finish() ([]byte, error) {
	if err := d.pdf.Error(); err != nil {
		return nil, fmt.Errorf("letter: render: %w", err)
	}
	if n := d.pdf.PageCount(); n != d.pages {
		return nil, fmt.Errorf("letter: render: content takes %d pages, not %d", n, d.pages)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("letter: render: %w", err)
	}
	return buf.Bytes(), nil
}
