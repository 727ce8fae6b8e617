package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Maildir delivers into a maildir (Dir/tmp, Dir/new, Dir/cur, created
// 0700): each message is written whole under Dir/tmp (0600), synced, then
// renamed into Dir/new, so a reader never sees a partial message.
type Maildir struct {
	Dir string
}

// Send delivers msg, preceded by the envelope as a local delivery records
// it (Return-Path, Delivered-To), so whoever relays the spool knows where
// each message goes.
func (m Maildir) Send(ctx context.Context, from string, to []string, msg []byte) error {
	if err := checkEnvelope(from, to, msg); err != nil {
		return err
	}
	if m.Dir == "" {
		return fmt.Errorf("mail: maildir: no directory")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(m.Dir, sub), 0o700); err != nil {
			return fmt.Errorf("mail: maildir: %w", err)
		}
	}
	name, err := uniqueName()
	if err != nil {
		return err
	}
	var head bytes.Buffer
	fmt.Fprintf(&head, "Return-Path: <%s>\r\n", from)
	for _, rcpt := range to {
		fmt.Fprintf(&head, "Delivered-To: %s\r\n", rcpt)
	}
	tmp := filepath.Join(m.Dir, "tmp", name)
	if err := writeNew(tmp, head.Bytes(), msg); err != nil {
		return fmt.Errorf("mail: maildir: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(m.Dir, "new", name)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("mail: maildir: %w", err)
	}
	return syncDir(filepath.Join(m.Dir, "new"))
}

// writeNew creates path (0600, never an existing file) with the parts,
// synced to disk; a failure leaves no file.
func writeNew(path string, parts ...[]byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err = f.Write(p); err != nil {
			break
		}
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// syncDir makes a rename into dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("mail: maildir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("mail: maildir: %w", err)
	}
	return nil
}

// uniqueName is a maildir file name, time.MusecPpidRrandom.hostname (the
// usual form of time.pid.random.hostname): unique across processes and
// hosts sharing the folder. The host name loses the characters maildir
// readers treat specially.
func uniqueName() (string, error) {
	var r [8]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", err
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	host = strings.NewReplacer("/", `\057`, ":", `\072`).Replace(host)
	now := time.Now()
	return fmt.Sprintf("%d.M%dP%dR%s.%s", now.Unix(), now.Nanosecond()/1000, os.Getpid(), hex.EncodeToString(r[:]), host), nil
}
