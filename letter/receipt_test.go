package letter

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Africa/Casablanca without the host's zone files
)

func sampleReceipt(t *testing.T) Receipt {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	return Receipt{
		Reference:  "RAB01-20261125-7",
		RecordedAt: time.Date(2026, 11, 25, 13, 32, 0, 0, time.UTC),
		Location:   loc,
		Branch:     "Rabat Agdal (RAB01)",
		MemberName: "AÏT BENHADDOU Fatima-Zahra",
		RegNo:      "1234567890",
		CINLast3:   "456",
		NewAddress: []string{"12, rue Oued Fès", "Appartement 3", "Agdal", "10000 Rabat", "Rabat-Salé-Kénitra"},
		Documents: []string{
			"Copie de la carte d'immatriculation", "Copie de la CIN",
			"Formulaire signé n° 12345", "2 pièces numérisées",
		},
		Agent:     "Y. Bennani",
		Exception: "",
	}
}

var tjString = regexp.MustCompile(`\((?:[^()\\]|\\.)*\)\s*Tj`)

// pdfText returns the strings an uncompressed fpdf document shows, in order,
// decoded from cp1252.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	if bytes.Contains(pdf, []byte("/FlateDecode")) {
		t.Fatal("pdfText needs an uncompressed document")
	}
	fromCP := map[byte]rune{}
	for r, b := range cp1252High {
		fromCP[b] = r
	}
	var out []string
	for _, m := range tjString.FindAll(pdf, -1) {
		m = m[1:bytes.LastIndexByte(m, ')')]
		var s strings.Builder
		for i := 0; i < len(m); i++ {
			c := m[i]
			if c == '\\' && i+1 < len(m) {
				i++
				c = m[i]
				if c == 'r' {
					c = '\r'
				}
			}
			switch r, ok := fromCP[c]; {
			case ok:
				s.WriteRune(r)
			case c >= 0x80 && c < 0xA0:
				t.Fatalf("byte %#x is not cp1252 in %q", c, m)
			default:
				s.WriteRune(rune(c)) // ASCII and Latin-1
			}
		}
		out = append(out, s.String())
	}
	return out
}

func receiptText(t *testing.T, r Receipt) string {
	t.Helper()
	pdf, err := renderReceipt(r, false)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(pdfText(t, pdf), "\n")
}

func TestRenderReceiptIsOnePagePDF(t *testing.T) {
	pdf, err := RenderReceipt(sampleReceipt(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	if got := regexp.MustCompile(`/Type /Page\b`).FindAll(pdf, -1); len(got) != 1 {
		t.Errorf("%d page objects, want 1", len(got))
	}
	if !regexp.MustCompile(`/Count 1\b`).Match(pdf) {
		t.Error("page tree does not count one page")
	}
	if !bytes.Contains(pdf, []byte("/CreationDate (D:20261125133200)")) {
		t.Error("creation date is not the recording time (UTC)")
	}
}

func TestRenderReceiptIsDeterministic(t *testing.T) {
	r := sampleReceipt(t)
	a, err := RenderReceipt(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RenderReceipt(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same receipt rendered twice differs")
	}
	r.RecordedAt = r.RecordedAt.Add(time.Minute)
	c, _ := RenderReceipt(r)
	if bytes.Equal(a, c) {
		t.Error("another recording time gives the same bytes")
	}
}

func TestReceiptText(t *testing.T) {
	r := sampleReceipt(t)
	text := receiptText(t, r)
	want := []string{
		"Mutuelle — Reçu de demande de changement d'adresse",
		"RAB01-20261125-7",
		"25 novembre 2026 à 14:32", // 13:32 UTC is 14:32 in Casablanca (UTC+1)
		"Rabat Agdal (RAB01)",
		"AÏT BENHADDOU Fatima-Zahra",
		"1234567890",
		"CIN :", "***456",
		"Nouvelle adresse", "Documents reçus",
		"Enregistré par :", "Y. Bennani",
	}
	want = append(want, r.NewAddress...)
	for _, d := range r.Documents {
		want = append(want, "- "+d)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("receipt text lacks %q\n%s", w, text)
		}
	}
	flat := strings.Join(strings.Fields(text), " ")
	if !strings.Contains(flat, receiptNotice) {
		t.Errorf("receipt lacks the notice\n%s", text)
	}
	if strings.Contains(text, "Exception") {
		t.Error("exception shown although there is none")
	}
	// Nothing that looks like a CIN (1–2 letters then digits) is printed.
	if m := regexp.MustCompile(`\b[A-Z]{1,2}\d{3,6}\b`).FindString(text); m != "" {
		t.Errorf("CIN-like %q printed", m)
	}

	r.Exception = "Formulaire manquant — exception accordée par K. Tazi"
	if text := receiptText(t, r); !strings.Contains(text, "Exception : "+r.Exception) {
		t.Errorf("exception missing\n%s", text)
	}
}

func TestReceiptPrintsOnlyLastThreeCINDigits(t *testing.T) {
	for _, bad := range []string{"45", "3456", "AB123456", "123456", "4 6", "٤٥٦"} {
		r := sampleReceipt(t)
		r.CINLast3 = bad
		if _, err := RenderReceipt(r); err == nil {
			t.Errorf("CINLast3 %q accepted", bad)
		}
	}
}

func TestReceiptOfAShortCINShowsNoDigit(t *testing.T) {
	r := sampleReceipt(t)
	r.CINLast3 = "" // a CIN of three digits or fewer: none may show
	text := receiptText(t, r)
	if !strings.Contains(text, "***") || regexp.MustCompile(`\*\*\*\d`).MatchString(text) {
		t.Errorf("short CIN rendered wrongly\n%s", text)
	}
}

func TestReceiptRefusesIncompleteInput(t *testing.T) {
	for name, edit := range map[string]func(*Receipt){
		"no reference": func(r *Receipt) { r.Reference = " " },
		"no regno":     func(r *Receipt) { r.RegNo = "" },
		"no time":      func(r *Receipt) { r.RecordedAt = time.Time{} },
	} {
		r := sampleReceipt(t)
		edit(&r)
		if _, err := RenderReceipt(r); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReceiptReplacesArabicAndControls(t *testing.T) {
	r := sampleReceipt(t)
	r.Location = nil // DefaultZone
	r.MemberName = "ALAOUI Mohamed محمد العلوي"
	r.Branch = "Rabat \x1b[31mAgdal\x07"
	r.NewAddress = []string{"زنقة ابن سينا", "12 rue Ibn Sina \u200f", "10000 Rabat"}
	r.Documents = []string{"Copie de la CIN 📄", "\x00"}
	r.Agent = "Y. Bennani\r\nFAKE"
	pdf, err := renderReceipt(r, false)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(pdf, "\x1b\x07") {
		t.Error("control characters reached the PDF")
	}
	shown := pdfText(t, pdf)
	for _, s := range shown {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Errorf("control character shown in %q", s)
		}
	}
	text := strings.Join(shown, "\n")
	for _, w := range []string{"ALAOUI Mohamed ?", "Rabat [31mAgdal", "\n?\n", "12 rue Ibn Sina\n", "- Copie de la CIN ?", "Y. Bennani FAKE", "14:32"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q\n%s", w, text)
		}
	}
	if strings.Contains(text, "- \n") {
		t.Error("an empty document line was printed")
	}
}

func TestReceiptStaysOnOnePage(t *testing.T) {
	r := sampleReceipt(t)
	long := strings.Repeat("Très longue ligne d'adresse ", 40)
	r.MemberName, r.Branch, r.Agent, r.Reference = long, long, long, long
	r.NewAddress, r.Documents = nil, nil
	for i := 0; i < 50; i++ {
		r.NewAddress = append(r.NewAddress, long)
		r.Documents = append(r.Documents, long)
	}
	r.Exception = strings.Repeat("Exception très longue. ", 500)
	pdf, err := renderReceipt(r, false)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfText(t, pdf), "\n")
	for _, w := range []string{"… et 42 autre(s)", "… et 40 autre(s)", "…", "Enregistré par :"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(text), " "), receiptNotice) {
		t.Error("notice lost on a crowded receipt")
	}
}

func TestReceiptWithNoDocuments(t *testing.T) {
	r := sampleReceipt(t)
	r.Documents = nil
	if text := receiptText(t, r); !strings.Contains(text, "(aucun)") {
		t.Errorf("no '(aucun)'\n%s", text)
	}
}
