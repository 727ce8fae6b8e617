package domain

import "strings"

// variantMap maps the keys of a variant spelling (space-separated when it
// has several words) to the keys of its canonical spelling, from the
// reference list. Spellings that normalisation already folds together
// (Mohammed, Saïd) need no entry.
var variantMap = buildVariantMap()

// variantGroups holds every key that belongs to a variant group, on either
// side of the reference list.
var variantGroups = buildVariantGroups()

func buildVariantGroups() map[string]bool {
	g := map[string]bool{}
	for from, to := range variantMap {
		for _, k := range strings.Fields(from) {
			g[k] = true
		}
		for _, k := range to {
			g[k] = true
		}
	}
	return g
}

// HasVariants reports whether a key has other spellings in the reference
// list (Mohamed has Muhammad; Alaoui has none).
func HasVariants(key string) bool { return variantGroups[key] }

func buildVariantMap() map[string][]string {
	m := map[string][]string{}
	for _, v := range variants {
		from, to := NameKeys(v.Variant), NameKeys(v.Canonical)
		if strings.Join(from, " ") != strings.Join(to, " ") {
			m[strings.Join(from, " ")] = to
		}
	}
	return m
}

// VariantKeys maps name keys to their canonical spelling's keys, trying
// the longest run of words first (two words may be one variant).
func VariantKeys(keys []string) []string {
	var out []string
	for i := 0; i < len(keys); {
		matched := false
		for n := min(3, len(keys)-i); n >= 1 && !matched; n-- {
			if to, ok := variantMap[strings.Join(keys[i:i+n], " ")]; ok {
				out = append(out, to...)
				i += n
				matched = true
			}
		}
		if !matched {
			out = append(out, keys[i])
			i++
		}
	}
	return dedupe(out)
}

// FuzzyMatch reports whether a vocabulary key is close to a query key
// without being it: within one edit, or, for longer names, sharing most of
// their trigrams. M'hamed (mhamed) is thus reachable from Mohamed.
func FuzzyMatch(query, candidate string) bool {
	if query == candidate {
		return false
	}
	if withinOneEdit([]rune(query), []rune(candidate)) {
		return true
	}
	return len(query) >= 6 && len(candidate) >= 6 && trigramDice(query, candidate) >= 0.6
}

func withinOneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return string(a[i+min(1, len(a)-i):]) == string(b[i+min(1, len(b)-i):])
	}
	return string(a[i:]) == string(b[i+1:])
}

// trigramDice is the Dice coefficient of the two words' trigram sets, with
// the words padded so that their ends count.
func trigramDice(a, b string) float64 {
	ta, tb := trigrams(a), trigrams(b)
	common := 0
	for t := range ta {
		if tb[t] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(ta)+len(tb))
}

func trigrams(w string) map[string]bool {
	r := []rune("  " + w + " ")
	out := map[string]bool{}
	for i := 0; i+3 <= len(r); i++ {
		out[string(r[i:i+3])] = true
	}
	return out
}
