package central

import (
	"context"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// ChainBreak is a place where a device's audit chain failed to verify.
type ChainBreak struct {
	DeviceID string
	Seq      int64
	// Reason is "sequence" (a gap: the records after it are not taken),
	// "previous_hash" (not linked to the record before), "hash" (the
	// content does not match its hash) or "resent_differs" (a record sent
	// again differs from the one held).
	Reason  string
	FoundAt time.Time
}

// Break reasons beyond domain.ChainBreak's.
const breakResentDiffers = "resent_differs"

// takeAudit continues the device's chain with the records sent. Records
// already held are compared, the next one is verified and stored even when
// it fails (audit is never refused for its content: the break is recorded
// and logged), and a gap stops the intake until the missing record comes.
func (a *App) takeAudit(ctx context.Context, tx Tx, dev DeviceRecord, records []wire.AuditRecord) (wire.AuditAck, error) {
	head, err := tx.AuditHead(ctx, dev.ID)
	if err != nil {
		return wire.AuditAck{}, err
	}
	now := a.now()
	flag := func(seq int64, reason string) error {
		a.log.Warn("audit chain break", "device", dev.ID, "branch", dev.Branch, "seq", seq, "reason", reason)
		return tx.AddChainBreak(ctx, ChainBreak{DeviceID: dev.ID, Seq: seq, Reason: reason, FoundAt: now})
	}
	for _, r := range records {
		if r.Seq <= head.Seq {
			held, ok, err := tx.AuditHash(ctx, dev.ID, r.Seq)
			if err != nil {
				return wire.AuditAck{}, err
			}
			if ok && held != r.Hash {
				if err := flag(r.Seq, breakResentDiffers); err != nil {
					return wire.AuditAck{}, err
				}
			}
			continue
		}
		if r.Seq > head.Seq+1 {
			if err := flag(head.Seq+1, "sequence"); err != nil {
				return wire.AuditAck{}, err
			}
			break
		}
		if reason := verifyLink(dev.ID, head, r); reason != "" {
			if err := flag(r.Seq, reason); err != nil {
				return wire.AuditAck{}, err
			}
		}
		if err := tx.AppendAudit(ctx, dev.ID, r, now); err != nil {
			return wire.AuditAck{}, err
		}
		head = AuditHead{Seq: r.Seq, Hash: r.Hash}
	}
	ack := wire.AuditAck{Through: head.Seq}
	breaks, err := tx.ChainBreaks(ctx, dev.ID)
	if err != nil {
		return wire.AuditAck{}, err
	}
	if len(breaks) > 0 {
		first := breaks[0]
		ack.Break = &wire.Break{Seq: first.Seq, Reason: first.Reason}
	}
	return ack, nil
}

// verifyLink checks the record that follows head: it must name head's hash
// (the genesis hash first) and hash to its own, by the domain's canonical
// encoding with this device's id. It returns the break reason, or "".
func verifyLink(deviceID string, head AuditHead, r wire.AuditRecord) string {
	prev := head.Hash
	if head.Seq == 0 {
		prev = domain.GenesisHash
	}
	if r.PrevHash != prev {
		return "previous_hash"
	}
	e := domain.AuditEntry{Seq: r.Seq, At: r.At, DeviceID: deviceID, Actor: r.Actor, Action: r.Action,
		Subject: r.Subject, Detail: r.Detail, PrevHash: r.PrevHash, Hash: r.Hash}
	if domain.AuditHash(e) != r.Hash {
		return "hash"
	}
	return ""
}

// ChainBreaks lists every break found, by device then seq.
func (a *App) ChainBreaks(ctx context.Context) ([]ChainBreak, error) {
	return read(ctx, a.st, func(r Reader) ([]ChainBreak, error) { return r.ChainBreaks(ctx, "") })
}
