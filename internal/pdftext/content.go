package pdftext

import (
	"encoding/hex"
	"errors"
	"fmt"
)

// showStrings returns, decoded, the strings shown by the text operators of
// one content stream: (s) Tj, (s) ', aw ac (s) " and [(a) -120 (b)] TJ
// (whose pieces are joined: fpdf writes the spaces it wants as strings).
func showStrings(c []byte) ([]string, error) {
	var (
		out      []string
		operands [][]byte // strings met since the last operator
		array    [][]byte // strings of the [ ... ] being read
		inArray  bool
	)
	push := func(s []byte) {
		if inArray {
			array = append(array, s)
		} else {
			operands = append(operands, s)
		}
	}
	for i := 0; i < len(c); {
		ch := c[i]
		switch {
		case ch == '%': // a comment runs to the end of the line
			for i < len(c) && c[i] != '\n' && c[i] != '\r' {
				i++
			}
		case ch == '(':
			s, n, err := literal(c[i:])
			if err != nil {
				return nil, err
			}
			push(s)
			i += n
		case ch == '<' && i+1 < len(c) && c[i+1] == '<', ch == '>' && i+1 < len(c) && c[i+1] == '>':
			i += 2 // an inline dictionary's brackets: no text in it
		case ch == '<':
			s, n, err := hexString(c[i:])
			if err != nil {
				return nil, err
			}
			push(s)
			i += n
		case ch == '[':
			inArray, array = true, nil
			i++
		case ch == ']':
			inArray = false
			var joined []byte
			for _, s := range array {
				joined = append(joined, s...)
			}
			operands = append(operands, joined)
			i++
		case ch == '/': // a name: an operand we do not need
			for i++; i < len(c) && !isSpace(c[i]) && !isDelimiter(c[i]); i++ {
			}
		case isSpace(ch) || isDelimiter(ch):
			i++
		default:
			start := i
			for i < len(c) && !isSpace(c[i]) && !isDelimiter(c[i]) {
				i++
			}
			tok := string(c[start:i])
			if inArray || !isOperator(tok) {
				continue // a number: an operand we do not need
			}
			if (tok == "Tj" || tok == "'" || tok == `"` || tok == "TJ") && len(operands) > 0 {
				s, err := decodeCP1252(operands[len(operands)-1])
				if err != nil {
					return nil, err
				}
				out = append(out, s)
			}
			operands = operands[:0]
		}
	}
	return out, nil
}

// literal reads a (...) string at the start of c: balanced parentheses,
// backslash escapes (\n \r \t \b \f \( \) \\, octal \ddd, a backslash at
// the end of a line joins lines). It returns the bytes and how many bytes
// of c it used.
func literal(c []byte) ([]byte, int, error) {
	var b []byte
	depth := 0
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; ch {
		case '(':
			if depth > 0 {
				b = append(b, ch)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return b, i + 1, nil
			}
			b = append(b, ch)
		case '\\':
			if i+1 == len(c) {
				return nil, 0, errors.New("pdftext: string ends with a backslash")
			}
			i++
			switch e := c[i]; {
			case e == 'n':
				b = append(b, '\n')
			case e == 'r':
				b = append(b, '\r')
			case e == 't':
				b = append(b, '\t')
			case e == 'b':
				b = append(b, '\b')
			case e == 'f':
				b = append(b, '\f')
			case e == '\r': // a line continuation, \r\n or \r
				if i+1 < len(c) && c[i+1] == '\n' {
					i++
				}
			case e == '\n':
			case e >= '0' && e <= '7':
				v := int(e - '0')
				for k := 0; k < 2 && i+1 < len(c) && c[i+1] >= '0' && c[i+1] <= '7'; k++ {
					i++
					v = v*8 + int(c[i]-'0')
				}
				b = append(b, byte(v)) // \400 and above overflow, as the PDF reference says
			default: // \( \) \\ and an unknown escape: the character itself
				b = append(b, e)
			}
		default:
			b = append(b, ch)
		}
	}
	return nil, 0, errors.New("pdftext: unterminated string")
}

// hexString reads a <...> string at the start of c.
func hexString(c []byte) ([]byte, int, error) {
	var digits []byte
	for i := 1; i < len(c); i++ {
		switch ch := c[i]; {
		case ch == '>':
			if len(digits)%2 == 1 {
				digits = append(digits, '0') // a missing last digit is 0
			}
			b := make([]byte, len(digits)/2)
			if _, err := hex.Decode(b, digits); err != nil {
				return nil, 0, fmt.Errorf("pdftext: hex string: %w", err)
			}
			return b, i + 1, nil
		case isSpace(ch):
		default:
			digits = append(digits, ch)
		}
	}
	return nil, 0, errors.New("pdftext: unterminated hex string")
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// isOperator tells an operator (Tj, BT, ', ") from a number or a name.
func isOperator(tok string) bool {
	c := tok[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c == '"'
}
