package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/pin"
)

// Names of the key files `keys generate` writes.
const (
	hmacKeyFileName = "hmac.key"
	boxKeyFileName  = "box.key"
)

func newKeysCmd(a *app) *cobra.Command {
	cat := a.cat
	keys := &cobra.Command{Use: "keys", Short: cat.T("keys.cmd.short")}
	var dir, hmacID, boxID string
	generate := &cobra.Command{
		Use:   "generate --dir DIR",
		Short: cat.T("keys.generate.short"),
		Long:  cat.T("keys.generate.long", hmacKeyFileName, boxKeyFileName),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return cli.UsageError{Msg: cat.T("keys.err.dir_required")}
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
			fmt.Fprintln(w, cat.T("keys.generate.wrote", gen.HMACKeyFile, gen.HMACKeyID, gen.BoxKeyFile, gen.BoxKeyID))
			fmt.Fprintln(w, cat.T("keys.generate.public", gen.BoxKeyID))
			fmt.Fprintln(w, gen.BoxPublicKey)
			fmt.Fprintln(w, cat.T("keys.config_lines"))
			fmt.Fprintf(w, "pin:\n  hmac_key_file: %q\n  hmac_key_id: %s\n  box_key_file: %q\n  box_key_id: %s\n",
				gen.HMACKeyFile, gen.HMACKeyID, gen.BoxKeyFile, gen.BoxKeyID)
			return nil
		},
	}
	generate.Flags().StringVar(&dir, "dir", "", cat.T("keys.flag.dir"))
	generate.Flags().StringVar(&hmacID, "hmac-key-id", "h1", cat.T("keys.flag.hmac_key_id"))
	generate.Flags().StringVar(&boxID, "box-key-id", "b1", cat.T("keys.flag.box_key_id"))
	cli.JSONFlag(generate)
	keys.AddCommand(generate, newKeysRotateCmd(a), newKeysStatusCmd(a))
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
	if err := absent(gen.HMACKeyFile, gen.BoxKeyFile); err != nil {
		return gen, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return gen, err
	}
	hmacKey, err := newHMACKey()
	if err != nil {
		return gen, err
	}
	box, err := pin.GenerateBoxKey(boxID)
	if err != nil {
		return gen, err
	}
	if err := writeKeyFiles(map[string][]byte{gen.HMACKeyFile: hmacKey, gen.BoxKeyFile: box.Private[:]}); err != nil {
		return gen, err
	}
	gen.BoxPublicKey = pin.EncodeKey(box.Public[:])
	return gen, nil
}

// newHMACKey makes the random key of the PIN verifiers.
func newHMACKey() ([]byte, error) {
	key := make([]byte, pin.MinHMACKeyBytes)
	_, err := rand.Read(key)
	return key, err
}

// absent refuses when any of the files exists: keys are never overwritten.
func absent(paths ...string) error {
	for _, path := range paths {
		if _, err := os.Lstat(path); err == nil {
			return &domain.Error{Key: "keys.err.exists", Args: []any{path}}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// writeKeyFiles writes every key file or none: when one fails, those
// already written are removed.
func writeKeyFiles(files map[string][]byte) error {
	var written []string
	for path, key := range files {
		if err := writeKeyFile(path, key); err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			return err
		}
		written = append(written, path)
	}
	return nil
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
