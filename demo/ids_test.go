package demo

import (
	"math/rand/v2"
	"testing"

	"github.com/cnops/guichet/domain"
)

func TestPermIsABijection(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []uint64{1, 2, 3, 17, 1000, 4096, 5000} {
		p := newPerm(n, r)
		seen := make([]bool, n)
		for i := range n {
			v := p.at(i)
			if v >= n || seen[v] {
				t.Fatalf("n=%d: at(%d) = %d, out of range or repeated", n, i, v)
			}
			seen[v] = true
		}
	}
}

func TestIdentifiersAreValidUniqueAndScattered(t *testing.T) {
	ids := newIdentifiers(42)
	regNo, err := domain.NewRegNoRule(`[1-9][0-9]{8}`)
	if err != nil {
		t.Fatal(err)
	}
	const n = 20_000
	seen := map[string]bool{}
	steps := map[uint64]bool{}
	var prev uint64
	for i := range n {
		reg, cin, ppr := ids.regno(i), ids.cin(i), ids.ppr(i)
		if v, err := regNo.Parse(reg); err != nil || v != reg {
			t.Fatalf("regno %q: %v", reg, err)
		}
		if v, err := domain.ParseCIN(cin); err != nil || v != cin {
			t.Fatalf("CIN %q: %v", cin, err)
		}
		if v, err := domain.ParsePPR(ppr); err != nil || v != ppr {
			t.Fatalf("PPR %q: %v", ppr, err)
		}
		for _, k := range []string{"r" + reg, "c" + cin, "p" + ppr} {
			if seen[k] {
				t.Fatalf("member %d: %s given twice", i, k[1:])
			}
			seen[k] = true
		}
		if i < 100 {
			cur := ids.regnos.at(uint64(i))
			steps[cur-prev] = true // a constant step would look sequential
			prev = cur
		}
	}
	if len(steps) < 95 {
		t.Errorf("registration numbers of neighbours differ by only %d distinct steps", len(steps))
	}
	if newIdentifiers(43).regno(0) == ids.regno(0) && newIdentifiers(43).cin(0) == ids.cin(0) {
		t.Error("another seed gives the same identifiers")
	}
}

func TestMobilesAreE164(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	seven := 0
	for range 1000 {
		m := mobile(r)
		if v, err := domain.ParsePhone(m); err != nil || v != m {
			t.Fatalf("%q: ParsePhone = %q, %v", m, v, err)
		}
		if m[4] == '7' {
			seven++
		}
	}
	if seven == 0 || seven > 500 {
		t.Errorf("%d of 1000 numbers are 07 mobiles", seven)
	}
}

func TestASCIIFold(t *testing.T) {
	for in, want := range map[string]string{
		"M'hamed": "mhamed", "Saïd": "said", "Fatima Zahra": "fatimazahra",
		"Fatima-Zahra": "fatimazahra", "El Idrissi": "elidrissi", "Aïcha": "aicha",
	} {
		if got := asciiFold(in); got != want {
			t.Errorf("asciiFold(%q) = %q, want %q", in, got, want)
		}
	}
}
