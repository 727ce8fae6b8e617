package letter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

// DefaultPrintTimeout bounds a print command when ctx has no deadline, so a
// stuck printer never holds the counter.
const DefaultPrintTimeout = 2 * time.Minute

// maxStderr is how much of a failing print command's stderr an error keeps.
const maxStderr = 1024

// Print pipes pdf to the standard input of command (e.g. "lp -d counter"),
// split into words by splitCommand and run without a shell. It stops the
// command when ctx ends (after DefaultPrintTimeout if ctx has no deadline)
// and returns an error naming the command, with its stderr, when it fails.
// The command's standard output is discarded.
func Print(ctx context.Context, command string, pdf []byte) error {
	if len(pdf) == 0 {
		return errors.New("letter: print: empty document")
	}
	args, err := splitCommand(command)
	if err != nil {
		return fmt.Errorf("letter: print command: %w", err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultPrintTimeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &capped{buf: &stderr, max: maxStderr}
	cmd.WaitDelay = 5 * time.Second // a child keeping the pipes open cannot hang Print
	err = cmd.Run()
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	}
	if msg := printable(stderr.String()); msg != "" {
		return fmt.Errorf("letter: print command %q: %w: %s", args[0], err, msg)
	}
	return fmt.Errorf("letter: print command %q: %w", args[0], err)
}

// capped keeps the first max bytes written to it and drops the rest.
type capped struct {
	buf *bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// printable keeps a command's message safe for a terminal: one line, no
// control characters or escape sequences.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, " "))
	return strings.Join(strings.Fields(s), " ")
}

// Save writes pdf to dir/name with mode 0600, creating dir with mode 0700
// if needed, and returns the file's path. It never overwrites: an existing
// file is an error matching fs.ErrExist. name must be a plain file name.
func Save(dir, name string, pdf []byte) (string, error) {
	if name == "" || name == "." || name == ".." || filepath.Base(name) != name || strings.ContainsRune(name, '/') {
		return "", fmt.Errorf("letter: save: %q is not a plain file name", name)
	}
	if dir == "" {
		return "", errors.New("letter: save: no directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("letter: save: %w", err)
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("letter: save: %s already exists: %w", path, fs.ErrExist)
		}
		return "", fmt.Errorf("letter: save: %w", err)
	}
	_, err = f.Write(pdf)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // a half-written document is worse than none
		return "", fmt.Errorf("letter: save: %w", err)
	}
	return path, nil
}
