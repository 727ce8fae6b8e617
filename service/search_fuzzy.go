package service

import (
	"context"
	"sync"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// vocabCache keeps the indexed name keys in memory for the fuzzy tier; it
// is reloaded when the vocabulary's size changes (new names synced in).
type vocabCache struct {
	mu   sync.Mutex
	keys map[domain.Script][]string
}

func (c *vocabCache) get(ctx context.Context, db *store.DB, script domain.Script) ([]string, error) {
	n, err := db.VocabSize(ctx, script)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if keys, ok := c.keys[script]; ok && len(keys) == n {
		return keys, nil
	}
	keys, err := db.VocabKeys(ctx, script)
	if err != nil {
		return nil, err
	}
	if c.keys == nil {
		c.keys = map[domain.Script][]string{}
	}
	c.keys[script] = keys
	return keys, nil
}

// fuzzyWords widens every complete word of three letters or more to the
// indexed keys close to it; ok is false when no word has any.
func (s *Service) fuzzyWords(ctx context.Context, nq domain.NameQuery) (words []store.MatchWord, ok bool, err error) {
	for _, w := range nq.Exact() {
		col := store.ColLatin
		if w.Script == domain.Arabic {
			col = store.ColArabic
		}
		if w.Prefix || len([]rune(w.Key)) < domain.MinWordLen {
			words = append(words, nameWords([]domain.QueryWord{w}, store.ColLatin)...)
			continue
		}
		vocab, err := s.vocab.get(ctx, s.db, w.Script)
		if err != nil {
			return nil, false, err
		}
		keys := []string{w.Key}
		for _, v := range vocab {
			if domain.FuzzyMatch(w.Key, v) {
				keys = append(keys, v)
			}
		}
		ok = ok || len(keys) > 1
		words = append(words, store.MatchWord{Column: col, Keys: keys})
	}
	return words, ok, nil
}

// mergeTiers lists the tiers best first within limit rows, keeping a few
// rows for each later tier that found anyone (so M'hamed still shows below
// a page of Mohameds), and each member once.
func mergeTiers(found [][]store.PersonHit, limit int, more *bool) []Hit {
	reserve := make([]int, len(found))
	for i, f := range found {
		reserve[i] = min(len(f), max(1, limit/10))
	}
	seen := map[int64]bool{}
	var hits []Hit
	for i, f := range found {
		later := 0
		for _, r := range reserve[i+1:] {
			later += r
		}
		room := limit - len(hits) - later
		for _, p := range f {
			if seen[p.Member.ID] {
				continue
			}
			if room <= 0 {
				*more = true
				break
			}
			seen[p.Member.ID] = true
			hits = append(hits, Hit{Tier: Tier(i + 1), Member: summarise(p.Member), Via: via(p.Via)})
			room--
		}
	}
	return hits
}

func via(b *domain.Beneficiary) *Via {
	if b == nil {
		return nil
	}
	return &Via{Relation: b.Relation, FamilyName: b.FamilyName, GivenName: b.GivenName,
		FamilyNameAr: b.FamilyNameAr, GivenNameAr: b.GivenNameAr}
}
