package service

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

const maxPrefixKeys = 32

var canonicalKeys = func() []string {
	var out []string
	for _, v := range domain.NameVariants() {
		out = append(out, domain.NameKeys(v.Canonical)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}()

func keysWithPrefix(sorted []string, p string) []string {
	i, _ := slices.BinarySearch(sorted, p)
	var out []string
	for ; i < len(sorted) && strings.HasPrefix(sorted[i], p); i++ {
		out = append(out, sorted[i])
	}
	return out
}

// expandPrefixes replaces each prefix word longer than the prefix index's
// 3 letters by the indexed keys that start with it: FTS5 reads every
// matching term's whole doclist for such a prefix before the first row,
// whereas an OR of terms is read lazily up to the LIMIT.
func (s *Service) expandPrefixes(ctx context.Context, words []store.MatchWord) error {
	for i, w := range words {
		if !w.Prefix || len(w.Keys) != 1 || utf8.RuneCountInString(w.Keys[0]) <= 3 {
			continue
		}
		script := domain.ScriptOf(w.Keys[0])
		vocab, err := s.vocab.get(ctx, s.db, script)
		if err != nil {
			return err
		}
		keys := keysWithPrefix(vocab, w.Keys[0])
		if w.Column == store.ColVariant {
			keys = append(keys, keysWithPrefix(canonicalKeys, w.Keys[0])...)
			slices.Sort(keys)
			keys = slices.Compact(keys)
		}
		if len(keys) == 0 || len(keys) > maxPrefixKeys {
			continue
		}
		words[i] = store.MatchWord{Column: w.Column, Keys: keys}
	}
	return nil
}
