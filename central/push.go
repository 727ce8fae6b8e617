package central

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// entrySavepoint is the savepoint around each entry of a batch.
const entrySavepoint = "entry"

// Push applies a batch in one storage transaction, each entry in its own
// savepoint, and takes the next stretch of the device's audit chain. A
// rule's refusal answers its entry; any other failure fails the whole
// batch (nothing is kept) and is returned.
func (a *App) Push(ctx context.Context, dev wire.Device, req wire.PushRequest) (wire.PushResponse, error) {
	if len(req.Entries) > wire.MaxPushEntries {
		return wire.PushResponse{}, domain.NewFieldError("entries", domain.KeyTooLong, wire.MaxPushEntries)
	}
	if len(req.Audit) > wire.MaxPushAudit {
		return wire.PushResponse{}, domain.NewFieldError("audit", domain.KeyTooLong, wire.MaxPushAudit)
	}
	var resp wire.PushResponse
	var breaks int // new audit chain breaks, counted once committed
	err := a.st.Write(ctx, func(tx Tx) error {
		// The device as stored, not as the caller says: a token revoked
		// since it was checked stops here.
		d, err := activeDevice(tx.Device(ctx, dev.ID))
		if err != nil {
			return err
		}
		resp.Results = make([]wire.Result, len(req.Entries))
		held := map[string]bool{} // hold keys of entries refused in this batch
		for i, e := range req.Entries {
			key := holdKey(e)
			if held[key] {
				resp.Results[i] = wire.Result{ID: e.ID, Status: wire.StatusDeferred}
				continue
			}
			res, err := a.pushEntry(ctx, tx, d, e)
			if err != nil {
				return fmt.Errorf("entry %s: %w", domain.Sanitize(e.ID), err)
			}
			if res.Status == wire.StatusRejected || res.Status == wire.StatusConflict {
				held[key] = true
				a.log.Warn("entry refused", "device", d.ID, "branch", d.Branch, "entry", e.ID, "kind", e.Kind,
					"status", res.Status, "reason", res.Reason, "field", res.Field)
			}
			resp.Results[i] = res
		}
		resp.Audit, breaks, err = a.takeAudit(ctx, tx, d, req.Audit)
		return err
	})
	if err != nil {
		return wire.PushResponse{}, err
	}
	a.counts.pushed(resp.Results, breaks)
	return resp, nil
}

// holdKey is what later entries wait behind when an entry is refused: the
// member, or the account of a password change.
func holdKey(e wire.Entry) string {
	if e.Kind == wire.KindPasswordChanged {
		var pc wire.PasswordChange
		if json.Unmarshal(e.Payload, &pc) == nil {
			if name, err := domain.ParseUsername(pc.Username); err == nil {
				return "user:" + name
			}
		}
		return "entry:" + e.ID
	}
	if e.RegNo == "" {
		return "entry:" + e.ID
	}
	return "member:" + e.RegNo
}

// pushEntry answers one entry: a replay from the idempotency record, or
// the outcome of applying it in a savepoint (undone unless applied).
func (a *App) pushEntry(ctx context.Context, tx Tx, dev DeviceRecord, e wire.Entry) (wire.Result, error) {
	if _, err := uuid.Parse(e.ID); err != nil {
		return rejected(e.ID, "id", domain.KeyMalformedEntry), nil
	}
	hash := contentHash(e)
	rec, known, err := tx.Entry(ctx, e.ID)
	if err != nil {
		return wire.Result{}, err
	}
	if known {
		if rec.ContentHash != hash || rec.DeviceID != dev.ID {
			// The same key with other content, or replayed under another
			// token: refused for good, and the first record stays.
			return rejected(e.ID, "id", domain.KeyKeyReused), nil
		}
		if rec.Status == wire.StatusApplied {
			res := rec.Result
			res.Status = wire.StatusDuplicate
			return res, nil
		}
	}
	if err := tx.Savepoint(ctx, entrySavepoint); err != nil {
		return wire.Result{}, err
	}
	res, err := a.apply(ctx, tx, dev, e)
	if key, field, ok := refusal(err); ok {
		res, err = rejected(e.ID, field, key), nil
	}
	if err != nil {
		return wire.Result{}, err
	}
	res.ID = e.ID
	if res.Status != wire.StatusApplied {
		if err := tx.RollbackTo(ctx, entrySavepoint); err != nil {
			return wire.Result{}, err
		}
	}
	if err := tx.Release(ctx, entrySavepoint); err != nil {
		return wire.Result{}, err
	}
	now := a.now()
	if !known {
		rec = EntryRecord{ID: e.ID, DeviceID: dev.ID, ContentHash: hash, Kind: e.Kind, FirstSeen: now}
	}
	rec.Status, rec.Result, rec.LastSeen = res.Status, res, now
	return res, tx.PutEntry(ctx, rec)
}

func rejected(id, field, key string) wire.Result {
	return wire.Result{ID: id, Status: wire.StatusRejected, Reason: key, Field: field}
}

// apply dispatches an entry on its kind. A refusal is a domain error; a
// conflict is a Result.
func (a *App) apply(ctx context.Context, tx Tx, dev DeviceRecord, e wire.Entry) (wire.Result, error) {
	switch e.Kind {
	case domain.EventAddressRequested, domain.EventAddressApproved, domain.EventAddressRejected, domain.EventAddressCancelled:
		ev, err := a.changeEvent(e)
		if err != nil {
			return wire.Result{}, err
		}
		return a.applyChange(ctx, tx, dev, ev)
	case wire.KindPasswordChanged:
		return wire.Result{Status: wire.StatusApplied}, a.applyPasswordChange(ctx, tx, dev, e)
	case wire.KindPINReissued:
		return applied, a.applyPINReissue(ctx, tx, dev, e)
	}
	return wire.Result{}, domain.NewFieldError("kind", domain.KeyUnknownKind)
}

// changeEvent decodes a change event strictly and checks that it is the
// entry's: same kind, same member.
func (a *App) changeEvent(e wire.Entry) (domain.ChangeEvent, error) {
	var ev domain.ChangeEvent
	if err := wire.DecodeBytes(e.Payload, &ev); err != nil {
		return ev, malformed(err)
	}
	regno, err := a.regNo.Parse(e.RegNo)
	if err != nil {
		return ev, err
	}
	switch {
	case ev.Kind != e.Kind:
		return ev, domain.NewFieldError("kind", domain.KeyMalformedEntry)
	case ev.RegNo != regno:
		return ev, domain.NewFieldError("registration_number", domain.KeyMalformedEntry)
	case ev.At.IsZero():
		return ev, domain.NewFieldError("at", domain.KeyRequired)
	case ev.At.After(a.now().Add(maxChangeAhead)):
		return ev, domain.NewFieldError("at", domain.KeyInvalidValue)
	}
	return ev, nil
}

// maxChangeAhead is how far in the future of the centre's clock a change
// may be dated: a console's clock drifts, but a request dated years ahead
// would stay first in every queue and date the cooling-off wrongly.
const maxChangeAhead = 24 * time.Hour

// malformed turns a payload that does not decode into a refusal naming
// the field when the decoder could tell.
func malformed(err error) error {
	field := "payload"
	var de *wire.DecodeError
	if errors.As(err, &de) && de.Field != "" {
		field += "." + de.Field
	}
	return domain.NewFieldError(field, domain.KeyMalformedEntry)
}

// contentHash is the SHA-256 of an entry's canonical JSON: its fields with
// the payload's object keys sorted and the time in UTC, so the same entry
// hashes alike however it was spaced or ordered in transit.
func contentHash(e wire.Entry) string {
	var payload any
	dec := json.NewDecoder(bytes.NewReader(e.Payload))
	dec.UseNumber()
	if err := dec.Decode(&payload); err != nil {
		payload = string(e.Payload) // not JSON: hash the bytes as they came
	}
	canon, err := json.Marshal(struct {
		ID          string `json:"id"`
		Seq         int64  `json:"seq"`
		Kind        string `json:"kind"`
		RegNo       string `json:"registration_number"`
		BaseVersion int64  `json:"base_version"`
		CreatedAt   string `json:"created_at"`
		Payload     any    `json:"payload"`
	}{e.ID, e.Seq, e.Kind, e.RegNo, e.BaseVersion, e.CreatedAt.UTC().Format(time.RFC3339Nano), payload})
	if err != nil {
		panic(err) // strings, numbers and decoded JSON always marshal
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:])
}
