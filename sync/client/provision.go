package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// provisionActor is the audit actor of provisioning: no account exists
// yet, the device token is the credential.
const provisionActor = "provision"

// CheckToken checks a device token's form (the centre judges its value):
// 16 to 512 printable ASCII characters, no spaces. The error never quotes
// the token.
func CheckToken(token string) error {
	if len(token) < 16 || len(token) > 512 {
		return errors.New("the device token must be 16 to 512 characters long")
	}
	for i := 0; i < len(token); i++ {
		if token[i] <= ' ' || token[i] > '~' {
			return errors.New("the device token holds a character that is not printable ASCII")
		}
	}
	return nil
}

// PullProgress is how far a provisioning pull has come: items pulled by
// this run, and the feed cursor reached against the centre's newest.
type PullProgress struct {
	Pulled       int
	Cursor, Last int64
}

// Fraction is the share of the feed pulled so far, from 0 to 1.
func (p PullProgress) Fraction() float64 {
	if p.Last <= 0 || p.Cursor >= p.Last {
		return 1
	}
	return float64(p.Cursor) / float64(p.Last)
}

// Provision links a new database to the centre with a device token: it
// asks the centre who the device is, records the centre's address, the
// token, the device's id, branch and number and the centre's PIN key, then
// pulls the whole scope (progress is told the items pulled after each
// page). A database that an interrupted provisioning left behind (same
// centre, not finished) is resumed where its pull stopped; any other
// database in use is refused.
func Provision(ctx context.Context, db *store.DB, centralURL, token string, opts Options, progress func(PullProgress)) (wire.Device, Report, error) {
	base, err := ParseCentralURL(centralURL)
	if err != nil {
		return wire.Device{}, Report{}, err
	}
	if err := CheckToken(token); err != nil {
		return wire.Device{}, Report{}, err
	}
	resume, err := provisionable(ctx, db, base.String())
	if err != nil {
		return wire.Device{}, Report{}, err
	}
	e, err := newEngine(db, base.String(), token, opts)
	if err != nil {
		return wire.Device{}, Report{}, err
	}
	var dev wire.Device
	if err := e.link.getJSON(ctx, "device", wire.PathDevice, nil, nil, &dev); err != nil {
		return dev, Report{}, err
	}
	if err := checkDevice(&dev); err != nil {
		return dev, Report{}, fmt.Errorf("the centre's device record is not valid: %w", err)
	}
	e.keyCheckedAt = e.opts.Now() // the key comes with the device record
	err = db.Write(ctx, func(tx *store.Tx) error {
		if resume {
			if id, err := tx.Meta(ctx, store.MetaDeviceID); err != nil || id != dev.ID {
				return errors.Join(err, fmt.Errorf("this database was being provisioned as device %s, the token is device %s's", id, dev.ID))
			}
		}
		if err := tx.RecordProvisioning(ctx, store.Provisioning{DeviceID: dev.ID, CentralURL: base.String(), Token: token,
			Branch: dev.Branch, DeviceNumber: dev.Number, PINKeyID: dev.PINKeyID, PINPublicKey: dev.PINPublicKey}); err != nil {
			return err
		}
		if resume {
			return nil
		}
		detail, err := json.Marshal(map[string]any{"central_url": base.String(), "branch": dev.Branch, "device_number": dev.Number})
		if err != nil {
			return err
		}
		_, err = tx.AppendAudit(ctx, domain.AuditEntry{At: e.opts.Now(), DeviceID: dev.ID, Actor: provisionActor,
			Action: domain.AuditDeviceCreated, Subject: dev.ID, Detail: string(detail)})
		return err
	})
	if err != nil {
		return dev, Report{}, err
	}
	e.progress, e.provisioning = progress, true
	rep, err := e.Pass(ctx)
	if err != nil {
		return dev, rep, err
	}
	if err := db.FinishProvisioning(ctx); err != nil {
		return dev, rep, err
	}
	return dev, rep, db.Write(ctx, func(tx *store.Tx) error {
		return tx.SetMeta(ctx, store.MetaProvisioned, e.opts.Now().UTC().Format(time.RFC3339))
	})
}

// provisionable says whether the database may be provisioned from
// centralURL: a new one, or one an interrupted provisioning from the same
// centre left behind (resume).
func provisionable(ctx context.Context, db *store.DB, centralURL string) (resume bool, err error) {
	meta := map[string]string{}
	for _, k := range []string{store.MetaCentralURL, store.MetaProvisioned, store.MetaDeviceID} {
		if meta[k], err = db.Meta(ctx, k); err != nil {
			return false, err
		}
	}
	members, users, err := db.Counts(ctx)
	if err != nil {
		return false, err
	}
	switch {
	case meta[store.MetaProvisioned] != "":
		return false, &domain.Error{Key: domain.KeyAlreadyProvisioned}
	case meta[store.MetaCentralURL] != "" && meta[store.MetaCentralURL] != centralURL:
		return false, fmt.Errorf("%s: a provisioning from %s was interrupted here: provision a new database",
			db.Path, domain.Sanitize(meta[store.MetaCentralURL]))
	case meta[store.MetaCentralURL] != "":
		return true, nil
	case meta[store.MetaDeviceID] != "" || members > 0 || users > 0:
		return false, fmt.Errorf("%s is in use (%d members, %d accounts): provision a new database", db.Path, members, users)
	}
	return false, nil
}

// checkDevice validates what the centre says of the device.
func checkDevice(d *wire.Device) error {
	var c checker
	if _, err := uuid.Parse(d.ID); err != nil {
		c.fail(domain.NewFieldError("id", domain.KeyInvalidValue))
	}
	c.text(&d.Name, "name", 100, false)
	c.branch(&d.Branch, "branch")
	if d.Number < 0 || d.Number > 999 {
		c.fail(domain.NewFieldError("number", domain.KeyInvalidValue))
	}
	c.text(&d.PINKeyID, "pin_key_id", 64, false)
	if d.PINPublicKey != "" {
		if key, err := base64.StdEncoding.DecodeString(d.PINPublicKey); err != nil || len(key) != 32 {
			c.fail(domain.NewFieldError("pin_public_key", domain.KeyInvalidValue))
		}
	}
	return c.err
}
