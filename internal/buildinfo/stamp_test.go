package buildinfo

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// A binary built with make dist's -X flags reports what they say: the
// flags name variables that exist (the linker ignores a wrong name).
func TestLinkerStampReachesTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	const pkg = "github.com/cnops/guichet/internal/buildinfo"
	bin := filepath.Join(t.TempDir(), "stamped")
	build := exec.Command(goTool, "build", "-o", bin, "-ldflags",
		"-s -w -X "+pkg+".version=9.8.7 -X "+pkg+".commit=0123456789ab -X "+pkg+".date=2026-05-01T10:00:00Z",
		"./testdata/stamped")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "stamped 9.8.7 (commit 0123456789ab, built 2026-05-01T10:00:00Z)\n"; string(out) != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}
