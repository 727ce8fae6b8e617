package wire

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"time"
)

// checkShape walks a body that encoding/json accepted and refuses what it
// forgives: repeated keys (the last would win) and keys that match a field
// only when case is ignored. t is the type being decoded into.
func checkShape(body []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	return walk(dec, t, "", 0)
}

// maxDepth bounds the nesting of a body: ours nest a few levels, and the
// walk recurses per level, so a body of a few MiB of brackets would
// otherwise overflow the stack and kill the process.
const maxDepth = 64

var (
	rawMessageType = reflect.TypeOf(json.RawMessage{})
	timeType       = reflect.TypeOf(time.Time{})
)

func walk(dec *json.Decoder, t reflect.Type, path string, depth int) error {
	if depth > maxDepth {
		return &DecodeError{Field: path, Reason: "nested too deep"}
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return &DecodeError{Field: path, Reason: "malformed JSON"}
	}
	delim, isDelim := tok.(json.Delim)
	if t == timeType && tok != nil {
		// encoding/json's own error for a bad time names no field.
		if s, ok := tok.(string); !ok || !validTime(s) {
			return &DecodeError{Field: path, Reason: "want an RFC 3339 time"}
		}
	}
	if !isDelim {
		return nil
	}
	if t == rawMessageType || t == timeType {
		t = nil // shape not ours to check: the payload is decoded strictly on its own
	}
	switch delim {
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for dec.More() {
			if err := walk(dec, elem, path, depth+1); err != nil {
				return err
			}
		}
	case '{':
		fields := jsonFields(t)
		seen := map[string]bool{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return &DecodeError{Field: path, Reason: "malformed JSON"}
			}
			key := keyTok.(string)
			field := joinPath(path, key)
			if seen[key] {
				return &DecodeError{Field: field, Reason: "repeated key"}
			}
			seen[key] = true
			var next reflect.Type
			if fields != nil {
				ft, ok := fields[key]
				if !ok {
					return &DecodeError{Field: field, Reason: "unknown field"}
				}
				next = ft
			} else if t != nil && t.Kind() == reflect.Map {
				next = t.Elem()
			}
			if err := walk(dec, next, field, depth+1); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	if err == io.EOF {
		return &DecodeError{Reason: "empty or truncated body"}
	}
	return nil
}

// jsonFields maps the exact JSON names of a struct's fields (embedded
// structs flattened) to their types; nil when t is not a struct.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			for k, v := range jsonFields(ft) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// validTime reports whether s is a time as encoding/json reads one.
func validTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
