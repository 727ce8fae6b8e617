package demo

import (
	"embed"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cnops/guichet/domain"
)

//go:embed data/*.tsv
var dataFiles embed.FS

// name is one spelling of a name in both scripts. Variant spellings share
// the canonical one's Arabic.
type name struct{ latin, arabic string }

type city struct {
	name, nameAr, postal, region, province string
}

// Branch is a demo branch office. Its fields match store.Branch, so
// store.Branch(b) converts it.
type Branch struct {
	Code, Name, City, Region string
}

// tables are the parsed reference lists.
type tables struct {
	given    [2]weighted[name] // by sex: 0 'M', 1 'F'
	family   weighted[name]
	society  weighted[string]    // society code, by share of members
	variants map[string][]string // canonical Latin spelling -> other spellings
	cities   []city
	byCity   map[string]int // city name -> index in cities
	branches []Branch
	branchW  weighted[int]     // index into branches, by share of members
	nearby   [][]int           // per branch: other cities of its region
	quarters map[string][]name // city -> quarters, "" -> anywhere
	streets  []name
	resids   []name
}

// weighted picks items with fixed relative weights (cumulative table and a
// binary search: lists are short, so this is fast enough and exact).
type weighted[T any] struct {
	items []T
	cum   []float64
}

func (w *weighted[T]) add(item T, weight float64) {
	total := weight
	if n := len(w.cum); n > 0 {
		total += w.cum[n-1]
	}
	w.items = append(w.items, item)
	w.cum = append(w.cum, total)
}

func (w *weighted[T]) pick(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	i, _ := slices.BinarySearch(w.cum, x)
	return w.items[min(i, len(w.items)-1)]
}

var loadTables = sync.OnceValues(parseTables)

func parseTables() (*tables, error) {
	t := &tables{variants: map[string][]string{}, byCity: map[string]int{}, quarters: map[string][]name{}}
	err := readTSV("given-names.tsv", 3, func(rank int, f []string) error {
		sex := 0
		if f[0] == "F" {
			sex = 1
		}
		// The lists are in rough order of popularity; a Zipf-like weight
		// makes Mohamed and Fatima as common as they are at the counter.
		t.given[sex].add(name{f[1], f[2]}, zipf(len(t.given[sex].items), 0.8))
		return nil
	})
	if err == nil {
		err = readTSV("family-names.tsv", 2, func(rank int, f []string) error {
			t.family.add(name{f[0], f[1]}, zipf(rank, 0.35))
			return nil
		})
	}
	if err == nil {
		for _, v := range domain.NameVariants() {
			t.variants[v.Canonical] = append(t.variants[v.Canonical], v.Variant)
		}
		for _, c := range domain.Cities() {
			t.byCity[c.Name] = len(t.cities)
			t.cities = append(t.cities, city{c.Name, c.NameAr, c.PostalCode, c.Region, c.Province})
		}
	}
	if err == nil {
		err = readTSV("quarters.tsv", 3, func(_ int, f []string) error {
			t.quarters[f[0]] = append(t.quarters[f[0]], name{f[1], f[2]})
			return nil
		})
	}
	if err == nil {
		err = readTSV("streets.tsv", 2, func(_ int, f []string) error {
			t.streets = append(t.streets, name{f[0], f[1]})
			return nil
		})
	}
	if err == nil {
		err = readTSV("residences.tsv", 2, func(_ int, f []string) error {
			t.resids = append(t.resids, name{f[0], f[1]})
			return nil
		})
	}
	if err == nil {
		err = readTSV("societies.tsv", 2, func(_ int, f []string) error {
			share, err := strconv.ParseFloat(f[1], 64)
			t.society.add(f[0], share)
			return err
		})
	}
	if err == nil {
		err = readTSV("branches.tsv", 4, t.addBranch)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (t *tables) addBranch(_ int, f []string) error {
	ci, ok := t.byCity[f[2]]
	if !ok {
		return fmt.Errorf("branches.tsv: %s: city %q is not in the reference cities", f[0], f[2])
	}
	share, err := strconv.ParseFloat(f[3], 64)
	if err != nil {
		return fmt.Errorf("branches.tsv: %s: share: %w", f[0], err)
	}
	c := t.cities[ci]
	t.branchW.add(len(t.branches), share)
	t.branches = append(t.branches, Branch{Code: f[0], Name: f[1], City: c.name, Region: c.region})
	var near []int
	for i, o := range t.cities {
		if o.region == c.region && i != ci {
			near = append(near, i)
		}
	}
	t.nearby = append(t.nearby, near)
	return nil
}

// zipf is the weight of the item of the given rank (0 = most common).
func zipf(rank int, s float64) float64 { return 1 / math.Pow(float64(rank+1), s) }

// readTSV calls fn for each data row (rank counts rows from 0), checking
// that it has at least the given number of tab-separated fields.
func readTSV(file string, fields int, fn func(rank int, f []string) error) error {
	b, err := dataFiles.ReadFile("data/" + file)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	for i, line := range lines[1:] { // first line is the header
		f := strings.Split(line, "\t")
		if len(f) < fields {
			return fmt.Errorf("%s:%d: want %d fields, got %d", file, i+2, fields, len(f))
		}
		if err := fn(i, f); err != nil {
			return err
		}
	}
	return nil
}

// Branches returns the demo branches the seeder writes, in a stable order;
// the first one is the main office (Rabat). It panics only if the embedded
// reference data is broken, which the package's tests rule out.
func Branches() []Branch {
	t, err := loadTables()
	if err != nil {
		panic(err)
	}
	return slices.Clone(t.branches)
}
