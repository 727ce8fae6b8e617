package pdftext_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/letter"
)

func casablanca(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestTextOfACompressedReceipt(t *testing.T) {
	pdf, err := letter.RenderReceipt(letter.Receipt{
		Reference: "RAB01-20261125-7", RecordedAt: time.Date(2026, 11, 25, 13, 32, 0, 0, time.UTC),
		Location: casablanca(t), Branch: "Rabat Agdal (RAB01)", MemberName: "AÏT BENHADDOU Fatima-Zahra",
		RegNo: "1234567890", CINLast3: "456", NewAddress: []string{"12, rue Oued Fès", "10000 Rabat"},
		Documents: []string{"Copie de la CIN"}, Agent: "Y. Bennani",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pdf, []byte("/FlateDecode")) {
		t.Fatal("the receipt is not compressed: this test would prove nothing")
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"Mutuelle — Reçu de demande de changement d'adresse", "RAB01-20261125-7",
		"25 novembre 2026 à 14:32", "AÏT BENHADDOU Fatima-Zahra", "12, rue Oued Fès", "***456",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q\n%s", w, text)
		}
	}
}

func TestTextOfAPINLetterBatch(t *testing.T) {
	var letters []letter.PINLetter
	for i, name := range []string{"BENNANI Youssef", "ALAOUI Fès", "EL IDRISSI Œuvre"} {
		letters = append(letters, letter.PINLetter{
			FullName: name, AddressLines: []string{"12 rue Ibn Sina", "10000 Rabat"},
			RegNo: fmt.Sprint(1000 + i), PIN: fmt.Sprintf("%012d", 7*(i+1)),
			IssuedAt:  time.Date(2026, 11, 25, 13, 32, 0, 0, time.UTC),
			ExpiresOn: time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), Location: casablanca(t),
		})
	}
	pdf, err := letter.RenderPINLetters(letter.Sender{PortalURL: "https://portail.cnops.ma"}, letters)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for _, l := range letters {
		i := strings.Index(text, "\n"+l.PIN+"\n")
		if i <= last || !strings.Contains(text, l.FullName) {
			t.Errorf("letter of %s missing or out of order\n%s", l.FullName, text)
		}
		last = i
	}
	if !strings.Contains(text, "jusqu'au 25 décembre 2026 inclus") {
		t.Errorf("expiry missing\n%s", text)
	}
}

// handmade builds a PDF around one content stream, as fpdf lays it out.
func handmade(content string, compress bool) []byte {
	body := []byte(content)
	dict := fmt.Sprintf("<</Length %d>>", len(body))
	if compress {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(body)
		w.Close()
		body = z.Bytes()
		dict = fmt.Sprintf("<</Filter /FlateDecode /Length %d>>", len(body))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.3\n3 0 obj\n<</Type /Page /Parent 1 0 R /Contents 4 0 R>>\nendobj\n4 0 obj\n")
	b.WriteString(dict + "\nstream\n")
	b.Write(body)
	b.WriteString("\nendstream\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n")
	return b.Bytes()
}

func TestTextOperatorsAndEscapes(t *testing.T) {
	content := strings.Join([]string{
		"% a comment with (parentheses) Tj",
		"BT /F1 10 Tf 56.69 785.20 Td (Re\\347u \\(n\\260 7\\) \\\\ ok)Tj ET",
		"BT 1 0 0 1 10 10 Tm [(Ann)-120(\\351e) 30( 2026)] TJ ET",
		"BT (nested (parens) kept) Tj T* (next line) ' 1 2 (quoted) \" ET",
		"BT <4D617272616B6563> Tj <416C6C2> Tj ET",
		"BT (split \\\nline) Tj (\\x unknown escape) Tj ET",
		"0.6 w 56.69 500 m 538 500 l S", // graphics: no text
	}, "\n")
	want := "Reçu (n° 7) \\ ok\nAnnée 2026\nnested (parens) kept\nnext line\nquoted\nMarrakec\nAll \nsplit line\nx unknown escape"
	for _, compress := range []bool{false, true} {
		got, err := pdftext.Text(handmade(content, compress))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("compress=%v:\ngot  %q\nwant %q", compress, got, want)
		}
	}
}

func TestTextRefusesWhatItCannotRead(t *testing.T) {
	if _, err := pdftext.Text([]byte("hello")); err == nil {
		t.Error("non-PDF accepted")
	}
	broken := handmade("BT (x) Tj ET", true)
	i := bytes.Index(broken, []byte("stream\n")) + len("stream\n")
	broken[i+3] ^= 0xff // corrupt the deflate data (the checksum catches it at worst)
	if _, err := pdftext.Text(broken); err == nil {
		t.Error("corrupt stream accepted")
	}
	other := bytes.Replace(handmade("BT (x) Tj ET", false), []byte("<</Length"), []byte("<</Filter /LZWDecode /Length"), 1)
	if _, err := pdftext.Text(other); err == nil {
		t.Error("unsupported filter accepted")
	}
	if _, err := pdftext.Text(handmade("BT (unterminated Tj ET", false)); err == nil {
		t.Error("unterminated string accepted")
	}
}
