package letter

import (
	"errors"
	"time"
)

// Receipt is what the counter hands the member after recording an address change.
type Receipt struct {
	Reference  string         // human reference <branch>-<yyyymmdd>-<n>, e.g. RAB01-20261125-7
	RecordedAt time.Time      // shown as a date and time in Location
	Location   *time.Location // members' time zone; nil means DefaultZone (Africa/Casablanca)
	Branch     string         // branch name, e.g. "Rabat Agdal (RAB01)"
	MemberName string         // in Latin script: "ALAOUI Mohamed"
	RegNo      string         // registration number
	CINLast3   string         // the last three digits of the CIN, never more: printed "***456" ("" for a CIN of three digits or fewer: "***")
	NewAddress []string       // the address lines in order (line 1, line 2, quarter, "10000 Rabat", province)
	Documents  []string       // documents received, in words ("Copie de la CIN", "Formulaire signé n° 12345")
	Agent      string         // who recorded the change (display name)
	Exception  string         // "" or the evidence exception granted by a supervisor
}

// Limits that keep a receipt on one page whatever it is given.
const (
	maxAddressLines  = 8
	maxDocuments     = 10
	maxExceptionText = 300
)

// The notice every receipt carries.
const receiptNotice = "Cette demande doit être validée par un superviseur. " +
	"Le code PIN temporaire ne sera envoyé qu'à une adresse vérifiée."

// RenderReceipt renders r as a one-page A4 PDF in French. It refuses a
// receipt without reference, registration number or date, and a CINLast3
// that is not exactly three digits, so a full CIN can never be printed.
func RenderReceipt(r Receipt) ([]byte, error) { return renderReceipt(r, true) }

func renderReceipt(r Receipt, compress bool) ([]byte, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	loc, err := zone(r.Location)
	if err != nil {
		return nil, err
	}
	at := r.RecordedAt.In(loc)
	d := newDocument("Reçu de demande de changement d'adresse "+latin(r.Reference), r.RecordedAt, compress)

	d.font("B", 14)
	d.line("Mutuelle — Reçu de demande de changement d'adresse", 8, "L")
	d.pdf.Ln(2)
	d.rule()
	d.pdf.Ln(5)

	d.font("", 10)
	d.line("Référence de votre demande (à rappeler pour tout suivi)", lineHeight, "C")
	d.pdf.Ln(1)
	d.pdf.SetLineWidth(0.6)
	d.font("B", 24)
	d.pdf.CellFormat(textWidth, 16, d.fit(d.text(r.Reference), textWidth-4), "1", 1, "C", false, 0, "")
	d.pdf.SetLineWidth(0.2)
	d.pdf.Ln(5)

	d.field("Date :", frenchDateTime(at))
	d.field("Agence :", r.Branch)
	d.field("Adhérent :", r.MemberName)
	d.field("N° d'immatriculation :", r.RegNo)
	d.field("CIN :", "***"+r.CINLast3)

	d.section("Nouvelle adresse")
	d.list(r.NewAddress, maxAddressLines, "", "(non renseignée)")

	d.section("Documents reçus")
	d.list(r.Documents, maxDocuments, "- ", "(aucun)")
	if latin(r.Exception) != "" {
		d.pdf.Ln(1)
		d.font("I", 10)
		d.paragraph("Exception : "+r.Exception, maxExceptionText, lineHeight, "", false)
	}

	d.pdf.Ln(4)
	d.field("Enregistré par :", r.Agent)

	d.pdf.Ln(8)
	d.font("B", 10)
	d.pdf.SetFillColor(238, 238, 238)
	d.paragraph(receiptNotice, len(receiptNotice), 6, "1", true)

	return d.finish()
}

// check refuses a receipt that would mislead or leak.
func (r Receipt) check() error {
	switch {
	case latin(r.Reference) == "":
		return errors.New("letter: receipt: no reference")
	case latin(r.RegNo) == "":
		return errors.New("letter: receipt: no registration number")
	case r.RecordedAt.IsZero():
		return errors.New("letter: receipt: no recording time")
	case r.CINLast3 != "" && !threeDigits(r.CINLast3):
		return errors.New("letter: receipt: CINLast3 must be exactly the last three digits of the CIN")
	}
	return nil
}

func threeDigits(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
