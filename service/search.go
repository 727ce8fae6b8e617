package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// Tier says how a search hit matched, best first.
type Tier int

// The tiers, in rank order.
const (
	TierIdentifier Tier = iota // the registration number, CIN, PPR or phone itself
	TierExact                  // the same name once normalised
	TierVariant                // a spelling variant of the reference list
	TierFuzzy                  // a name within one edit, or sharing most trigrams
)

var tierNames = [...]string{"identifier", "exact", "variant", "fuzzy"}

func (t Tier) String() string { return tierNames[t] }

// Hit is one member in a search result.
type Hit struct {
	Tier   Tier
	Kind   domain.IdentifierKind // the identifier tier's kind
	Member MemberSummary
	Via    *Via // set when a beneficiary's name led to the family
}

// Via names the beneficiary through whom a family was found.
type Via struct {
	Relation              domain.Relation
	FamilyName, GivenName string
	FamilyNameAr          string
	GivenNameAr           string
}

// Filters are the homonym filters a name query carried.
type Filters struct {
	BirthYear int
	BirthDate string // YYYYMMDD
	City      string
	Society   string
}

// SearchResult is what one executed search showed.
type SearchResult struct {
	Query   string
	Hits    []Hit
	More    bool // some tier had more matches than were shown
	Filters Filters
}

// Search runs the one query box: an identifier (exact, each kind it fits)
// or a name in Latin or Arabic script with optional filters, ranked in
// tiers that each read at most limit rows. A name query with no word of
// three letters is refused with a hint (a field error) and runs nothing.
// Every executed search is audited with the members it showed.
func (s *Service) Search(ctx context.Context, sess Session, query string, limit int) (SearchResult, error) {
	if err := authorize(sess, domain.ActionSearch); err != nil {
		return SearchResult{}, err
	}
	q, err := domain.RequireText("query", query, maxQueryLen)
	if err != nil {
		return SearchResult{}, err
	}
	if limit <= 0 || limit > s.policy.ResultRows {
		limit = s.policy.ResultRows
	}
	res := SearchResult{Query: q}
	if ids := domain.RecogniseIdentifiers(q, s.policy.RegNo); len(ids) > 0 {
		if res.Hits, err = s.identifierHits(ctx, ids, limit); err != nil {
			return res, err
		}
	} else if err := s.nameHits(ctx, query, limit, &res); err != nil {
		return res, err
	}
	shown := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		shown[i] = h.Member.RegNo
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditSearch, "", map[string]any{"query": q, "shown": shown})
	})
	return res, err
}

func (s *Service) identifierHits(ctx context.Context, ids []domain.Identifier, limit int) ([]Hit, error) {
	var hits []Hit
	for _, id := range ids {
		members, err := s.db.MembersByIdentifier(ctx, id, limit)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			hits = append(hits, Hit{Tier: TierIdentifier, Kind: id.Kind, Member: summarise(m)})
		}
	}
	return hits, nil
}

func (s *Service) nameHits(ctx context.Context, query string, limit int, res *SearchResult) error {
	societies, err := s.db.SocietyCodes(ctx)
	if err != nil {
		return err
	}
	nq, err := domain.ParseNameQuery(query, societies)
	if err != nil {
		return err
	}
	res.Filters = Filters{BirthYear: nq.BirthYear, BirthDate: nq.BirthDate, Society: nq.Society}
	if nq.City != nil {
		res.Filters.City = nq.City.Name
	}
	tiers, err := s.tierMatches(ctx, nq)
	if err != nil {
		return err
	}
	found := make([][]store.PersonHit, len(tiers))
	for i, matches := range tiers {
		var runs [][]int64
		for _, m := range matches {
			ids, err := s.db.MatchPersons(ctx, m, limit)
			if err != nil {
				return err
			}
			res.More = res.More || len(ids) == limit
			runs = append(runs, ids)
		}
		if found[i], err = s.db.ResolvePersons(ctx, interleave(runs)); err != nil {
			return err
		}
	}
	res.Hits = mergeTiers(found, limit, &res.More)
	return nil
}

// tierMatches builds the exact, variant and fuzzy conditions. A tier may
// have several, whose rows are interleaved: the fuzzy tier widens one word
// at a time, so that neither word's neighbours crowd out the other's.
func (s *Service) tierMatches(ctx context.Context, nq domain.NameQuery) ([][]store.NameMatch, error) {
	filters := filterWords(nq)
	year := birthYear(nq)
	all := func(words []store.MatchWord) []store.MatchWord { return withYear(append(words, filters...), year) }
	exact := store.NameMatch{All: all(nameWords(nq.Exact(), store.ColLatin))}
	out := [][]store.NameMatch{{exact}, nil, nil}
	if words, ok := nq.Variant(); ok {
		out[1] = []store.NameMatch{{All: all(nameWords(words, store.ColVariant)), Except: exact.All}}
	}
	widened, err := s.fuzzyWords(ctx, nq)
	if err != nil {
		return nil, err
	}
	for _, words := range widened {
		out[2] = append(out[2], store.NameMatch{All: all(words), Except: exact.All})
	}
	for _, tier := range out {
		for _, m := range tier {
			if err := s.expandPrefixes(ctx, m.All); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// interleave takes one id from each run in turn, each id once.
func interleave(runs [][]int64) []int64 {
	if len(runs) == 1 {
		return runs[0]
	}
	var out []int64
	seen := map[int64]bool{}
	for i := 0; ; i++ {
		more := false
		for _, r := range runs {
			if i < len(r) {
				more = true
				if !seen[r[i]] {
					seen[r[i]] = true
					out = append(out, r[i])
				}
			}
		}
		if !more {
			return out
		}
	}
}

// nameWords turns query words into match words; Latin words go to column
// latin (nkey or vkey), Arabic ones to akey. A one-letter word being typed
// is left out: no prefix index covers it, and it would read every name.
func nameWords(words []domain.QueryWord, latin string) []store.MatchWord {
	var out []store.MatchWord
	for _, w := range words {
		if w.Prefix && len([]rune(w.Key)) < 2 {
			continue
		}
		col := latin
		if w.Script == domain.Arabic {
			col = store.ColArabic
		}
		out = append(out, store.MatchWord{Column: col, Keys: []string{w.Key}, Prefix: w.Prefix})
	}
	return out
}

// filterWords turns the homonym filters into match words; the birth year
// is left to withYear.
func filterWords(nq domain.NameQuery) []store.MatchWord {
	var out []store.MatchWord
	if nq.BirthDate != "" {
		out = append(out, store.MatchWord{Column: store.ColBirth, Keys: []string{nq.BirthDate}})
	}
	for _, k := range nq.CityKeys {
		out = append(out, store.MatchWord{Column: store.ColCity, Keys: []string{k}})
	}
	if nq.Society != "" {
		out = append(out, store.MatchWord{Column: store.ColSociety, Keys: []string{strings.ToLower(nq.Society)}})
	}
	return out
}

// birthYear is the year a query filters on, from a year or a full date.
func birthYear(nq domain.NameQuery) string {
	switch {
	case nq.BirthYear != 0:
		return strconv.Itoa(nq.BirthYear)
	case nq.BirthDate != "":
		return nq.BirthDate[:4]
	}
	return ""
}

// withYear applies a birth year filter. It binds the year to every
// complete name word (the name-and-year column holds "alawi1961"), whose
// lists are much shorter, and so cheaper to intersect, than a common name's
// and a year's: a name with a year and a city would otherwise read every
// list to the end. A match with no such word filters on the year column.
func withYear(words []store.MatchWord, year string) []store.MatchWord {
	if year == "" {
		return words
	}
	bound := false
	for i, w := range words {
		if (w.Column == store.ColLatin || w.Column == store.ColArabic) && len(w.Keys) == 1 && !w.Prefix {
			words[i] = store.MatchWord{Column: store.ColNameYear, Keys: []string{w.Keys[0] + year}}
			bound = true
		}
	}
	if bound {
		return words
	}
	return append(words, store.MatchWord{Column: store.ColBirth, Keys: []string{year}})
}
