package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/pin"
)

// Names of the key files `keys generate` writes.
const (
	hmacKeyFileName = "hmac.key"
	boxKeyFileName  = "box.key"
)

func newKeysCmd(*app) *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "The centre's PIN keys"}
	var dir, hmacID, boxID string
	generate := &cobra.Command{
		Use:   "generate --dir DIR",
		Short: "Write a new HMAC key and sealed-box key pair for PINs (mode 0600) and print how to use them",
		Long: "keys generate writes DIR/" + hmacKeyFileName + " (the HMAC-SHA-256 key of the PIN verifiers, 32 random\n" +
			"bytes) and DIR/" + boxKeyFileName + " (the private key that opens counter PINs), both base64 and mode\n" +
			"0600, refusing to overwrite either. It prints the public key the devices receive at\n" +
			"provisioning and the configuration lines to use. Keep both files out of the database's\n" +
			"backups: a verifier tells nothing without its key.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return cli.UsageError{Msg: "--dir is required"}
			}
			for _, id := range []struct{ flag, v string }{{"--hmac-key-id", hmacID}, {"--box-key-id", boxID}} {
				if err := checkKeyID(id.v); err != nil {
					return cli.UsageError{Msg: id.flag + " " + err.Error()}
				}
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			gen, err := generateKeys(abs, hmacID, boxID)
			if err != nil {
				return err
			}
			if cli.JSONOutput(cmd) {
				return cli.WriteJSON(cmd, gen)
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Wrote %s (HMAC key %s) and %s (sealed-box key %s), mode 0600.\n",
				gen.HMACKeyFile, gen.HMACKeyID, gen.BoxKeyFile, gen.BoxKeyID)
			fmt.Fprintf(w, "Public key %s (every device receives it at provisioning):\n%s\n", gen.BoxKeyID, gen.BoxPublicKey)
			fmt.Fprintln(w, "Configuration lines (guichet-central.yaml):")
			fmt.Fprintf(w, "pin:\n  hmac_key_file: %q\n  hmac_key_id: %s\n  box_key_file: %q\n  box_key_id: %s\n",
				gen.HMACKeyFile, gen.HMACKeyID, gen.BoxKeyFile, gen.BoxKeyID)
			return nil
		},
	}
	generate.Flags().StringVar(&dir, "dir", "", "folder to write the key files into (created 0700 if absent)")
	generate.Flags().StringVar(&hmacID, "hmac-key-id", "h1", "id of the HMAC key (stored with each verifier)")
	generate.Flags().StringVar(&boxID, "box-key-id", "b1", "id of the sealed-box key (sent with the public key)")
	cli.JSONFlag(generate)
	keys.AddCommand(generate)
	return keys
}

// generatedKeys is what `keys generate` reports (never a private key).
type generatedKeys struct {
	HMACKeyFile  string `json:"hmac_key_file"`
	HMACKeyID    string `json:"hmac_key_id"`
	BoxKeyFile   string `json:"box_key_file"`
	BoxKeyID     string `json:"box_key_id"`
	BoxPublicKey string `json:"box_public_key"`
}

// generateKeys writes a new HMAC key and box key pair into dir, refusing
// to overwrite either file (a lost key would make every PIN in the post
// unverifiable). When the second file cannot be written the first is
// removed: both or neither.
func generateKeys(dir, hmacID, boxID string) (generatedKeys, error) {
	gen := generatedKeys{HMACKeyFile: filepath.Join(dir, hmacKeyFileName), HMACKeyID: hmacID,
		BoxKeyFile: filepath.Join(dir, boxKeyFileName), BoxKeyID: boxID}
	for _, path := range []string{gen.HMACKeyFile, gen.BoxKeyFile} {
		if _, err := os.Lstat(path); err == nil {
			return gen, fmt.Errorf("%s already exists: keys are never overwritten (move it away to make new ones)", path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return gen, err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return gen, err
	}
	hmacKey := make([]byte, pin.MinHMACKeyBytes)
	if _, err := rand.Read(hmacKey); err != nil {
		return gen, err
	}
	box, err := pin.GenerateBoxKey(boxID)
	if err != nil {
		return gen, err
	}
	if err := writeKeyFile(gen.HMACKeyFile, hmacKey); err != nil {
		return gen, err
	}
	if err := writeKeyFile(gen.BoxKeyFile, box.Private[:]); err != nil {
		os.Remove(gen.HMACKeyFile)
		return gen, err
	}
	gen.BoxPublicKey = pin.EncodeKey(box.Public[:])
	return gen, nil
}

// writeKeyFile creates a key file, mode 0600, only if it does not exist.
func writeKeyFile(path string, key []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, pin.EncodeKey(key)); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
