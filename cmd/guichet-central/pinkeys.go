package main

import (
	"errors"
	"fmt"

	"github.com/cnops/guichet/pin"
)

// errNoPINKeys says how to give the centre its keys.
var errNoPINKeys = errors.New("the centre needs its PIN keys: set pin.hmac_key (best by the environment, " +
	"GUICHET_CENTRAL_PIN_HMAC_KEY) or pin.hmac_key_file, and pin.box_key_file; " +
	"`guichet-central keys generate --dir DIR` makes both files and prints the lines to use")

// loadPINKeys reads the centre's PIN keys as the configuration names them:
// the HMAC key of the verifiers (pin.hmac_key, or pin.hmac_key_file, with
// id pin.hmac_key_id) and the sealed-box key pair that opens counter PINs
// (the private key in pin.box_key_file, id pin.box_key_id). Key files
// must be private to their owner. Either missing is errNoPINKeys: the
// centre never stores a PIN instead of its verifier.
func loadPINKeys(cfg centralConfig) (*pin.HMACKeys, pin.BoxKey, error) {
	var raw []byte
	var err error
	switch {
	case cfg.HMACKey != "" && cfg.HMACKeyFile != "":
		return nil, pin.BoxKey{}, errors.New("configuration keys pin.hmac_key and pin.hmac_key_file: give one, not both")
	case cfg.HMACKey != "":
		if raw, err = pin.ParseKey(cfg.HMACKey); err != nil {
			// The key's text is never repeated in a message.
			return nil, pin.BoxKey{}, fmt.Errorf("configuration key pin.hmac_key: %w", err)
		}
	case cfg.HMACKeyFile != "":
		if raw, err = pin.ReadKeyFile(cfg.HMACKeyFile); err != nil {
			return nil, pin.BoxKey{}, fmt.Errorf("configuration key pin.hmac_key_file: %w", err)
		}
	default:
		return nil, pin.BoxKey{}, errNoPINKeys
	}
	hmacKeys, err := pin.NewHMACKeys(cfg.HMACKeyID, raw)
	if err != nil {
		return nil, pin.BoxKey{}, fmt.Errorf("configuration key pin.hmac_key: %w", err)
	}
	if cfg.BoxKeyFile == "" {
		return nil, pin.BoxKey{}, errNoPINKeys
	}
	private, err := pin.ReadKeyFile(cfg.BoxKeyFile)
	if err != nil {
		return nil, pin.BoxKey{}, fmt.Errorf("configuration key pin.box_key_file: %w", err)
	}
	box, err := pin.BoxKeyFromPrivate(cfg.BoxKeyID, private)
	if err != nil {
		return nil, pin.BoxKey{}, fmt.Errorf("configuration key pin.box_key_file %s: %w", cfg.BoxKeyFile, err)
	}
	return hmacKeys, box, nil
}
