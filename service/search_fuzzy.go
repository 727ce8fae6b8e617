package service

import (
	"context"
	"strings"
	"sync"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// vocabCache keeps the indexed name keys in memory, sorted, for the fuzzy
// tier and prefix expansion; it reloads when the vocabulary grows (names
// synced in).
type vocabCache struct {
	mu      sync.Mutex
	version int64
	keys    map[domain.Script][]string
}

func (c *vocabCache) get(ctx context.Context, db *store.DB, script domain.Script) ([]string, error) {
	v, err := db.VocabVersion(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version || c.keys == nil {
		c.version, c.keys = v, map[domain.Script][]string{}
	}
	if keys, ok := c.keys[script]; ok {
		return keys, nil
	}
	keys, err := db.VocabKeys(ctx, script)
	if err != nil {
		return nil, err
	}
	c.keys[script] = keys
	return keys, nil
}

// fuzzyWords returns, for each complete word of three letters or more
// that has indexed neighbours, the query's words with that one word
// widened to its neighbours (the others as typed).
func (s *Service) fuzzyWords(ctx context.Context, nq domain.NameQuery) ([][]store.MatchWord, error) {
	words := nq.Exact()
	var out [][]store.MatchWord
	for i, w := range words {
		if w.Prefix || len([]rune(w.Key)) < domain.MinWordLen {
			continue
		}
		vocab, err := s.vocab.get(ctx, s.db, w.Script)
		if err != nil {
			return nil, err
		}
		var near []string
		canonical := strings.Join(domain.VariantKeys([]string{w.Key}), " ")
		others := map[string]bool{}
		for j, o := range words {
			if j != i {
				others[o.Key] = true
			}
		}
	candidates:
		for _, v := range vocab {
			// Spelling variants belong to the variant tier, not here.
			if !domain.FuzzyMatch(w.Key, v) || strings.Join(domain.VariantKeys([]string{v}), " ") == canonical {
				continue
			}
			// Nor a compound of this word and another of the query
			// (fatimazahra for "fatima zahra"): it cannot be found
			// together with that other word, and FTS5 would read both
			// whole doclists to prove it.
			for _, k := range domain.VariantKeys([]string{v}) {
				if others[k] {
					continue candidates
				}
			}
			near = append(near, v)
		}
		if len(near) == 0 {
			continue
		}
		col := store.ColLatin
		if w.Script == domain.Arabic {
			col = store.ColArabic
		}
		widened := nameWords(append(append([]domain.QueryWord(nil), words[:i]...), words[i+1:]...), store.ColLatin)
		out = append(out, append(widened, store.MatchWord{Column: col, Keys: near}))
	}
	return out, nil
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
