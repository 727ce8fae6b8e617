package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"unicode/utf8"
)

// DecodeError says what is wrong with a body; Field names the JSON field
// when the decoder could tell.
type DecodeError struct {
	Field  string
	Reason string
}

func (e *DecodeError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Reason)
	}
	return e.Reason
}

// ErrTooLarge is returned for a body over the limit.
var ErrTooLarge = errors.New("body too large")

// Decode reads exactly one JSON value of at most limit bytes into v:
// unknown fields, trailing data and oversize bodies are refused.
func Decode(r io.Reader, limit int64, v any) error {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return &DecodeError{Reason: "unreadable body: " + err.Error()}
	}
	if int64(len(body)) > limit {
		return ErrTooLarge
	}
	return DecodeBytes(body, v)
}

// DecodeBytes is Decode on a body already read. Beyond encoding/json's own
// checks it refuses invalid UTF-8 (which json would replace silently), the
// NUL character (no text of ours holds one, and PostgreSQL cannot store
// it, so both storages answer alike), a bare null, repeated keys and keys
// that differ from a field's name only in case.
func DecodeBytes(body []byte, v any) error {
	if !utf8.Valid(body) {
		return &DecodeError{Reason: "invalid UTF-8"}
	}
	if hasNUL(body) {
		return &DecodeError{Reason: "NUL character"}
	}
	if string(bytes.TrimSpace(body)) == "null" {
		return &DecodeError{Reason: "null instead of a JSON object"}
	}
	if err := checkShape(body, reflect.TypeOf(v)); err != nil {
		var de *DecodeError
		if errors.As(err, &de) && de.Reason == "malformed JSON" {
			return decodePlain(body, v) // let encoding/json say where and why
		}
		return err
	}
	return decodePlain(body, v)
}

func decodePlain(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &DecodeError{Reason: "trailing data after the JSON value"}
	}
	return nil
}

func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return &DecodeError{Field: typeErr.Field, Reason: "wrong type: want " + typeErr.Type.String()}
	case errors.As(err, &syntaxErr):
		return &DecodeError{Reason: fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &DecodeError{Reason: "empty or truncated body"}
	}
	const unknown = "json: unknown field "
	if msg := err.Error(); len(msg) > len(unknown) && msg[:len(unknown)] == unknown {
		return &DecodeError{Field: trimQuotes(msg[len(unknown):]), Reason: "unknown field"}
	}
	return &DecodeError{Reason: err.Error()}
}

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// hasNUL reports whether a JSON text holds U+0000: the escape \u0000 (not
// itself escaped, i.e. after an even run of backslashes) or a raw byte.
func hasNUL(body []byte) bool {
	if bytes.IndexByte(body, 0) >= 0 {
		return true
	}
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte(`u0000`))
		if j < 0 {
			return false
		}
		at := i + j
		slashes := 0
		for k := at - 1; k >= 0 && body[k] == '\\'; k-- {
			slashes++
		}
		if slashes%2 == 1 {
			return true
		}
		i = at + 1
	}
}
