package domain

import (
	"strings"
	"testing"
)

// The reference lists are compiled in, yet read by a parser: whatever a
// TSV holds, the header is skipped, every row handed on has at least the
// fields asked for and no line-ending CR, and a short row stops with its own panic,
// never another.
func FuzzEachTSVRow(f *testing.F) {
	f.Add(citiesTSV[:min(len(citiesTSV), 400)], 5)
	f.Add(variantsTSV[:min(len(variantsTSV), 400)], 2)
	f.Add([]byte("h\r\na\tb\r\n\r\n"), 2)
	f.Add([]byte("h\na\n"), 2)
	f.Add([]byte("h\n\t\t\t\n"), 4)
	f.Add([]byte(""), 0)
	f.Add([]byte("h\n"+strings.Repeat("x", 70000)+"\n"), 1)
	f.Fuzz(func(t *testing.T, data []byte, min int) {
		min = (min%8 + 8) % 8
		rows := 0
		defer func() {
			if r := recover(); r != nil {
				if msg, ok := r.(string); !ok || !strings.HasPrefix(msg, "domain/data: short row: ") {
					panic(r)
				}
			}
		}()
		eachTSVRow(data, min, func(fields []string) {
			rows++
			if len(fields) == 0 {
				t.Fatal("a row without fields")
			}
			if len(fields) < min {
				t.Fatalf("row of %d fields, want %d", len(fields), min)
			}
			if strings.HasSuffix(fields[len(fields)-1], "\r") {
				t.Fatalf("line-ending CR kept in %q", fields)
			}
		})
		if rows > strings.Count(string(data), "\n")+1 {
			t.Fatalf("%d rows from %d lines", rows, strings.Count(string(data), "\n")+1)
		}
	})
}
