package domain

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NameQuery is a name search as typed in the one query box: name words in
// either script plus optional filters for homonyms, e.g.
// "alaoui mohamed 1961 rabat MGPAP".
type NameQuery struct {
	Words     []QueryWord
	BirthYear int    // 0: any
	BirthDate string // YYYYMMDD, "": any
	City      *City  // nil: any
	CityKeys  []string
	Society   string // society code, "": any

	cityNotLast bool // the city words were not the query's last
}

// QueryWord is one normalised word of a name query.
type QueryWord struct {
	Key    string
	Script Script
	Prefix bool // the word being typed: keys that start with it match
}

// MinWordLen is the shortest word that can drive a search; shorter words
// only narrow it (a scan for "el" would read every name).
const MinWordLen = 3

var (
	yearPattern  = regexp.MustCompile(`^(19|20)[0-9]{2}$`)
	isoDate      = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$`)
	frenchDate   = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
	cityKeyIndex = buildCityKeyIndex()
)

// ParseNameQuery reads a name query. societies are the known society
// codes. A query with no word of MinWordLen letters is refused with a
// field error whose key is a hint, so that nothing scans.
func ParseNameQuery(q string, societies []string) (NameQuery, error) {
	var nq NameQuery
	var text []string
	for _, raw := range strings.Fields(q) {
		switch {
		case yearPattern.MatchString(raw) && nq.BirthYear == 0:
			nq.BirthYear, _ = strconv.Atoi(raw)
		case parseQueryDate(raw) != "" && nq.BirthDate == "":
			nq.BirthDate = parseQueryDate(raw)
		case isSociety(raw, societies) && nq.Society == "":
			nq.Society = strings.ToUpper(raw)
		default:
			text = append(text, raw)
		}
	}
	typing := q != "" && !strings.HasSuffix(q, " ") && len(text) > 0 &&
		strings.HasSuffix(strings.TrimSpace(q), text[len(text)-1])
	keys := NameKeys(strings.Join(text, " "))
	n := len(keys)
	keys = nq.takeCity(keys)
	// A city that ended the query was complete; the word before it too.
	typing = typing && (len(keys) == n || nq.cityNotLast)
	long := false
	for i, k := range keys {
		w := QueryWord{Key: k, Script: ScriptOf(k), Prefix: typing && i == len(keys)-1}
		long = long || utf8.RuneCountInString(k) >= MinWordLen
		nq.Words = append(nq.Words, w)
	}
	if !long {
		return nq, NewFieldError("query", KeySearchTooShort, MinWordLen)
	}
	return nq, nil
}

func parseQueryDate(s string) string {
	var y, m, d string
	if p := isoDate.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := frenchDate.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else {
		return ""
	}
	t, err := ParseDate("birth_date", y+"-"+pad2(m)+"-"+pad2(d))
	if err != nil {
		return ""
	}
	return t.Format("20060102")
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func isSociety(word string, societies []string) bool {
	for _, s := range societies {
		if strings.EqualFold(word, s) {
			return true
		}
	}
	return false
}

// takeCity removes the longest run of keys naming a reference city (in
// either script) and sets the city filter, as long as a name word is left.
func (nq *NameQuery) takeCity(keys []string) []string {
	for n := min(3, len(keys)-1); n >= 1; n-- {
		for i := 0; i+n <= len(keys); i++ {
			if c, ok := cityKeyIndex[strings.Join(keys[i:i+n], " ")]; ok {
				city := cities[c]
				nq.City, nq.CityKeys = &city, NameKeys(city.Name)
				nq.cityNotLast = i+n < len(keys)
				return append(append([]string(nil), keys[:i]...), keys[i+n:]...)
			}
		}
	}
	return keys
}

func buildCityKeyIndex() map[string]int {
	m := map[string]int{}
	for i, c := range cities {
		m[strings.Join(NameKeys(c.Name), " ")] = i
		m[strings.Join(NameKeys(c.NameAr), " ")] = i
	}
	return m
}

// Exact returns the words as typed (normalised), for the exact tier.
func (nq NameQuery) Exact() []QueryWord { return nq.Words }

// Variant returns the words with spelling variants mapped to their
// canonical keys, for the variant tier; ok is false when no word has
// variants (the tier could only repeat the exact one).
func (nq NameQuery) Variant() (words []QueryWord, ok bool) {
	for _, w := range nq.Words {
		if w.Prefix || w.Script == Arabic {
			words = append(words, w)
			continue
		}
		ok = ok || HasVariants(w.Key)
		for _, k := range VariantKeys([]string{w.Key}) {
			words = append(words, QueryWord{Key: k, Script: w.Script})
		}
	}
	return words, ok
}
