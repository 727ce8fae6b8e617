package letter

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/internal/pdftext"
)

// testMember is what the fund knows of a member: more than a letter may
// print (CIN, PPR, phone), so the tests can check none of it leaks.
type testMember struct {
	name, cin, ppr, phone, regNo string
	address                      []string
}

var bennani = testMember{
	name: "BENNANI Youssef", cin: "BE789012", ppr: "87654321", phone: "0661234567", regNo: "1234567890",
	address: []string{"12, rue Oued Fès", "Appartement 3", "Agdal", "10000 Rabat", "Rabat-Salé-Kénitra"},
}

var testSender = Sender{PortalURL: "https://portail.cnops.ma"}

// pinLetterFor builds a letter the way the centre does: only the fields a
// letter has, whatever else the member record holds.
func pinLetterFor(t *testing.T, m testMember, pin string) PINLetter {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	return PINLetter{
		FullName:     m.name,
		AddressLines: m.address,
		RegNo:        m.regNo,
		PIN:          pin,
		IssuedAt:     time.Date(2026, 11, 25, 13, 32, 0, 0, time.UTC),
		ExpiresOn:    time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), // a domain.Date
		Location:     loc,
	}
}

const testPIN = "483920175163" // 12 digits, like the leak scans use

func letterText(t *testing.T, s Sender, letters ...PINLetter) (string, []byte) {
	t.Helper()
	pdf, err := RenderPINLetters(s, letters)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return text, pdf
}

func TestPINLetterText(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	text, _ := letterText(t, testSender, l)
	want := append([]string{
		"CNOPS", "Portail des adhérents : https://portail.cnops.ma",
		"BENNANI Youssef", "1234567890", "N° d'immatriculation :",
		"\n" + testPIN + "\n", // one run of digits, alone
		"Ce code est valable jusqu'au 25 décembre 2026 inclus.",
		"Le 25 novembre 2026",
		"https://portail.cnops.ma",
		"Saisissez votre numéro d'immatriculation et ce code PIN temporaire.",
		"Choisissez votre mot de passe personnel",
	}, bennani.address...)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("letter text lacks %q\n%s", w, text)
		}
	}
	flat := strings.Join(strings.Fields(text), " ") // paragraphs wrap
	for _, w := range []string{pinOnce, pinNeverShare, pinNotAsked} {
		if !strings.Contains(flat, w) {
			t.Errorf("letter lacks %q\n%s", w, text)
		}
	}
	if strings.Contains(text, "main propre") {
		t.Errorf("a posted letter says it was handed over at the counter\n%s", text)
	}

	l.Counter = true
	l.AddressLines = nil // a counter letter needs no address
	text, _ = letterText(t, testSender, l)
	if !strings.Contains(text, "remise en main propre au guichet le 25 novembre 2026 à 14:32") {
		t.Errorf("counter letter lacks the hand-over line\n%s", text)
	}
}

func TestPINLetterPrintsNoCINNorOtherIdentifiers(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	text, pdf := letterText(t, testSender, l)
	raw, err := renderPINLetters(testSender, []PINLetter{l}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{bennani.cin, bennani.ppr, bennani.phone, "789012", "CIN"} {
		if strings.Contains(text, secret) {
			t.Errorf("letter text shows %q", secret)
		}
		if bytes.Contains(pdf, []byte(secret)) || bytes.Contains(raw, []byte(secret)) {
			t.Errorf("PDF bytes hold %q", secret)
		}
	}
	// The metadata (indexed by file browsers) holds neither the member nor the PIN.
	for _, s := range []string{bennani.name, bennani.regNo, testPIN} {
		if i := bytes.Index(raw, []byte("/Title")); i >= 0 && bytes.Contains(raw[i:i+80], []byte(s)) {
			t.Errorf("title holds %q", s)
		}
	}
}

func TestPINLetterBatchHasOnePagePerLetter(t *testing.T) {
	var letters []PINLetter
	pins := []string{"111111111111", "222222222222", "333333333333"}
	for i, pin := range pins {
		l := pinLetterFor(t, bennani, pin)
		l.RegNo = strconv.Itoa(1000 + i)
		l.IssuedAt = l.IssuedAt.Add(time.Duration(i) * time.Minute)
		letters = append(letters, l)
	}
	text, pdf := letterText(t, testSender, letters...)
	if n := len(regexp.MustCompile(`/Type /Page\b`).FindAll(pdf, -1)); n != 3 {
		t.Errorf("%d page objects, want 3", n)
	}
	if !regexp.MustCompile(`/Count 3\b`).Match(pdf) {
		t.Error("page tree does not count three pages")
	}
	last := -1
	for _, pin := range pins {
		i := strings.Index(text, pin)
		if i <= last {
			t.Errorf("PIN %s missing or out of order", pin)
		}
		last = i
	}
	// The batch is dated by its newest letter.
	if !bytes.Contains(pdf, []byte("/CreationDate (D:20261125133400)")) {
		t.Error("creation date is not the newest issue time")
	}
}

func TestPINLetterIsDeterministic(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	a, err := RenderPINLetters(testSender, []PINLetter{l})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RenderPINLetters(testSender, []PINLetter{l})
	if !bytes.Equal(a, b) {
		t.Error("the same letter rendered twice differs")
	}
	l.PIN = "483920175164"
	if c, _ := RenderPINLetters(testSender, []PINLetter{l}); bytes.Equal(a, c) {
		t.Error("another PIN gives the same bytes")
	}
}

// shownAt is a string drawn on the page and where, in millimetres from
// the sheet's left and top edges (the top is the text's baseline).
type shownAt struct {
	text string
	x, y float64
}

var tdShow = regexp.MustCompile(`BT (-?[\d.]+) (-?[\d.]+) Td \(((?:[^()\\]|\\.)*)\)\s*Tj ET`)

// positions reads the placed strings of an uncompressed render.
func positions(t *testing.T, pdf []byte) []shownAt {
	t.Helper()
	const k = 72 / 25.4 // points per millimetre
	var out []shownAt
	for _, m := range tdShow.FindAllSubmatch(pdf, -1) {
		x, _ := strconv.ParseFloat(string(m[1]), 64)
		y, _ := strconv.ParseFloat(string(m[2]), 64)
		out = append(out, shownAt{text: string(m[3]), x: x / k, y: 297 - y/k})
	}
	return out
}

func TestRecipientBlockSitsInTheEnvelopeWindow(t *testing.T) {
	// The block's frame, checked against a DL window of 100 × 45 mm whose
	// top left corner shows 100 mm from the sheet's left, 45 mm from its top.
	if recipientX < 100 || recipientX > 110 || recipientY < 45 || recipientY > 55 ||
		recipientWidth > 85 || recipientX+recipientWidth > 195 || maxRecipientLines > 6 {
		t.Fatalf("recipient block (%v, %v) %v mm wide, %d lines: outside the window", recipientX, recipientY, recipientWidth, maxRecipientLines)
	}
	long := bennani
	long.name = "EL MOUSSAOUI BENABDELLAH Fatima-Zahra"
	long.address = []string{
		"Résidence Les Jardins de l'Agdal, immeuble 14, escalier B, appartement 27, avenue Mohammed VI",
		"Hay Riad", "10100 Rabat", "Rabat-Salé-Kénitra", // the first line wraps: six lines in all
	}
	for _, m := range []testMember{bennani, long} { // six lines each, the long one's first address line wrapped
		pdf, err := renderPINLetters(testSender, []PINLetter{pinLetterFor(t, m, testPIN)}, false)
		if err != nil {
			t.Fatal(err)
		}
		var block []shownAt
		for _, s := range positions(t, pdf) {
			if s.x > 100 && s.y > 40 && s.y < 100 {
				block = append(block, s)
			}
		}
		if len(block) != 6 {
			t.Fatalf("%d lines in the window area, want 6: %v", len(block), block)
		}
		if !strings.HasPrefix(block[0].text, strings.Fields(m.name)[0]) {
			t.Errorf("first line in the window is %q, not the name", block[0].text)
		}
		for _, s := range block {
			// x includes fpdf's 1 mm cell margin; y is a baseline, a few mm below the top.
			if s.x < 100 || s.x > 112 || s.y < 45 || s.y > 90 {
				t.Errorf("%q at (%.1f, %.1f) mm: outside the window", s.text, s.x, s.y)
			}
		}
		var shown []string
		for _, s := range block {
			shown = append(shown, s.text)
		}
		if got := strings.Join(shown, " "); !strings.Contains(got, "10100 Rabat") && !strings.Contains(got, "10000 Rabat") {
			t.Errorf("postal code and city missing from the window: %q", got)
		}
	}
}

func TestAddressTooLongForTheWindowIsRefused(t *testing.T) {
	m := bennani
	m.address = []string{strings.Repeat("Très longue ligne ", 6), strings.Repeat("Encore une ligne ", 6), "Quartier", "10000 Rabat", "Rabat-Salé-Kénitra"}
	_, err := RenderPINLetters(testSender, []PINLetter{pinLetterFor(t, m, testPIN)})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "address" {
		t.Errorf("err = %v, want an address InputError", err)
	}
}

func TestPINLetterRefusesBadInput(t *testing.T) {
	for name, c := range map[string]struct {
		edit  func(*PINLetter)
		field string
	}{
		"no name":            {func(l *PINLetter) { l.FullName = "  " }, "full_name"},
		"arabic name":        {func(l *PINLetter) { l.FullName = "محمد العلوي" }, "full_name"},
		"line break in name": {func(l *PINLetter) { l.FullName = "BENNANI\r\nYoussef" }, "full_name"},
		"no regno":           {func(l *PINLetter) { l.RegNo = "" }, "regno"},
		"regno not digits":   {func(l *PINLetter) { l.RegNo = "12A45" }, "regno"},
		"no PIN":             {func(l *PINLetter) { l.PIN = "" }, "pin"},
		"PIN grouped":        {func(l *PINLetter) { l.PIN = "4839 2017" }, "pin"},
		"PIN letters":        {func(l *PINLetter) { l.PIN = "48392O17" }, "pin"},
		"PIN arabic digits":  {func(l *PINLetter) { l.PIN = "٤٨٣٩٢٠١٧" }, "pin"},
		"PIN too short":      {func(l *PINLetter) { l.PIN = "123" }, "pin"},
		"no issue time":      {func(l *PINLetter) { l.IssuedAt = time.Time{} }, "issued_at"},
		"no expiry":          {func(l *PINLetter) { l.ExpiresOn = time.Time{} }, "expires_on"},
		"expired before issue": {func(l *PINLetter) {
			l.ExpiresOn = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		}, "expires_on"},
		"expiry years away":  {func(l *PINLetter) { l.ExpiresOn = l.ExpiresOn.AddDate(2, 0, 0) }, "expires_on"},
		"posted, no address": {func(l *PINLetter) { l.AddressLines = []string{"", " ", "\t"} }, "address"},
		"too many lines":     {func(l *PINLetter) { l.AddressLines = append(l.AddressLines, "Maroc") }, "address"},
	} {
		good := pinLetterFor(t, bennani, "999999999999")
		bad := pinLetterFor(t, bennani, testPIN)
		c.edit(&bad)
		_, err := RenderPINLetters(testSender, []PINLetter{good, bad})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field || ie.Index != 1 {
			t.Errorf("%s: err = %v, want field %s of letter 2", name, err, c.field)
			continue
		}
		if strings.Contains(err.Error(), testPIN) || strings.Contains(err.Error(), bennani.name) {
			t.Errorf("%s: error shows the input: %v", name, err)
		}
	}
	if _, err := RenderPINLetters(testSender, nil); err == nil {
		t.Error("empty batch accepted")
	}
	for _, url := range []string{"", "http://portail.cnops.ma", "https://", "https://portail cnops.ma", "https://portail.cnops.ma/\n", "https://" + strings.Repeat("x", 100)} {
		if _, err := RenderPINLetters(Sender{PortalURL: url}, []PINLetter{pinLetterFor(t, bennani, testPIN)}); err == nil {
			t.Errorf("portal %q accepted", url)
		}
	}
	s := testSender
	s.Address = []string{"a", "b", "c", "d", "e"}
	if _, err := RenderPINLetters(s, []PINLetter{pinLetterFor(t, bennani, testPIN)}); err == nil {
		t.Error("five sender address lines accepted")
	}
}

func TestPINLetterSenderAndZone(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	l.Location = nil                                             // DefaultZone
	l.IssuedAt = time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // already 1 December in Casablanca
	l.ExpiresOn = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	s := Sender{PortalURL: "https://portail.cnops.ma", Name: "Mutuelle Générale (MGPAP)", Address: []string{"BP 1234", "10000 Rabat"}}
	text, _ := letterText(t, s, l)
	for _, w := range []string{"Mutuelle Générale (MGPAP)", "BP 1234", "Le 1er décembre 2026", "jusqu'au 31 décembre 2026 inclus"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q\n%s", w, text)
		}
	}
}

func TestPINLetterSanitisesAddressLines(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	l.FullName = "ALAOUI Mohamed محمد"
	l.AddressLines = []string{"زنقة ابن سينا 12", "12 rue Ibn Sina \x1b[31m", "", "10000 Rabat"}
	text, _ := letterText(t, testSender, l)
	pdf, err := renderPINLetters(testSender, []PINLetter{l}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"ALAOUI Mohamed ?", "? 12", "12 rue Ibn Sina [31m", "10000 Rabat"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q\n%s", w, text)
		}
	}
	if bytes.ContainsRune(pdf, '\x1b') || strings.ContainsRune(text, '\x1b') {
		t.Error("escape character reached the letter")
	}
}
