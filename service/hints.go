package service

import (
	"context"

	"github.com/cnops/guichet/store"
)

// metaHintsSeen marks a device whose console showed its first-run hint
// and had it read (the command palette or the help opened once).
const metaHintsSeen = "ui_hints_seen"

// HintsSeen reports whether the console's first-run hint was read on this
// device. A screen preference, not member data: no session, no audit.
func (s *Service) HintsSeen(ctx context.Context) (bool, error) {
	v, err := s.db.Meta(ctx, metaHintsSeen)
	return v != "", err
}

// MarkHintsSeen records that the first-run hint was read on this device.
func (s *Service) MarkHintsSeen(ctx context.Context) error {
	return s.db.Write(ctx, func(tx *store.Tx) error { return tx.SetMeta(ctx, metaHintsSeen, "1") })
}
