package tui

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// The screens pass data through safeEntry and safeDetail before drawing
// it: with every text of an entry or a request set to the same hostile
// value, every text they show comes out printable. The fields left out are
// the ones the screens do not print as they are (ids, codes that are
// translated, the audit history, which has its own view).
func FuzzSafeViews(f *testing.F) {
	for _, s := range []string{"Alaoui", "\x1b[2J\x1b]0;owned\x07", "\u009b31m", "a\u202eb\u2066c", "a\r\nb", "\xff\xfe", "\x00", "العلوي"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e service.SyncEntry
		fillStrings(reflect.ValueOf(&e).Elem(), s)
		checkShown(t, reflect.ValueOf(safeEntry(e)), "", "ID")
		var d service.RequestDetail
		fillStrings(reflect.ValueOf(&d).Elem(), s)
		checkShown(t, reflect.ValueOf(safeDetail(d)), "", "ID", "State", "Missing", "Scans", "History")
	})
}

// fillStrings sets every string reachable from v to s, making one element
// of each slice and a value for each pointer.
func fillStrings(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct && v.Type().Elem().PkgPath() != "time" {
			v.Set(reflect.New(v.Type().Elem()))
			fillStrings(v.Elem(), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), s)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Uint8 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fillStrings(v.Index(0), s)
		}
	}
}

// checkShown fails on a text reachable from v that is not printable,
// outside the fields named in skip.
func checkShown(t *testing.T, v reflect.Value, path string, skip ...string) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); domain.Sanitize(s) != s || strings.ContainsFunc(s, unicode.IsControl) {
			t.Fatalf("%s is shown unsafe: %q", path, s)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			checkShown(t, v.Elem(), path, skip...)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if name := v.Type().Field(i).Name; v.Type().Field(i).IsExported() && !slices.Contains(skip, name) {
				checkShown(t, v.Field(i), path+"."+name, skip...)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			checkShown(t, v.Index(i), path, skip...)
		}
	}
}
