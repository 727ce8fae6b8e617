// Package logfile builds the structured log of Guichet's programs: slog
// records, JSON by default, written to a file that rotates by size
// (lumberjack) and that only its owner can read, or to a stream such as
// standard error. Values under keys that name a secret are replaced before
// they are written, whichever package logged them.
package logfile

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/natefinch/lumberjack.v2"
)

// Options say where the log goes and how much of it is kept.
type Options struct {
	// Path is the log file; rotated copies (name-TIMESTAMP.ext) sit beside it.
	Path string
	// MaxSizeMB is the size at which the file is rotated; MaxBackups is how
	// many rotated copies are kept (0: all of them).
	MaxSizeMB  int
	MaxBackups int
	Level      slog.Leveler
	// Text writes key=value lines instead of JSON objects.
	Text bool
}

// Open returns a logger writing to the file opts.Path, created with mode
// 0600 in a folder made with 0700 when absent, and the file to close when
// done. The file is opened here so that a path that cannot be written
// fails at start-up, not silently at the first line.
func Open(opts Options) (*slog.Logger, io.Closer, error) {
	if opts.Path == "" {
		return nil, nil, fmt.Errorf("log file: no path")
	}
	if opts.MaxSizeMB < 1 {
		return nil, nil, fmt.Errorf("log file %s: the rotation size must be at least 1 MB", opts.Path)
	}
	if err := os.MkdirAll(filepath.Dir(opts.Path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("log file %s: %w", opts.Path, err)
	}
	f, err := os.OpenFile(opts.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("log file %s: %w", opts.Path, err)
	}
	// A file left by an older version or made by hand may be wider open;
	// lumberjack gives rotated files the mode of the current one.
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, fmt.Errorf("log file %s: %w", opts.Path, err)
	}
	w := &lumberjack.Logger{Filename: opts.Path, MaxSize: opts.MaxSizeMB, MaxBackups: opts.MaxBackups}
	return New(w, opts.Level, opts.Text), w, nil
}

// New returns a logger writing to w, with the same redaction as Open's.
func New(w io.Writer, level slog.Leveler, text bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redact}
	if text {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// Redacted replaces the value of an attribute whose key names a secret.
const Redacted = "[redacted]"

// secretWords are the words of a key (split at _ . -) that mark its value
// as a secret: PINs, passwords, tokens and keys never reach a log file,
// even when a caller logs them by mistake.
var secretWords = map[string]bool{
	"pin": true, "pins": true, "password": true, "passwd": true, "token": true, "secret": true,
	"authorization": true, "cookie": true, "hmac": true, "private": true, "verifier": true,
}

// secretParts mark a secret wherever they appear in a key (pinToken,
// devicePassword).
var secretParts = []string{"password", "token", "secret"}

func redact(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindGroup || !isSecret(a.Key) {
		return a
	}
	return slog.String(a.Key, Redacted)
}

// namingWords end a key that names or counts a secret rather than holds
// it (pin_hmac_key_id, pin_box_key_file, token_count): kept, since an
// operator needs them, to rotate keys for one.
var namingWords = map[string]bool{"id": true, "ids": true, "file": true, "path": true, "count": true}

func isSecret(key string) bool {
	key = strings.ToLower(key)
	words := strings.FieldsFunc(key, func(r rune) bool { return r == '_' || r == '.' || r == '-' })
	if len(words) > 1 && namingWords[words[len(words)-1]] {
		return false
	}
	for _, part := range secretParts {
		if strings.Contains(key, part) {
			return true
		}
	}
	for _, word := range words {
		if secretWords[word] {
			return true
		}
	}
	return false
}
