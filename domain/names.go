package domain

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Name normalisation for search. A name becomes search keys, one per word:
// the same person written Mohammed El Idrissi, Mohamed Idrissi or
// MOHAMED EL-IDRISSI gets the same keys, in Latin and in Arabic script.
// Spelling variants that rules cannot fold (Muhammad, Fatma) are mapped to
// their canonical key by VariantKeys, from the reference list.

// Script is the writing system of a name or query word.
type Script int

// Scripts.
const (
	Latin Script = iota
	Arabic
)

// latinDropped are articles that are left out: El Idrissi = Idrissi.
var latinDropped = map[string]bool{"el": true, "al": true}

// latinJoiners are particles written apart or joined (Ben Ali = Benali,
// Abdel Kader = Abdelkader): they are joined to the next word. Those marked
// true start family names whose last part is a name of its own (Ait Ali is
// found by Ali); Abd- compounds are never split (Kader alone is no name).
var latinJoiners = map[string]bool{
	"ben": true, "bin": true, "ibn": true, "ait": true, "bou": true, "abou": true, "abu": true,
	"ould": true, "abd": false, "abdel": false, "abdal": false, "abdul": false, "abdoul": false,
}

// arabicJoiners are the same particles in Arabic script (after folding).
var arabicJoiners = map[string]bool{"عبد": false, "ابو": true, "بن": true, "ابن": true, "ايت": true}

// NameKeys returns the search keys of a name written in either script,
// each word in its own script's rules.
func NameKeys(name string) []string {
	var latin, arabic []string
	for _, w := range splitWords(name) {
		if ScriptOf(w) == Arabic {
			arabic = append(arabic, w)
		} else {
			latin = append(latin, w)
		}
	}
	return append(latinKeys(latin), arabicKeys(arabic)...)
}

// ScriptOf tells a word's script by its first letter.
func ScriptOf(word string) Script {
	for _, r := range word {
		if unicode.Is(unicode.Arabic, r) {
			return Arabic
		}
		if unicode.IsLetter(r) {
			return Latin
		}
	}
	return Latin
}

// splitWords folds a name (diacritics, case, ligatures, Arabic letter forms)
// and splits it into words. Apostrophes join (M'hamed = Mhamed); any other
// punctuation separates (Fatima-Zahra = Fatima Zahra).
func splitWords(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\u0640', r == 'ء': // diacritics, harakat, tatweel, hamza alone
		case r == '\'' || r == '’' || r == '`' || r == 'ʼ':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(foldLetter(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// foldLetter lower-cases a letter and merges the forms a keyboard or a
// clerk may use for the same Arabic letter.
func foldLetter(r rune) string {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return "ا"
	case 'ؤ':
		return "و"
	case 'ئ', 'ى', 'ی':
		return "ي"
	case 'ة':
		return "ه"
	case 'ک':
		return "ك"
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case 'ß':
		return "ss"
	}
	return string(unicode.ToLower(r))
}

// joinParticles joins each particle to the word after it and drops
// articles; a compound whose particle says so also yields its last part.
func joinParticles(words []string, joiners, dropped map[string]bool) (keys []string) {
	for i := 0; i < len(words); i++ {
		cur, parts := words[i], 1
		keepPart := joiners[cur]
		for isJoiner(joiners, cur) && i+1 < len(words) {
			i++
			cur += words[i]
			parts++
		}
		switch {
		case dropped[cur] && i+1 < len(words):
			continue
		case parts > 1 && keepPart && !dropped[words[i]]:
			keys = append(keys, cur, words[i])
		default:
			keys = append(keys, cur)
		}
	}
	return keys
}

func isJoiner(joiners map[string]bool, w string) bool {
	_, ok := joiners[w]
	return ok
}

func latinKeys(words []string) []string {
	keys := joinParticles(words, latinJoiners, latinDropped)
	for i, k := range keys {
		keys[i] = latinSkeleton(k)
	}
	return dedupe(keys)
}

func arabicKeys(words []string) []string {
	keys := joinParticles(words, arabicJoiners, nil)
	for i, k := range keys {
		// The article: العلوي = علوي. Short words keep it (الله, joined
		// already as عبدالله, is the one common exception).
		if strings.HasPrefix(k, "ال") && len([]rune(k)) > 3 {
			keys[i] = strings.TrimPrefix(k, "ال")
		}
	}
	return dedupe(keys)
}

// latinSkeleton folds the transliteration choices of Moroccan names:
// ou/w, sh/ch, q/k, doubled letters, a final -e or -ae.
func latinSkeleton(w string) string {
	w = strings.NewReplacer("ou", "w", "sh", "ch", "q", "k").Replace(w)
	var b strings.Builder
	var prev rune
	for _, r := range w {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	w = b.String()
	if strings.HasSuffix(w, "ae") && len(w) > 3 {
		w = strings.TrimSuffix(w, "e")
	}
	if strings.HasSuffix(w, "e") && len(w) > 3 {
		w = strings.TrimSuffix(w, "e")
	}
	return w
}

func dedupe(keys []string) []string {
	out := keys[:0]
	seen := map[string]bool{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
