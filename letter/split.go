package letter

import (
	"errors"
	"strings"
)

// splitCommand splits a configured command line into words the way a POSIX
// shell would, without running one: blanks separate words; '...' is
// literal; inside "..." a backslash escapes only \ " $ ` and newline;
// outside quotes a backslash escapes any character. There is no expansion
// of any kind ($VAR, ~, *, ;, |, > are ordinary characters). An empty
// command, an unterminated quote or a trailing backslash is an error.
func splitCommand(s string) ([]string, error) {
	var (
		words  []string
		cur    strings.Builder
		inWord bool
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 == len(rs) {
				return nil, errors.New("command ends with a backslash")
			}
			i++
			if rs[i] != '\n' { // backslash-newline joins lines
				cur.WriteRune(rs[i])
				inWord = true
			}
		case c == '\'':
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j == len(rs) {
				return nil, errors.New("command has an unterminated ' quote")
			}
			cur.WriteString(string(rs[i+1 : j]))
			i = j
			inWord = true
		case c == '"':
			closed := false
			for i++; i < len(rs); i++ {
				if rs[i] == '"' {
					closed = true
					break
				}
				if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\\\"$`\n", rs[i+1]) {
					i++
					if rs[i] == '\n' {
						continue
					}
				}
				cur.WriteRune(rs[i])
			}
			if !closed {
				return nil, errors.New(`command has an unterminated " quote`)
			}
			inWord = true
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 || words[0] == "" {
		return nil, errors.New("empty command")
	}
	return words, nil
}
