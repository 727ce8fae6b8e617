package mail

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// checkEnvelope refuses envelope addresses that are not plain addresses
// (a name part, or a CR/LF that would smuggle in an SMTP command or a
// header) and an empty message.
func checkEnvelope(from string, to []string, msg []byte) error {
	if len(msg) == 0 {
		return errors.New("mail: empty message")
	}
	if len(to) == 0 {
		return errors.New("mail: no recipient")
	}
	for _, addr := range append([]string{from}, to...) {
		if err := plainAddress(addr); err != nil {
			return err
		}
	}
	return nil
}

func plainAddress(addr string) error {
	parsed, err := mail.ParseAddress(addr)
	if err != nil || parsed.Address != addr || strings.ContainsAny(addr, "\r\n<>") {
		return fmt.Errorf("mail: %q is not a plain e-mail address", addr)
	}
	return nil
}
