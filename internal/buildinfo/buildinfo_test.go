package buildinfo

import (
	"runtime/debug"
	"testing"
)

func record(version string, settings ...string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/cnops/guichet", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi, true
	}
}

func TestStampWinsOverTheToolchainRecord(t *testing.T) {
	got := resolve("1.2.0", "0123456789ab", "2026-05-01T10:00:00Z",
		record("v9.9.9", "vcs.revision", "ffffffffffffffffffff", "vcs.time", "2020-01-01T00:00:00Z"))
	want := Info{Version: "1.2.0", Commit: "0123456789ab", Date: "2026-05-01T10:00:00Z"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestUnstampedBuildFallsBackToVCSSettings(t *testing.T) {
	got := resolve("", "", "", record("(devel)",
		"vcs.revision", "6901b7b2c3d4e5f60718293a4b5c6d7e8f901234", "vcs.time", "2026-04-30T08:15:00Z", "vcs.modified", "true"))
	want := Info{Version: "dev", Commit: "6901b7b2c3d4-dirty", Date: "2026-04-30T08:15:00Z"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestGoInstallVersionIsUsed(t *testing.T) {
	if got := resolve("", "", "", record("v1.4.2")); got != (Info{Version: "v1.4.2", Commit: Unknown, Date: Unknown}) {
		t.Fatalf("got %+v", got)
	}
}

func TestNoRecordAtAll(t *testing.T) {
	got := resolve("", "", "", func() (*debug.BuildInfo, bool) { return nil, false })
	if got != (Info{Version: "dev", Commit: Unknown, Date: Unknown}) {
		t.Fatalf("got %+v", got)
	}
	if line := got.Line("guichet"); line != "guichet dev (commit unknown, built unknown)" {
		t.Fatalf("line %q", line)
	}
}
