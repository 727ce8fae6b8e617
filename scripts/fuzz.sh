#!/usr/bin/env bash
# Runs every Go fuzz target of the module in turn, sharing one time budget
# among them, and stops at the first input that fails a target.
#
#   scripts/fuzz.sh                       # FUZZTIME_TOTAL=10m over every target
#   FUZZTIME_TOTAL=2m scripts/fuzz.sh     # a shorter sweep
#   scripts/fuzz.sh ./domain ./letter     # only these packages
#
# FUZZTIME_TOTAL (10m) is the wall time the sweep aims at, builds included:
# each target gets what is left divided by the targets left, less the mean
# cost of a run beyond its fuzzing so far (builds, start-up: a second or two
# per target, more on a loaded machine), but at least FUZZTIME_MIN (1s), so
# a sweep over a short budget runs over; the last line says how long it
# took. A failing input is written by Go to <package>/testdata/fuzz/<Target>/
# <hash>; the script names it and exits 1.
# Once the bug is fixed, commit that file: `go test` then runs it with the
# seeds, as a regression test.
#
# Go 1.26's fuzz coordinator sometimes fails a target with "context deadline
# exceeded" at the end of -fuzztime although no input failed
# (go.dev/issue/75804, fixed in Go 1.27): such a run, which writes no input,
# is retried once and, failing the same way again, counted as a flake.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
GO=${GO:-go}

# seconds reads a Go-style duration of whole h, m and s units (1h30m, 90s).
seconds() {
	local d=$1 total=0
	[[ $d =~ ^([0-9]+[hms])+$ ]] || { echo "fuzz.sh: $2=$d: want a duration such as 10m, 90s or 1h30m" >&2; exit 2; }
	while [[ $d =~ ^([0-9]+)([hms])(.*)$ ]]; do
		case ${BASH_REMATCH[2]} in
		h) total=$((total + BASH_REMATCH[1] * 3600)) ;;
		m) total=$((total + BASH_REMATCH[1] * 60)) ;;
		s) total=$((total + BASH_REMATCH[1])) ;;
		esac
		d=${BASH_REMATCH[3]}
	done
	echo "$total"
}
total_s=$(seconds "${FUZZTIME_TOTAL:-10m}" FUZZTIME_TOTAL) # an assignment alone, so that set -e stops on a bad value
min_s=$(seconds "${FUZZTIME_MIN:-1s}" FUZZTIME_MIN)
total_ms=$((total_s * 1000)) min_ms=$((min_s * 1000))
now_ms() { date +%s%3N; }

# The packages holding fuzz targets, then each one's targets as go test
# lists them.
if (($# > 0)); then
	pkgs=("$@")
else
	mapfile -t pkgs < <(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u)
fi
targets=()
for pkg in "${pkgs[@]}"; do
	listed=$($GO test -list '^Fuzz' "$pkg") || { echo "$listed" >&2; echo "fuzz.sh: cannot list the targets of $pkg" >&2; exit 1; }
	for name in $(grep '^Fuzz' <<<"$listed"); do
		targets+=("$pkg $name")
	done
done
((${#targets[@]} > 0)) || { echo "fuzz.sh: no fuzz target found" >&2; exit 1; }
echo "fuzz.sh: ${#targets[@]} targets in ${#pkgs[@]} packages, ${FUZZTIME_TOTAL:-10m} in all"

# corpus lists the inputs a target has on file, to see what a run added.
corpus() { ls "$1/testdata/fuzz/$2" 2>/dev/null | sort || true; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(now_ms)
deadline=$((start + total_ms))
overhead_ms=0
flakes=()
for i in "${!targets[@]}"; do
	read -r pkg name <<<"${targets[$i]}"
	left=$((${#targets[@]} - i))
	# What is left, shared evenly, less each run's mean cost beyond its
	# fuzzing (builds, start-up) so far, so the last targets get their share.
	per=$(((deadline - $(now_ms)) / left - (i > 0 ? overhead_ms / i : 0)))
	((per >= min_ms)) || per=$min_ms
	run_start=$(now_ms)
	fuzztime=$((per / 1000)).$(printf '%03d' $((per % 1000)))s
	for attempt in 1 2; do
		before=$(corpus "$pkg" "$name")
		printf '[%d/%d] %s %s for %s\n' $((i + 1)) ${#targets[@]} "$pkg" "$name" "$fuzztime"
		if $GO test -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
			break
		fi
		added=$(comm -13 <(echo "$before") <(corpus "$pkg" "$name") | head -1)
		if [[ -n $added ]]; then
			sed -n '/--- FAIL/,$p' "$log" | grep -v '^fuzz: elapsed' | head -40
			file="$pkg/testdata/fuzz/$name/$added"
			echo
			echo "fuzz.sh: $name found a failing input: $file"
			echo "  replay it:  $GO test -run '^$name/$added\$' $pkg"
			echo "  fix the bug, then commit $file: it stays a regression test."
			exit 1
		fi
		if grep -q 'context deadline exceeded' "$log" && ! grep -q -e "--- FAIL: $name/" -e 'failure while testing seed corpus' "$log"; then
			if ((attempt == 1)); then
				echo "  no input failed (Go's deadline race, go.dev/issue/75804): once more"
				continue
			fi
			flakes+=("$pkg $name")
			break
		fi
		grep -v '^fuzz: elapsed' "$log" | tail -40
		echo
		echo "fuzz.sh: $name failed without writing an input (a seed or a committed input fails, or the build): see above"
		exit 1
	done
	overhead_ms=$((overhead_ms + $(now_ms) - run_start - per * attempt))
done
took=$((($(now_ms) - start) / 1000))
echo "fuzz.sh: all ${#targets[@]} targets passed in $((took / 60))m$((took % 60))s (budget ${FUZZTIME_TOTAL:-10m})"
if ((${#flakes[@]} > 0)); then
	echo "fuzz.sh: the deadline race struck twice in a row for: ${flakes[*]}"
fi
