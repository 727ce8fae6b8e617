package domain

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
)

// Reference data the rules need, compiled in: the federation's list of
// cities with their postal codes (address checks, search filters) and the
// spelling variants of names (search). Both are data, not code: edit the
// TSV files under domain/data.
var (
	//go:embed data/cities.tsv
	citiesTSV []byte
	//go:embed data/name-variants.tsv
	variantsTSV []byte
)

// City is one entry of the reference list of cities.
type City struct {
	Name, NameAr, PostalCode, Region, Province string
}

// NameVariant says that Variant is another spelling of Canonical.
type NameVariant struct{ Canonical, Variant string }

var (
	cities   = parseCities()
	variants = parseVariants()
)

// Cities returns the reference list of cities.
func Cities() []City { return append([]City(nil), cities...) }

// NameVariants returns the reference list of spelling variants.
func NameVariants() []NameVariant { return append([]NameVariant(nil), variants...) }

func parseCities() []City {
	var out []City
	eachTSVRow(citiesTSV, 5, func(f []string) { out = append(out, City{f[0], f[1], f[2], f[3], f[4]}) })
	return out
}

func parseVariants() []NameVariant {
	var out []NameVariant
	eachTSVRow(variantsTSV, 2, func(f []string) { out = append(out, NameVariant{f[0], f[1]}) })
	return out
}

// eachTSVRow calls fn for each data row (the header skipped) with at least
// min fields. The files are compiled in and checked by tests, so a short
// row is a programming error.
func eachTSVRow(data []byte, min int, fn func([]string)) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for first := true; sc.Scan(); first = false {
		line := strings.TrimRight(sc.Text(), "\r")
		if first || line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < min {
			panic("domain/data: short row: " + line)
		}
		fn(f)
	}
}
