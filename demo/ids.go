package demo

import (
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
)

// cinPrefixes are letter prefixes found on real CIN cards (they once told
// the issuing region). Each gets cinPerPrefix numbers of 4 to 6 digits.
var cinPrefixes = strings.Fields(`A AB B BE BH BJ BK C CD D DA E EE F G H HA I J JA JB K L M N P Q R S T U V W X Y Z`)

const (
	cinPerPrefix = 999_000 // 1000..999999: no 1-3 digit numbers
	regnoSpace   = 900_000_000
	pprSpace     = 90_000_000
	// MaxMembers bounds Options.Members: identifier spaces must stay much
	// larger than the population for the numbers to look scattered.
	MaxMembers = 10_000_000
)

// perm is a keyed pseudo-random permutation of [0, n): a 4-round Feistel
// network on the smallest even bit width covering n, cycle-walking back
// into range. Member i gets identifier perm.at(i): unique without a set
// of used values, yet neighbours look unrelated (not sequential).
type perm struct {
	n    uint64
	half uint
	mask uint64
	keys [4]uint64
}

func newPerm(n uint64, r *rand.Rand) perm {
	width := uint(bits.Len64(n - 1))
	width += width & 1
	p := perm{n: n, half: width / 2, mask: 1<<(width/2) - 1}
	for i := range p.keys {
		p.keys[i] = r.Uint64()
	}
	return p
}

func (p perm) at(i uint64) uint64 {
	x := i
	for {
		l, r := x>>p.half, x&p.mask
		for _, k := range p.keys {
			l, r = r, l^(mix64(r^k)&p.mask)
		}
		x = l<<p.half | r
		if x < p.n { // a cycle through i < n always comes back below n
			return x
		}
	}
}

// mix64 is SplitMix64's finaliser: a cheap, well-spread hash of a word.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// identifiers hands out the unique numbers of member i.
type identifiers struct {
	regnos, cins, pprs perm
}

func newIdentifiers(seed int64) identifiers {
	r := rand.New(rand.NewPCG(uint64(seed), 0x1d5))
	return identifiers{
		regnos: newPerm(regnoSpace, r),
		cins:   newPerm(uint64(len(cinPrefixes))*cinPerPrefix, r),
		pprs:   newPerm(pprSpace, r),
	}
}

// regno is 9 digits, never starting with 0.
func (ids identifiers) regno(i int) string {
	return strconv.FormatUint(100_000_000+ids.regnos.at(uint64(i)), 10)
}

// cin is one or two letters then 4 to 6 digits (mostly 6, as on cards).
func (ids identifiers) cin(i int) string {
	j := ids.cins.at(uint64(i))
	return cinPrefixes[j/cinPerPrefix] + strconv.FormatUint(1000+j%cinPerPrefix, 10)
}

// ppr is the 8-digit civil-servant number.
func (ids identifiers) ppr(i int) string {
	return strconv.FormatUint(10_000_000+ids.pprs.at(uint64(i)), 10)
}

// mobile is a Moroccan mobile number in E.164 form (+2126... or +2127...).
func mobile(r *rand.Rand) string {
	b := make([]byte, 0, 13)
	b = append(b, "+2126"...)
	if r.IntN(4) == 0 {
		b[4] = '7'
	}
	n := r.Uint64N(100_000_000)
	for d := uint64(10_000_000); d > 0; d /= 10 {
		b = append(b, byte('0'+n/d%10))
	}
	return string(b)
}

var mailDomains = func() (w weighted[string]) {
	w.add("gmail.com", 55)
	w.add("hotmail.com", 14)
	w.add("yahoo.fr", 12)
	w.add("outlook.fr", 9)
	w.add("menara.ma", 4)
	w.add("hotmail.fr", 6)
	return w
}()

// email builds a plausible personal address from a person's Latin name.
// Addresses are not guaranteed unique: people do share mailboxes.
func email(r *rand.Rand, given, family string, birthYear int) string {
	var b strings.Builder
	b.WriteString(asciiFold(given))
	switch r.IntN(3) {
	case 0:
		b.WriteByte('.')
	case 1:
		b.WriteByte('_')
	}
	b.WriteString(asciiFold(family))
	switch r.IntN(4) {
	case 0:
		b.WriteString(strconv.Itoa(birthYear % 100))
	case 1, 2:
		b.WriteString(strconv.Itoa(1 + r.IntN(999)))
	}
	b.WriteByte('@')
	b.WriteString(mailDomains.pick(r))
	return b.String()
}

var foldAccents = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a",
	"ï", "i", "î", "i", "ô", "o", "ç", "c", "ü", "u", "û", "u")

// asciiFold turns a Latin-script name into mailbox letters: lower case,
// accents dropped, spaces, hyphens and apostrophes removed.
func asciiFold(s string) string {
	s = foldAccents.Replace(strings.ToLower(s))
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
