package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/pin"
)

// errNoPINKeys says how to give the centre its keys.
var errNoPINKeys = errors.New("the centre needs its PIN keys: set pin.hmac_key (best by the environment, " +
	"GUICHET_CENTRAL_PIN_HMAC_KEY) or pin.hmac_key_file, and pin.box_key_file; " +
	"`guichet-central keys generate --dir DIR` makes both files and prints the lines to use")

// keyFile is a retired key still accepted: its id and the file holding it.
type keyFile struct {
	ID   string `json:"id"`
	File string `json:"file"`
}

// String writes a key as pin.previous_*_keys lists it.
func (k keyFile) String() string { return k.ID + "=" + k.File }

// joinKeyFiles writes a list of keys as pin.previous_*_keys holds it.
func joinKeyFiles(keys []keyFile) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.String()
	}
	return strings.Join(parts, ",")
}

// keyFiles reads pin.previous_hmac_keys or pin.previous_box_keys:
// ID=FILE pairs separated by commas ("" for none), each id once.
func keyFiles(field func(*centralConfig) *[]keyFile) func(*centralConfig, string) error {
	return func(c *centralConfig, raw string) error {
		var keys []keyFile
		seen := map[string]bool{}
		for part := range strings.SplitSeq(raw, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			id, file, ok := strings.Cut(part, "=")
			id, file = strings.TrimSpace(id), strings.TrimSpace(file)
			if !ok || file == "" {
				return fmt.Errorf("must be ID=FILE pairs separated by commas, such as h1=/etc/guichet/keys/hmac-h1.key (got %q)", part)
			}
			if err := checkKeyID(id); err != nil {
				return fmt.Errorf("key id: %w", err)
			}
			if err := config.PlainText(file); err != nil {
				return fmt.Errorf("key %s: %w", id, err)
			}
			if seen[id] {
				return fmt.Errorf("key id %s is given twice", id)
			}
			seen[id] = true
			keys = append(keys, keyFile{ID: id, File: file})
		}
		*field(c) = keys
		return nil
	}
}

// loadPINKeys reads the centre's PIN keys as the configuration names them:
// the current HMAC key of the verifiers (pin.hmac_key, or
// pin.hmac_key_file, with id pin.hmac_key_id) and the retired ones that
// still check theirs (pin.previous_hmac_keys); the current sealed-box key
// pair that opens counter PINs (the private key in pin.box_key_file, id
// pin.box_key_id) and the retired pairs that still open the PINs sealed
// to them (pin.previous_box_keys). Key files must be private to their
// owner; an id may name one key of each kind. Missing current keys are
// errNoPINKeys: the centre never stores a PIN instead of its verifier.
func loadPINKeys(cfg centralConfig) (central.PINKeys, error) {
	var none central.PINKeys
	var raw []byte
	var err error
	switch {
	case cfg.HMACKey != "" && cfg.HMACKeyFile != "":
		return none, errors.New("configuration keys pin.hmac_key and pin.hmac_key_file: give one, not both")
	case cfg.HMACKey != "":
		if raw, err = pin.ParseKey(cfg.HMACKey); err != nil {
			// The key's text is never repeated in a message.
			return none, fmt.Errorf("configuration key pin.hmac_key: %w", err)
		}
	case cfg.HMACKeyFile != "":
		if raw, err = pin.ReadKeyFile(cfg.HMACKeyFile); err != nil {
			return none, fmt.Errorf("configuration key pin.hmac_key_file: %w", err)
		}
	default:
		return none, errNoPINKeys
	}
	keys := central.PINKeys{}
	if keys.HMAC, err = pin.NewHMACKeys(cfg.HMACKeyID, raw); err != nil {
		return none, fmt.Errorf("configuration key pin.hmac_key: %w", err)
	}
	for _, k := range cfg.PreviousHMACKeys {
		raw, err := pin.ReadKeyFile(k.File)
		if err == nil {
			err = keys.HMAC.Add(k.ID, raw)
		}
		if err != nil {
			return none, fmt.Errorf("configuration key pin.previous_hmac_keys, key %s: %w", k.ID, err)
		}
	}
	if cfg.BoxKeyFile == "" {
		return none, errNoPINKeys
	}
	if keys.Box, err = readBoxKey(cfg.BoxKeyID, cfg.BoxKeyFile); err != nil {
		return none, fmt.Errorf("configuration key pin.box_key_file %s: %w", cfg.BoxKeyFile, err)
	}
	for _, k := range cfg.PreviousBoxKeys {
		if k.ID == cfg.BoxKeyID {
			return none, fmt.Errorf("configuration key pin.previous_box_keys, key %s: it is pin.box_key_id too", k.ID)
		}
		box, err := readBoxKey(k.ID, k.File)
		if err != nil {
			return none, fmt.Errorf("configuration key pin.previous_box_keys, key %s: %w", k.ID, err)
		}
		keys.PreviousBox = append(keys.PreviousBox, box)
	}
	return keys, nil
}

// readBoxKey completes a sealed-box key pair from its private key file.
func readBoxKey(id, file string) (pin.BoxKey, error) {
	private, err := pin.ReadKeyFile(file)
	if err != nil {
		return pin.BoxKey{}, err
	}
	return pin.BoxKeyFromPrivate(id, private)
}
