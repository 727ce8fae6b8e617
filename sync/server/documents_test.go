package server_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

var pngMagic = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}

func scan(size int) ([]byte, string) {
	body := append(bytes.Clone(pngMagic), bytes.Repeat([]byte{7}, size-len(pngMagic))...)
	return body, docstore.Sum(body)
}

func TestDocuments(t *testing.T) {
	c := newCentre(t, server.Options{})
	put := func(sum string, body []byte, contentType string) answer {
		return c.do(request{method: http.MethodPut, path: wire.PathDocument + sum, body: bytes.NewReader(body), contentType: contentType})
	}
	head := func(sum string) int {
		return c.do(request{method: http.MethodHead, path: wire.PathDocument + sum}).status
	}

	body, sum := scan(2 << 10)
	if got := head(sum); got != http.StatusNotFound {
		t.Fatalf("HEAD before the upload: %d", got)
	}
	for i, want := range []struct {
		status  int
		created bool
	}{{http.StatusCreated, true}, {http.StatusOK, false}} {
		a := put(sum, body, "image/png")
		var d wire.DocumentAnswer
		if a.status != want.status || wire.DecodeBytes(a.body, &d) != nil || d != (wire.DocumentAnswer{SHA256: sum, Size: int64(len(body)), Created: want.created}) {
			t.Fatalf("upload %d: %d %s", i+1, a.status, a.body)
		}
	}
	if got := head(sum); got != http.StatusOK {
		t.Fatalf("HEAD after the upload: %d", got)
	}

	other, otherSum := scan(1 << 10)
	big, bigSum := scan(docLimit + 1)
	refusals := []struct {
		name        string
		sum         string
		body        []byte
		contentType string
		status      int
		code, field string
	}{
		{"over the limit", bigSum, big, "image/png", 413, wire.CodeTooLarge, ""},
		{"bytes of another document", otherSum, body, "image/png", 400, wire.CodeHashMismatch, "sha256"},
		{"upper-case name", strings.ToUpper(otherSum), other, "image/png", 400, wire.CodeBadRequest, "sha256"},
		{"short name", otherSum[:63], other, "image/png", 400, wire.CodeBadRequest, "sha256"},
		{"not hex", strings.Repeat("g", 64), other, "image/png", 400, wire.CodeBadRequest, "sha256"},
		{"type not a scan", otherSum, other, "text/html", 415, wire.CodeBadRequest, "Content-Type"},
		{"no type", otherSum, other, "", 415, wire.CodeBadRequest, "Content-Type"},
		{"content is not what the type says", otherSum, other, "application/pdf", 400, wire.CodeBadRequest, "media_type"},
	}
	for _, r := range refusals {
		a := put(r.sum, r.body, r.contentType)
		if a.status != r.status {
			t.Errorf("%s: status %d, want %d (%s)", r.name, a.status, r.status, a.body)
			continue
		}
		if e := a.errorBody(t); e.Code != r.code || e.Field != r.field {
			t.Errorf("%s: %+v", r.name, e)
		}
	}
	if got := head(otherSum); got != http.StatusNotFound {
		t.Errorf("a refused upload must keep nothing: HEAD %d", got)
	}
	if got := head("not-a-sum"); got != http.StatusBadRequest {
		t.Errorf("HEAD of a malformed name: %d", got)
	}
}

// A body streamed without a length is cut at the limit, not read to its end.
func TestDocumentLimitHoldsWithoutContentLength(t *testing.T) {
	c := newCentre(t, server.Options{})
	_, sum := scan(1 << 10)
	pr, pw := io.Pipe()
	go func() {
		pw.Write(pngMagic)
		chunk := bytes.Repeat([]byte{1}, 1<<10)
		for range 64 {
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
		pw.Close()
	}()
	a := c.do(request{method: http.MethodPut, path: wire.PathDocument + sum, body: pr, contentType: "image/png"})
	if a.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("streamed oversize body: %d %s", a.status, a.body)
	}
	pr.Close()
}

// Over MaxInFlight, the centre answers busy at once with Retry-After.
func TestBusyAnswersWithRetryAfter(t *testing.T) {
	c := newCentre(t, server.Options{MaxInFlight: 1})
	_, sum := scan(1 << 10)
	pr, pw := io.Pipe()
	slow := make(chan answer, 1)
	go func() {
		// An upload whose body trickles in holds the only slot.
		slow <- c.do(request{method: http.MethodPut, path: wire.PathDocument + sum, body: pr, contentType: "image/png"})
	}()
	pw.Write(pngMagic)
	deadline := time.Now().Add(5 * time.Second)
	var busy answer
	for time.Now().Before(deadline) {
		busy = c.do(request{method: http.MethodGet, path: wire.PathHealth})
		if busy.status == http.StatusServiceUnavailable {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if busy.status != http.StatusServiceUnavailable || busy.header.Get("Retry-After") != "1" || busy.errorBody(t).Code != wire.CodeBusy {
		t.Fatalf("while the slot is taken: %d %v %s", busy.status, busy.header, busy.body)
	}
	pw.Write(bytes.Repeat([]byte{7}, 1<<10-len(pngMagic)))
	pw.Close()
	if a := <-slow; a.status != http.StatusCreated {
		t.Fatalf("the slow upload: %d %s", a.status, a.body)
	}
	if a := c.do(request{method: http.MethodGet, path: wire.PathHealth}); a.status != http.StatusOK {
		t.Fatalf("after the slot is free again: %d", a.status)
	}
}
