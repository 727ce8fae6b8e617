package pdftext

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"
	"unicode/utf8"
)

// The reader of our PDFs is fed broken and hostile files too (checks run
// it on documents from disk): it never panics, never runs away, and what
// it returns is valid UTF-8.
func FuzzText(f *testing.F) {
	content := []byte("BT /F1 12 Tf 72 712 Td (R\\351f\\351rence \\(x\\)) Tj [(A) -120 (B)] TJ <48656c6c6f> Tj ET")
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(content)
	w.Close()
	stream := func(dict string, data []byte) []byte {
		return []byte("%PDF-1.3\n1 0 obj\n<<" + dict + ">>\nstream\n" + string(data) + "\nendstream\nendobj\n")
	}
	f.Add(stream("/Length "+itoa(len(content)), content))
	f.Add(stream("/Filter /FlateDecode /Length "+itoa(z.Len()), z.Bytes()))
	f.Add(stream("/Length 99999", content))
	f.Add(stream("/Length -1", content))
	f.Add(stream("/Filter /LZWDecode /Length 3", []byte("abc")))
	f.Add(stream("/Length 5", []byte("(abc")))
	f.Add(stream("/Length 6", []byte("<4g6>Tj")))
	f.Add([]byte("not a pdf"))
	f.Add([]byte("%PDF-" + strings.Repeat("<<>>stream\n", 100)))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		text, err := Text(pdf)
		if err == nil && !utf8.ValidString(text) {
			t.Fatalf("text is not valid UTF-8: %q", text)
		}
	})
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
