package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// push delivers the outbox and ships the audit chain, batch after batch,
// while batches make progress.
//
// A batch the centre refuses whole (400 or 413: something in it it cannot
// even read) must not block the queue: the engine isolates the culprit by
// sending smaller and smaller batches (halving), without the audit chain,
// which could be the culprit too. An entry refused alone is set aside with
// the centre's reason, like a rejection, and the full batches resume; once
// every entry is through, the audit chain goes alone, and a refusal then is
// the pass's error.
func (e *Engine) push(ctx context.Context, rep *Report) error {
	shipped, err := e.metaInt(ctx, store.MetaAuditShipped)
	if err != nil {
		return err
	}
	rep.AuditThrough = shipped
	limit, isolating := wire.MaxPushEntries, false
	total, _, err := e.db.SyncCounts(ctx) // for the progress bar only
	if err != nil {
		return err
	}
	var sent int64
	e.showProgress(service.SyncPushing, 0, int64(total))
	defer e.showProgress(service.SyncPushing, 0, 0)
	for {
		entries, err := e.db.DeliverableEntries(ctx, limit)
		if err != nil {
			return err
		}
		var audit []domain.AuditEntry
		if !isolating {
			if audit, err = e.db.AuditAfter(ctx, shipped, wire.MaxPushAudit); err != nil {
				return err
			}
		}
		if len(entries) == 0 && len(audit) == 0 {
			if isolating { // the entries are through: the audit chain's turn
				limit, isolating = wire.MaxPushEntries, false
				continue
			}
			return nil
		}
		// A batch stays well under the centre's body limit whatever the
		// entries hold.
		entries = fit(entries, wire.MaxBodyBytes/2, func(o store.OutboxEntry) int { return len(o.Payload) + 512 })
		audit = fit(audit, wire.MaxBodyBytes/4, func(a domain.AuditEntry) int { return len(a.Detail) + len(a.Subject) + 512 })
		if err := e.uploadScans(ctx, entries, rep); err != nil {
			return err
		}
		resp, err := e.send(ctx, entries, audit)
		refused := wholeBatchRefused(err) && len(entries) > 0
		switch {
		case refused && (len(entries) > 1 || !isolating): // narrow down, without the audit chain
			limit, isolating = max(len(entries)/2, 1), true
			continue
		case refused: // one entry, alone
			if resp, err = e.refusedAlone(ctx, entries[0], err); err != nil {
				return err
			}
			resp.Audit.Through = shipped // no audit went, none was lost
			limit, isolating = wire.MaxPushEntries, false
		case err != nil:
			return err
		}
		progress, err := e.record(ctx, entries, audit, shipped, resp, rep)
		if err != nil {
			return err
		}
		shipped = rep.AuditThrough
		sent += int64(len(entries))
		e.showProgress(service.SyncPushing, sent, int64(total))
		if !progress { // only deferred entries: the next pass tries again
			return nil
		}
	}
}

// send posts one batch.
func (e *Engine) send(ctx context.Context, entries []store.OutboxEntry, audit []domain.AuditEntry) (wire.PushResponse, error) {
	req := wire.PushRequest{Entries: make([]wire.Entry, len(entries)), Audit: make([]wire.AuditRecord, len(audit))}
	for i, o := range entries {
		req.Entries[i] = wireEntry(o)
	}
	for i, a := range audit {
		req.Audit[i] = wire.AuditRecord{Seq: a.Seq, At: a.At, Actor: a.Actor, Action: a.Action,
			Subject: a.Subject, Detail: a.Detail, PrevHash: a.PrevHash, Hash: a.Hash}
	}
	var resp wire.PushResponse
	err := e.link.postJSON(ctx, "push", wire.PathPush, req, &resp)
	return resp, err
}

// wholeBatchRefused reports a push the centre refused as a whole for what
// it carries (400 or 413), not for the link, the token or the version.
func wholeBatchRefused(err error) bool {
	s := status(err)
	return (s == http.StatusBadRequest || s == http.StatusRequestEntityTooLarge) && !errors.Is(err, ErrUpdateNeeded)
}

// refusedAlone answers an entry the centre refused whole on its own: a
// rejection with the centre's reason and field, so it is set aside like
// any other. A centre that refuses even an empty batch refuses every push
// (a proxy, a bug): the entry is not to blame, and refused is returned.
func (e *Engine) refusedAlone(ctx context.Context, o store.OutboxEntry, refused error) (wire.PushResponse, error) {
	if _, err := e.send(ctx, nil, nil); err != nil {
		return wire.PushResponse{}, refused
	}
	var we *wire.Error
	errors.As(refused, &we)
	e.log.Warn("the centre refuses an entry whole: set aside", "entry", o.ID, "seq", o.Seq, "error", refused)
	return wire.PushResponse{Results: []wire.Result{{ID: o.ID, Status: wire.StatusRejected,
		Reason: shorten(cmp.Or(we.Body.Message, we.Body.Code), maxAnswerReason), Field: we.Body.Field}}}, nil
}

// record stores the centre's answers to a batch and how far it holds the
// audit chain (rep.AuditThrough), and adopts what the answers settled;
// progress says whether any entry was settled or any audit shipped.
func (e *Engine) record(ctx context.Context, entries []store.OutboxEntry, audit []domain.AuditEntry, shipped int64,
	resp wire.PushResponse, rep *Report) (progress bool, err error) {
	answers, settled, err := e.answers(entries, resp.Results, rep)
	if err != nil {
		return false, err
	}
	// The centre holds the chain through Through: never past what was
	// sent, and lower when it lost some (shipped again from there).
	through := shipped
	if len(audit) > 0 {
		through = audit[len(audit)-1].Seq
	}
	through = min(through, max(resp.Audit.Through, 0))
	err = e.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.RecordAnswers(ctx, answers, e.opts.Now()); err != nil {
			return err
		}
		if err := tx.SetMeta(ctx, store.MetaAuditShipped, fmt.Sprint(through)); err != nil {
			return err
		}
		adopted, err := tx.AdoptSettled(ctx, e.opts.Now())
		rep.Adopted += adopted
		return err
	})
	if err != nil {
		return false, fmt.Errorf("recording the centre's answers: %w", err)
	}
	if b := resp.Audit.Break; b != nil {
		rep.AuditBreak = &wire.Break{Seq: b.Seq, Reason: domain.Sanitize(b.Reason)}
		e.log.Error("the centre found a break in this device's audit chain", "seq", b.Seq, "reason", rep.AuditBreak.Reason)
	}
	rep.AuditThrough = through
	return settled > 0 || through > shipped, nil
}

// fit keeps the longest prefix of items whose sizes add up to at most
// budget, and at least the first item.
func fit[T any](items []T, budget int, size func(T) int) []T {
	used := 0
	for i, it := range items {
		if used += size(it); used > budget && i > 0 {
			return items[:i]
		}
	}
	return items
}

// wireEntry is an outbox entry as the protocol carries it. An account's
// entry names no member: its hold key stays on the console.
func wireEntry(o store.OutboxEntry) wire.Entry {
	regno := o.RegNo
	if o.Kind == wire.KindPasswordChanged {
		regno = ""
	}
	return wire.Entry{ID: o.ID, Seq: o.Seq, Kind: o.Kind, RegNo: regno, BaseVersion: o.BaseVersion,
		CreatedAt: o.CreatedAt, Payload: json.RawMessage(o.Payload)}
}

// maxAnswerReason bounds the reason of the centre's answer to an entry.
const maxAnswerReason = 100

// answers checks the centre's results against the batch (one per entry,
// same order) and turns them into outbox updates; settled counts the
// entries delivered or set aside.
func (e *Engine) answers(entries []store.OutboxEntry, results []wire.Result, rep *Report) ([]store.Answer, int, error) {
	if len(results) != len(entries) {
		return nil, 0, fmt.Errorf("push: the centre answered %d results for %d entries", len(results), len(entries))
	}
	out := make([]store.Answer, len(entries))
	settled := 0
	for i, r := range results {
		if r.ID != entries[i].ID {
			return nil, 0, fmt.Errorf("push: result %d answers entry %q, not %s", i, domain.Sanitize(r.ID), entries[i].ID)
		}
		reason, err := domain.CleanText("reason", r.Reason, maxAnswerReason)
		if err != nil {
			return nil, 0, fmt.Errorf("push: result for %s: %w", r.ID, err)
		}
		r.Reason, r.Field = reason, domain.Sanitize(r.Field)
		if r.Current != nil {
			if err := checkMember(r.Current); err != nil {
				e.log.Warn("the centre's record in a conflict is not valid: dropped", "entry", r.ID, "error", err)
				r.Current = nil
			}
		}
		a := store.Answer{ID: r.ID, Reason: r.Reason}
		switch r.Status {
		case wire.StatusApplied, wire.StatusDuplicate:
			a.State = store.EntryDelivered
			rep.Applied += b2i(r.Status == wire.StatusApplied)
			rep.Duplicate += b2i(r.Status == wire.StatusDuplicate)
		case wire.StatusRejected, wire.StatusConflict:
			// Never sent again by itself: only a supervisor's retry puts it
			// back in the queue.
			a.State = store.EntrySetAside
			rep.SetAside++
			e.log.Warn("entry set aside", "entry", r.ID, "seq", entries[i].Seq, "status", r.Status, "reason", r.Reason)
			if r.Field == sealedKeyField {
				e.keyStale = true // sealed to a key the centre no longer holds: learn its current one now
			}
		case wire.StatusDeferred:
			a.State = store.EntryPending
			rep.Deferred++
		default:
			return nil, 0, fmt.Errorf("push: unknown status %q for %s", domain.Sanitize(r.Status), r.ID)
		}
		if a.State != store.EntryPending {
			settled++
		}
		body, err := json.Marshal(r)
		if err != nil {
			return nil, 0, err
		}
		a.Result = string(body)
		out[i] = a
	}
	rep.Pushed += len(entries)
	return out, settled, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// uploadScans makes sure the centre holds every scan the batch's requests
// name before it sees them: HEAD, then PUT from the document store.
func (e *Engine) uploadScans(ctx context.Context, entries []store.OutboxEntry, rep *Report) error {
	for _, o := range entries {
		if o.Kind != domain.EventAddressRequested {
			continue
		}
		var ev domain.ChangeEvent
		if err := json.Unmarshal([]byte(o.Payload), &ev); err != nil {
			return fmt.Errorf("outbox entry %d: %w", o.Seq, err)
		}
		if ev.Evidence == nil {
			continue
		}
		for _, s := range ev.Evidence.Scans {
			if err := e.uploadScan(ctx, s, rep); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *Engine) uploadScan(ctx context.Context, s domain.Scan, rep *Report) error {
	if e.known[s.SHA256] || !docstore.ValidName(s.SHA256) {
		return nil
	}
	path := wire.PathDocument + s.SHA256
	_, err := e.link.do(ctx, request{op: "document check", method: http.MethodHead, path: path})
	switch {
	case err == nil:
		e.known[s.SHA256] = true
		return nil
	case status(err) != http.StatusNotFound:
		return err
	}
	data, err := os.ReadFile(filepath.Join(e.opts.DocumentsDir, s.SHA256))
	if err == nil {
		if docstore.Sum(data) != s.SHA256 {
			err = errors.New("its content no longer matches its SHA-256")
		}
	}
	if err != nil {
		// The centre will refuse the entry (document missing) and it is set
		// aside where a supervisor sees it: nothing else is held up.
		e.log.Error("a scan cannot be uploaded", "sha256", s.SHA256, "error", err)
		return nil
	}
	var ans wire.DocumentAnswer
	if _, err := e.link.do(ctx, request{op: "document upload", method: http.MethodPut, path: path, body: data,
		contentType: s.MediaType, out: &ans}); err != nil {
		return err
	}
	e.known[s.SHA256] = true
	rep.Documents++
	return nil
}
