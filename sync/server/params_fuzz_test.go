package server

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/cnops/guichet/sync/wire"
)

// An Authorization header yields a token only as "Bearer <token>" (any
// case of the scheme), trimmed and never empty.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc", "bearer  abc ", "BEARER abc", "Basic YWxhZGRpbjpvcGVu", "Bearer", "Bearer ", "Bearer\tabc", "Bearerabc", "Bearer a b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		token, ok := bearerToken(header)
		if !ok {
			if token != "" {
				t.Fatalf("refused header %q still yields %q", header, token)
			}
			return
		}
		scheme, rest, _ := strings.Cut(header, " ")
		if token == "" || token != strings.TrimSpace(token) || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(rest) != token {
			t.Fatalf("bearerToken(%q) = %q", header, token)
		}
	})
}

// A numeric query parameter is within its bounds or refused with a
// DecodeError naming it; absent, it takes its default.
func FuzzIntParam(f *testing.F) {
	for _, s := range []string{"after=0", "after=17", "after=-1", "after=9223372036854775808", "after=1e3", "after=0x10", "after=+5", "after= 5", "after=5&after=6", "limit=5", ""} {
		f.Add(s, int64(0), int64(1000))
	}
	f.Fuzz(func(t *testing.T, query string, lo, hi int64) {
		q, err := url.ParseQuery(query)
		if err != nil || lo > hi {
			return
		}
		def := lo
		n, err := intParam(q, "after", def, lo, hi)
		if err != nil {
			var de *wire.DecodeError
			if !errors.As(err, &de) || de.Field != "after" {
				t.Fatalf("refusal %v does not name the parameter", err)
			}
			return
		}
		if n < lo || n > hi {
			t.Fatalf("%q read as %d outside [%d, %d]", query, n, lo, hi)
		}
		if _, given := q["after"]; !given && n != def {
			t.Fatalf("absent parameter read as %d", n)
		}
	})
}
