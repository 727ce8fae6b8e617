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
	// Reason is one of domain's (domain.BreakSequence: a gap, the
	// records after it are not taken; domain.BreakPreviousHash;
	// domain.BreakHash) or breakResentDiffers.
	Reason  string
	FoundAt time.Time
}

// breakResentDiffers is the centre's own break reason, beyond the
// domain's: a record sent again differs from the one held.
const breakResentDiffers = "resent_differs"

// takeAudit continues the device's chain with the records sent. Records
// already held are compared, the next one is verified and stored even when
// it fails (audit is never refused for its content: the break is recorded
// and logged), and a gap stops the intake until the missing record comes.
// It also returns how many of the breaks it met were not recorded before.
func (a *App) takeAudit(ctx context.Context, tx Tx, dev DeviceRecord, records []wire.AuditRecord) (wire.AuditAck, int, error) {
	head, err := tx.AuditHead(ctx, dev.ID)
	if err != nil {
		return wire.AuditAck{}, 0, err
	}
	now := a.now()
	var known map[ChainBreak]bool // the device's breaks, read at the first one met
	added := 0
	flag := func(seq int64, reason string) error {
		a.log.Warn("audit chain break", "device", dev.ID, "branch", dev.Branch, "seq", seq, "reason", reason)
		if known == nil {
			// A gap is met again at every push until the record comes:
			// the monitor counts it once.
			held, err := tx.ChainBreaks(ctx, dev.ID)
			if err != nil {
				return err
			}
			known = map[ChainBreak]bool{}
			for _, b := range held {
				known[ChainBreak{Seq: b.Seq, Reason: b.Reason}] = true
			}
		}
		if key := (ChainBreak{Seq: seq, Reason: reason}); !known[key] {
			known[key] = true
			added++
		}
		return tx.AddChainBreak(ctx, ChainBreak{DeviceID: dev.ID, Seq: seq, Reason: reason, FoundAt: now})
	}
	for _, r := range records {
		if r.Seq <= head.Seq {
			held, ok, err := tx.AuditHash(ctx, dev.ID, r.Seq)
			if err != nil {
				return wire.AuditAck{}, 0, err
			}
			if ok && held != r.Hash {
				if err := flag(r.Seq, breakResentDiffers); err != nil {
					return wire.AuditAck{}, 0, err
				}
			}
			continue
		}
		reason := domain.CheckLink(head, auditEntry(dev.ID, r))
		if reason == domain.BreakSequence { // a gap: flagged at the record missing
			if err := flag(head.Seq+1, reason); err != nil {
				return wire.AuditAck{}, 0, err
			}
			break
		}
		if reason != "" {
			if err := flag(r.Seq, reason); err != nil {
				return wire.AuditAck{}, 0, err
			}
		}
		if err := tx.AppendAudit(ctx, dev.ID, r, now); err != nil {
			return wire.AuditAck{}, 0, err
		}
		if err := indexMentions(ctx, tx, dev.ID, r); err != nil {
			return wire.AuditAck{}, 0, err
		}
		head = domain.AuditHead{Seq: r.Seq, Hash: r.Hash}
	}
	ack := wire.AuditAck{Through: head.Seq}
	breaks, err := tx.ChainBreaks(ctx, dev.ID)
	if err != nil {
		return wire.AuditAck{}, 0, err
	}
	if len(breaks) > 0 {
		first := breaks[0]
		ack.Break = &wire.Break{Seq: first.Seq, Reason: first.Reason}
	}
	return ack, added, nil
}

// auditEntry is a record of a device's chain as the domain hashes it: with
// the device's id, which the record itself does not carry.
func auditEntry(deviceID string, r wire.AuditRecord) domain.AuditEntry {
	return domain.AuditEntry{Seq: r.Seq, At: r.At, DeviceID: deviceID, Actor: r.Actor, Action: r.Action,
		Subject: r.Subject, Detail: r.Detail, PrevHash: r.PrevHash, Hash: r.Hash}
}

// ChainBreaks lists every break found, by device then seq.
func (a *App) ChainBreaks(ctx context.Context) ([]ChainBreak, error) {
	return read(ctx, a.st, func(r Reader) ([]ChainBreak, error) { return r.ChainBreaks(ctx, "") })
}
