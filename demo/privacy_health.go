package demo

// Long-term illness (ALD, "affection de longue durée") shares by category:
// chronic illness grows with age, so retirees carry most of it; about 5 %
// of members overall.
const (
	shareALDRetired = 0.09
	shareALDActive  = 0.025
	shareALDStudent = 0.005
)

// longTermIllness draws member i's ALD status from (seed, i) on a stream
// of its own, so adding it left every other drawn value (names, ages,
// addresses) as it was for the same seed.
func longTermIllness(seed uint64, i int, category string) bool {
	share := shareALDActive
	switch category {
	case "retired":
		share = shareALDRetired
	case "student":
		share = shareALDStudent
	}
	u := float64(mix64(mix64(seed^0x414c44)+uint64(i))>>11) / (1 << 53) // uniform in [0, 1)
	return u < share
}
