package central

import (
	"context"
	"sync"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// Counters are what this App has done since it started, for monitoring
// (sync/server exposes them as Prometheus counters). Only what committed
// is counted: a batch rolled back counts nothing.
type Counters struct {
	// Entries counts pushed entries by their answer (wire.StatusApplied,
	// StatusDuplicate, StatusConflict, StatusRejected, StatusDeferred).
	Entries map[string]uint64
	// FeedItems counts the items served in feed pages.
	FeedItems uint64
	// ChainBreaks counts the audit chain breaks found and recorded (a
	// break already recorded and met again is not counted twice).
	ChainBreaks uint64
	// PINVerifications counts the portal's verifications by answer
	// (wire.PINValid, PINInvalid, PINExpired, PINLocked).
	PINVerifications map[string]uint64
}

// EntryStatuses and PINResults are the keys of Counters' maps, each
// present from the start (at 0) so that a monitor sees every series.
var (
	EntryStatuses = []string{wire.StatusApplied, wire.StatusDuplicate, wire.StatusConflict, wire.StatusRejected,
		wire.StatusDeferred}
	PINResults = []string{wire.PINValid, wire.PINInvalid, wire.PINExpired, wire.PINLocked}
)

// counters is the App's tally behind Counters.
type counters struct {
	mu        sync.Mutex
	entries   map[string]uint64
	feedItems uint64
	breaks    uint64
	pins      map[string]uint64
}

func newCounters() *counters {
	c := &counters{entries: map[string]uint64{}, pins: map[string]uint64{}}
	for _, s := range EntryStatuses {
		c.entries[s] = 0
	}
	for _, r := range PINResults {
		c.pins[r] = 0
	}
	return c
}

// pushed counts a committed batch: its entries' answers and the breaks
// it recorded.
func (c *counters) pushed(results []wire.Result, breaks int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range results {
		c.entries[r.Status]++
	}
	c.breaks += uint64(breaks)
}

func (c *counters) fed(items int) {
	c.mu.Lock()
	c.feedItems += uint64(items)
	c.mu.Unlock()
}

func (c *counters) verified(result string) {
	c.mu.Lock()
	c.pins[result]++
	c.mu.Unlock()
}

// Counters returns a copy of what the App has counted since it started.
func (a *App) Counters() Counters {
	c := a.counts
	c.mu.Lock()
	defer c.mu.Unlock()
	out := Counters{Entries: make(map[string]uint64, len(c.entries)), FeedItems: c.feedItems, ChainBreaks: c.breaks,
		PINVerifications: make(map[string]uint64, len(c.pins))}
	for k, v := range c.entries {
		out.Entries[k] = v
	}
	for k, v := range c.pins {
		out.PINVerifications[k] = v
	}
	return out
}

// Queues are the centre's work waiting, read from the storage when asked.
type Queues struct {
	// PINLetters and PINEmails are the post and e-mail reissues still
	// waiting for their PIN (the next letter batch, the next e-mails).
	PINLetters, PINEmails int
	// DevicesSeen counts the devices not revoked that called within
	// SeenWindow (to a minute: last_seen is written once a minute).
	DevicesSeen int
}

// SeenWindow is how recent a device's call must be to count in
// Queues.DevicesSeen.
const SeenWindow = time.Hour

// Queues reads the queue depths in one snapshot of the storage. It lists
// the waiting reissues and the devices, which stay small (a day's letters,
// a few thousand devices); it is meant for a scrape every few seconds, not
// for every request.
func (a *App) Queues(ctx context.Context) (Queues, error) {
	now := a.now()
	var q Queues
	err := a.st.Read(ctx, func(r Reader) error {
		letters, err := r.PINsAwaiting(ctx, domain.ChannelPost, now)
		if err != nil {
			return err
		}
		emails, err := r.PINsAwaiting(ctx, domain.ChannelEmail, now)
		if err != nil {
			return err
		}
		devices, err := r.Devices(ctx)
		if err != nil {
			return err
		}
		q.PINLetters, q.PINEmails = len(letters), len(emails)
		for _, d := range devices {
			if d.RevokedAt == nil && d.LastSeen != nil && now.Sub(*d.LastSeen) <= SeenWindow {
				q.DevicesSeen++
			}
		}
		return nil
	})
	return q, err
}
