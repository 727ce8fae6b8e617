package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// FetchMember fetches one member from the centre by registration number
// or CIN (exactly one given) on behalf of actor (the centre audits it),
// keeps it here as the feed would, and returns its local id. A member of
// another branch is kept as a visitor, only while a change for them is
// under way. Not found at the centre: domain.ErrMemberNotFound; the centre
// out of reach: an error that is ErrOffline.
func (e *Engine) FetchMember(ctx context.Context, actor, regno, cin string) (int64, error) {
	q := url.Values{}
	switch {
	case regno != "" && cin == "":
		q.Set("regno", regno)
	case cin != "" && regno == "":
		q.Set("cin", cin)
	default:
		return 0, domain.NewFieldError("query", domain.KeyLookupUnrecognised)
	}
	var m wire.Member
	err := e.link.getJSON(ctx, "member lookup", wire.PathLookup, q, http.Header{wire.ActorHeader: {actor}}, &m)
	if status(err) == http.StatusNotFound {
		return 0, domain.ErrMemberNotFound
	}
	if err != nil {
		return 0, err
	}
	if err := checkMember(&m); err != nil {
		return 0, fmt.Errorf("member lookup: the centre's record is not valid: %w", err)
	}
	if (regno != "" && m.RegNo != regno) || (cin != "" && m.CIN != cin) {
		return 0, fmt.Errorf("member lookup: the centre answered with another member (%s)", m.RegNo)
	}
	var id int64
	err = e.db.Write(ctx, func(tx *store.Tx) error {
		id, err = tx.StoreFetchedMember(ctx, m, actor, e.opts.Now())
		return err
	})
	return id, err
}
