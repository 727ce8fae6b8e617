package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/pin"
)

// Which keys `keys rotate --kind` renews.
const (
	rotateHMAC = "hmac"
	rotateBox  = "box"
	rotateBoth = "both"
)

func newKeysRotateCmd(a *app) *cobra.Command {
	cat := a.cat
	var dir, kind, hmacID, boxID string
	cmd := &cobra.Command{
		Use:   "rotate --dir DIR",
		Short: cat.T("keys.rotate.short"),
		Long:  cat.T("keys.rotate.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return cli.UsageError{Msg: cat.T("keys.err.dir_required")}
			}
			if !slices.Contains([]string{rotateHMAC, rotateBox, rotateBoth}, kind) {
				return cli.UsageError{Msg: cat.T("keys.err.kind", kind)}
			}
			for _, id := range []struct{ flag, v string }{{"--hmac-key-id", hmacID}, {"--box-key-id", boxID}} {
				if id.v == "" {
					continue
				}
				if err := checkKeyID(id.v); err != nil {
					return cli.UsageError{Msg: id.flag + " " + err.Error()}
				}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			// A rotation starts from keys that load: what it prints must work.
			keys, err := loadPINKeys(cfg)
			if err != nil {
				return err
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			rot, err := rotateKeys(cat, cfg, keys, abs, kind, hmacID, boxID)
			if err != nil {
				return err
			}
			if cli.JSONOutput(cmd) {
				return cli.WriteJSON(cmd, rot)
			}
			printRotation(cmd, cat, rot, kind)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", cat.T("keys.flag.rotate_dir"))
	cmd.Flags().StringVar(&kind, "kind", rotateBoth, cat.T("keys.flag.kind"))
	cmd.Flags().StringVar(&hmacID, "hmac-key-id", "", cat.T("keys.flag.new_hmac_key_id"))
	cmd.Flags().StringVar(&boxID, "box-key-id", "", cat.T("keys.flag.new_box_key_id"))
	cli.JSONFlag(cmd)
	return cmd
}

// rotation is what `keys rotate` did and the configuration to use next
// (never a private key).
type rotation struct {
	HMACKeyFile      string `json:"hmac_key_file"`
	HMACKeyID        string `json:"hmac_key_id"`
	PreviousHMACKeys string `json:"previous_hmac_keys"`
	BoxKeyFile       string `json:"box_key_file"`
	BoxKeyID         string `json:"box_key_id"`
	PreviousBoxKeys  string `json:"previous_box_keys"`
	BoxPublicKey     string `json:"box_public_key"`
	// SavedHMACKeyFile is where the current HMAC key, given by pin.hmac_key
	// (the environment), was written so that it stays accepted.
	SavedHMACKeyFile string `json:"saved_hmac_key_file,omitempty"`
}

// rotateKeys writes the new keys of kind into dir under fresh ids (or the
// ids given), beside the old ones and never over a file, all or none, and
// returns the configuration that makes them current and keeps the old
// ones as previous keys.
func rotateKeys(cat *i18n.Catalog, cfg centralConfig, keys central.PINKeys, dir, kind, hmacID, boxID string) (rotation, error) {
	rot := rotation{HMACKeyFile: cfg.HMACKeyFile, HMACKeyID: cfg.HMACKeyID, PreviousHMACKeys: joinKeyFiles(cfg.PreviousHMACKeys),
		BoxKeyFile: cfg.BoxKeyFile, BoxKeyID: cfg.BoxKeyID, PreviousBoxKeys: joinKeyFiles(cfg.PreviousBoxKeys),
		BoxPublicKey: pin.EncodeKey(keys.Box.Public[:])}
	files := map[string][]byte{}
	if kind != rotateBox {
		id, file, err := freshKey(cat, dir, "hmac", cmpOr(hmacID, cfg.HMACKeyID), keys.HMAC.IDs(), hmacID != "")
		if err != nil {
			return rot, err
		}
		if files[file], err = newHMACKey(); err != nil {
			return rot, err
		}
		current := cfg.HMACKeyFile
		if current == "" { // given by the environment: a previous key must be a file
			raw, err := pin.ParseKey(cfg.HMACKey)
			if err != nil {
				return rot, err
			}
			current = filepath.Join(dir, "hmac-"+cfg.HMACKeyID+".key")
			files[current], rot.SavedHMACKeyFile = raw, current
		}
		rot.HMACKeyFile, rot.HMACKeyID = file, id
		rot.PreviousHMACKeys = joinKeyFiles(append([]keyFile{{cfg.HMACKeyID, current}}, cfg.PreviousHMACKeys...))
	}
	if kind != rotateHMAC {
		taken := []string{cfg.BoxKeyID}
		for _, k := range cfg.PreviousBoxKeys {
			taken = append(taken, k.ID)
		}
		id, file, err := freshKey(cat, dir, "box", cmpOr(boxID, cfg.BoxKeyID), taken, boxID != "")
		if err != nil {
			return rot, err
		}
		box, err := pin.GenerateBoxKey(id)
		if err != nil {
			return rot, err
		}
		files[file] = box.Private[:]
		rot.BoxKeyFile, rot.BoxKeyID, rot.BoxPublicKey = file, id, pin.EncodeKey(box.Public[:])
		rot.PreviousBoxKeys = joinKeyFiles(append([]keyFile{{cfg.BoxKeyID, cfg.BoxKeyFile}}, cfg.PreviousBoxKeys...))
	}
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range files {
			if !yield(p) {
				return
			}
		}
	})
	if err := absent(paths...); err != nil {
		return rot, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return rot, err
	}
	return rot, writeKeyFiles(files)
}

// freshKey picks the new key's id and file (DIR/<prefix>-<id>.key): the
// id given, or the one after from (h1 -> h2) that is neither configured
// nor has a file in dir yet (an earlier rotation never put in use).
func freshKey(cat *i18n.Catalog, dir, prefix, from string, taken []string, given bool) (id, file string, err error) {
	id = from
	if given {
		if slices.Contains(taken, id) {
			return "", "", cli.UsageError{Msg: cat.T("keys.err.id_taken", id)}
		}
		return id, filepath.Join(dir, prefix+"-"+id+".key"), nil
	}
	for range 1000 {
		id = nextKeyID(id)
		file = filepath.Join(dir, prefix+"-"+id+".key")
		if _, statErr := os.Lstat(file); !slices.Contains(taken, id) && errors.Is(statErr, fs.ErrNotExist) {
			return id, file, checkKeyID(id)
		}
	}
	return "", "", cli.UsageError{Msg: cat.T("keys.err.no_fresh_id", from)}
}

// nextKeyID counts up the number that ends an id (h1 -> h2, b-2026-9 ->
// b-2026-10), or appends 2 (main -> main2).
func nextKeyID(id string) string {
	stem := strings.TrimRight(id, "0123456789")
	n, err := strconv.Atoi(id[len(stem):])
	if err != nil {
		return id + "2"
	}
	return stem + strconv.Itoa(n+1)
}

func cmpOr(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// printRotation reports the new files, the public key and the
// configuration to use, then how to apply it without stopping the centre.
func printRotation(cmd *cobra.Command, cat *i18n.Catalog, rot rotation, kind string) {
	w := cmd.OutOrStdout()
	if kind != rotateBox {
		fmt.Fprintln(w, cat.T("keys.rotate.wrote_hmac", rot.HMACKeyFile, rot.HMACKeyID))
	}
	if rot.SavedHMACKeyFile != "" {
		fmt.Fprintln(w, cat.T("keys.rotate.saved_env", rot.SavedHMACKeyFile))
	}
	if kind != rotateHMAC {
		fmt.Fprintln(w, cat.T("keys.rotate.wrote_box", rot.BoxKeyFile, rot.BoxKeyID))
		fmt.Fprintln(w, cat.T("keys.rotate.public", rot.BoxKeyID))
		fmt.Fprintln(w, rot.BoxPublicKey)
	}
	fmt.Fprintln(w, cat.T("keys.config_lines"))
	fmt.Fprintf(w, "pin:\n  hmac_key_file: %q\n  hmac_key_id: %s\n  previous_hmac_keys: %q\n"+
		"  box_key_file: %q\n  box_key_id: %s\n  previous_box_keys: %q\n",
		rot.HMACKeyFile, rot.HMACKeyID, rot.PreviousHMACKeys, rot.BoxKeyFile, rot.BoxKeyID, rot.PreviousBoxKeys)
	fmt.Fprintln(w, cat.T("keys.rotate.next"))
}

func newKeysStatusCmd(a *app) *cobra.Command {
	cat := a.cat
	cmd := &cobra.Command{
		Use:   "status",
		Short: cat.T("keys.status.short"),
		Long:  cat.T("keys.status.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withKeyedCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				status, err := c.PINKeyStatus(ctx)
				if err != nil {
					return err
				}
				if err := printKeyStatus(cmd, cat, status); err != nil {
					return err
				}
				if missing := status.InUseMissing(); len(missing) > 0 {
					ids := make([]string, len(missing))
					for i, u := range missing {
						ids[i] = u.ID
					}
					return errors.New(cat.T("keys.err.in_use_missing", strings.Join(ids, ", ")))
				}
				return nil
			})
		},
	}
	cli.JSONFlag(cmd)
	return cmd
}

// keyStatusJSON is a key as `keys status --json` lists it.
type keyStatusJSON struct {
	central.KeyUse
	Droppable bool `json:"droppable"`
}

// printKeyStatus lists each key, its role, what uses it and whether it
// may be dropped, then the devices whose key is not known yet.
func printKeyStatus(cmd *cobra.Command, cat *i18n.Catalog, st central.KeyStatus) error {
	table := cli.Table[central.KeyUse]{
		Header: cat.T("keys.status.header"),
		AsJSON: func(u central.KeyUse) any { return keyStatusJSON{u, st.Droppable(u)} },
		Cells: func(u central.KeyUse) []string {
			use := cat.T("keys.use.verifiers", i18n.Count(u.Verifiers))
			if u.Kind == central.KeyBox {
				use = cat.T("keys.use.devices", i18n.Count(u.Devices))
			}
			drop := cat.T("keys.drop.keep")
			switch {
			case u.Role == central.KeyCurrent:
				drop = "—"
			case st.Droppable(u):
				drop = cat.T("keys.drop.yes")
			}
			return []string{cat.T("keys.kind." + u.Kind), u.ID, cat.T("keys.role." + u.Role), use, drop}
		},
	}
	if cli.JSONOutput(cmd) {
		return cli.WriteJSON(cmd, struct {
			Keys        []any `json:"keys"`
			Unconfirmed int   `json:"devices_unconfirmed"`
		}{keysJSON(st, table), st.Unconfirmed})
	}
	if err := table.Print(cmd, st.Keys); err != nil {
		return err
	}
	if st.Unconfirmed > 0 {
		fmt.Fprintln(cmd.OutOrStdout(), cat.T("keys.status.unconfirmed", i18n.Count(st.Unconfirmed)))
	}
	return nil
}

func keysJSON(st central.KeyStatus, t cli.Table[central.KeyUse]) []any {
	out := make([]any, len(st.Keys))
	for i, u := range st.Keys {
		out[i] = t.AsJSON(u)
	}
	return out
}
