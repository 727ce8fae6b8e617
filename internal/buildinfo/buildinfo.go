// Package buildinfo tells which build of Guichet is running: the version,
// commit and date that `make dist` stamps with -ldflags, or, for a plain
// `go build` or `go install`, what the Go toolchain recorded of the module
// and its version control.
package buildinfo

import (
	"fmt"
	"runtime/debug"
)

// Stamped by `make dist`:
//
//	-X github.com/cnops/guichet/internal/buildinfo.version=1.2.0
//	-X github.com/cnops/guichet/internal/buildinfo.commit=0123456789ab
//	-X github.com/cnops/guichet/internal/buildinfo.date=2026-05-01T10:00:00Z
var version, commit, date string

// Unknown stands for what neither the stamp nor the toolchain recorded.
const Unknown = "unknown"

// Info is one build's identity.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
}

// Get returns the running build's identity.
func Get() Info { return resolve(version, commit, date, debug.ReadBuildInfo) }

// Line is the --version line: "guichet 1.2.0 (commit 0123456789ab, built
// 2026-05-01T10:00:00Z)".
func (i Info) Line(program string) string {
	return fmt.Sprintf("%s %s (commit %s, built %s)", program, i.Version, i.Commit, i.Date)
}

// resolve fills what the stamp left empty from the toolchain's record: the
// module's version (a `go install ...@v1.2.0`) and the vcs.* settings of a
// build inside a checkout (absent under -buildvcs=false).
func resolve(version, commit, date string, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: version, Commit: commit, Date: date}
	bi, ok := read()
	if ok && info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		info.Version = bi.Main.Version
	}
	if ok {
		var modified bool
		var revision, when string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if info.Commit == "" && revision != "" {
			info.Commit = shortCommit(revision)
			if modified {
				info.Commit += "-dirty"
			}
		}
		if info.Date == "" {
			info.Date = when
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = Unknown
	}
	if info.Date == "" {
		info.Date = Unknown
	}
	return info
}

// shortCommit keeps 12 hex digits, as `git rev-parse --short=12` does.
func shortCommit(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
