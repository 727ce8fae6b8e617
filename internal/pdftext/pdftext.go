// Package pdftext reads back the text of the documents this program renders
// (receipts, PIN letters: fpdf with the core fonts, compressed or not), so
// that tests and checks can see what a member would read. It is not a
// general PDF reader: it knows fpdf's output (plain content streams, either
// FlateDecode or unfiltered, text in cp1252 shown by Tj, ', " and TJ) and
// nothing of object streams, other filters, encryption or embedded fonts.
package pdftext

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// maxInflated bounds one decompressed stream, so a broken or hostile file
// cannot exhaust memory.
const maxInflated = 64 << 20

var (
	// A stream's dictionary, flat as fpdf writes it (no nested << >>, so
	// a match cannot start in an earlier object), then the keyword.
	streamStart = regexp.MustCompile(`<<([^<>]*)>>\s*stream\r?\n`)
	lengthKey   = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)
)

// Text returns the strings the PDF shows, one per text-showing operator,
// joined with newlines, in the order of the content streams in the file
// (page order for fpdf), decoded from cp1252 to UTF-8.
func Text(pdf []byte) (string, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return "", errors.New("pdftext: not a PDF")
	}
	var shown []string
	rest := pdf
	for {
		loc := streamStart.FindSubmatchIndex(rest)
		if loc == nil {
			break
		}
		dict := string(rest[loc[2]:loc[3]])
		data, next, err := streamData(rest[loc[1]:], dict)
		if err != nil {
			return "", err
		}
		rest = rest[loc[1]+next:]
		if strings.Contains(dict, "/Subtype /Image") || strings.Contains(dict, "/Length1") {
			continue // pictures and font files show no text
		}
		if strings.Contains(dict, "/Filter") {
			if !strings.Contains(dict, "/FlateDecode") || strings.Contains(dict, "/DecodeParms") {
				return "", fmt.Errorf("pdftext: unsupported stream filter in <<%s>>", dict)
			}
			if data, err = inflate(data); err != nil {
				return "", err
			}
		}
		strs, err := showStrings(data)
		if err != nil {
			return "", err
		}
		shown = append(shown, strs...)
	}
	return strings.Join(shown, "\n"), nil
}

// streamData returns a stream's bytes (body starts at its first byte) and
// how far past them the next search may start.
func streamData(body []byte, dict string) ([]byte, int, error) {
	if m := lengthKey.FindStringSubmatch(dict); m != nil && m[2] == "" {
		n, err := strconv.Atoi(m[1])
		if err == nil && n <= len(body) {
			return body[:n], n, nil
		}
	}
	// An indirect or wrong length: the stream ends at "endstream".
	end := bytes.Index(body, []byte("endstream"))
	if end < 0 {
		return nil, 0, errors.New("pdftext: stream without endstream")
	}
	return bytes.TrimRight(body[:end], "\r\n"), end, nil
}

func inflate(data []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("pdftext: inflate: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, maxInflated+1))
	if err != nil {
		return nil, fmt.Errorf("pdftext: inflate: %w", err)
	}
	if len(out) > maxInflated {
		return nil, errors.New("pdftext: inflate: stream too large")
	}
	return out, nil
}

// decodeCP1252 turns the bytes of a core-font string into UTF-8.
func decodeCP1252(b []byte) (string, error) {
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("pdftext: cp1252: %w", err)
	}
	return string(s), nil
}
