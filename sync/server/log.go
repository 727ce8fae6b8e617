package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/cnops/guichet/sync/wire"
)

// requestInfo collects what the request log line needs from inside the
// chain (the device, once authenticated).
type requestInfo struct {
	deviceID string
	portal   string // the portal client's name
}

type infoKey struct{}

func noteDevice(r *http.Request, id string) {
	if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		info.deviceID = id
	}
}

func notePortal(r *http.Request, name string) {
	if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		info.portal = name
	}
}

// recordingWriter remembers the status and the size of the answer.
type recordingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rw *recordingWriter) WriteHeader(status int) {
	if rw.status == 0 {
		rw.status = status
	}
	rw.ResponseWriter.WriteHeader(status)
}

func (rw *recordingWriter) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	n, err := rw.ResponseWriter.Write(b)
	rw.bytes += int64(n)
	return n, err
}

// logged writes one structured line per request: method, path (never the
// query, which carries registration numbers and CINs), status, duration,
// device or portal client, and bytes. Tokens and bodies are never logged.
// It also counts the request in the metrics, if any.
func (h *handler) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		rw := &recordingWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)))
		if rw.status == 0 {
			rw.status = http.StatusOK
		}
		took := time.Since(start)
		h.opts.Metrics.observe(h.routeLabel(r), rw.status, took)
		level := slog.LevelInfo
		if rw.status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rw.status),
			slog.Duration("duration", took),
			slog.Int64("bytes", rw.bytes),
			slog.String("remote", r.RemoteAddr),
		}
		if info.deviceID != "" {
			attrs = append(attrs, slog.String("device", info.deviceID))
		}
		if info.portal != "" {
			attrs = append(attrs, slog.String("portal", info.portal))
		}
		h.opts.Logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// recovered turns a panic in an operation into a 500 answer and a logged
// stack, so one bad request cannot take the centre down.
func (h *handler) recovered(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			h.opts.Logger.Error("panic while serving", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if rw, ok := w.(*recordingWriter); !ok || rw.status == 0 {
				writeErrorBody(w, http.StatusInternalServerError, wire.ErrorBody{Code: wire.CodeInternal, Message: "internal error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
