// Command mkdeb builds a .deb package from one of packaging/*.yaml (an nfpm
// configuration) with nfpm's Go API, for `make dist`:
//
//	mkdeb -config packaging/guichet-central.yaml -arch arm64 -version 1.2.0 \
//	      -date 2026-05-01T10:00:00Z -dist dist -out dist
//
// The configuration may use ${ARCH}, ${VERSION} and ${DIST} (the folder of
// built binaries, man pages and completions); any other variable is an
// error, so that a typo cannot package an empty path. Relative sources are
// taken from -root (the repository). Every file in the package gets -date as
// its time, so one commit always gives the same package.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
)

// options are mkdeb's flags.
type options struct {
	Config  string
	Arch    string
	Version string
	Date    time.Time
	Dist    string
	Root    string
	Out     string
}

func main() {
	var o options
	var date string
	flag.StringVar(&o.Config, "config", "", "nfpm configuration (packaging/NAME.yaml)")
	flag.StringVar(&o.Arch, "arch", "amd64", "Debian architecture: amd64 or arm64")
	flag.StringVar(&o.Version, "version", "", "package version, such as 1.2.0 or 0.0.0-dev")
	flag.StringVar(&date, "date", "", "time given to every file, RFC 3339 (the commit's date)")
	flag.StringVar(&o.Dist, "dist", "dist", "folder of the built files, ${DIST} in the configuration")
	flag.StringVar(&o.Root, "root", ".", "folder that relative sources are taken from")
	flag.StringVar(&o.Out, "out", "dist", "folder the .deb is written to")
	flag.Parse()
	if date != "" {
		t, err := time.Parse(time.RFC3339, date)
		if err != nil {
			fail(fmt.Errorf("-date: %w", err))
		}
		o.Date = t
	}
	path, err := build(o)
	if err != nil {
		fail(err)
	}
	fmt.Println(path)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mkdeb:", err)
	os.Exit(1)
}

// build writes the package and returns its path.
func build(o options) (string, error) {
	if o.Config == "" || o.Version == "" {
		return "", errors.New("-config and -version are required")
	}
	if o.Arch != "amd64" && o.Arch != "arm64" {
		return "", fmt.Errorf("-arch %q: amd64 or arm64", o.Arch)
	}
	dist, err := filepath.Abs(o.Dist)
	if err != nil {
		return "", err
	}
	vars := map[string]string{"ARCH": o.Arch, "VERSION": strings.TrimPrefix(o.Version, "v"), "DIST": dist}
	var unknown []string
	cfg, err := nfpm.ParseFileWithEnvMapping(o.Config, func(name string) string {
		v, ok := vars[name]
		if !ok && !strings.HasPrefix(name, "NFPM_") { // nfpm asks for its signing passphrases
			unknown = append(unknown, name)
		}
		return v
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", o.Config, err)
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return "", fmt.Errorf("%s uses unknown variables %s (known: ARCH, VERSION, DIST)", o.Config, strings.Join(slices.Compact(unknown), ", "))
	}
	info, err := cfg.Get("deb")
	if err != nil {
		return "", err
	}
	if err := anchor(info, o.Root); err != nil {
		return "", err
	}
	info.MTime = o.Date
	info = nfpm.WithDefaults(info)
	packager, err := nfpm.Get("deb")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return "", err
	}
	target := filepath.Join(o.Out, packager.ConventionalFileName(info))
	f, err := os.Create(target)
	if err != nil {
		return "", err
	}
	info.Target = target
	if err := packager.Package(info, f); err != nil {
		f.Close()
		os.Remove(target)
		return "", fmt.Errorf("%s: %w", o.Config, err)
	}
	return target, f.Close()
}

// anchor takes the configuration's relative sources and scripts from root,
// whatever the working directory, and checks that each exists: nfpm would
// silently package nothing for a glob that matches no file.
func anchor(info *nfpm.Info, root string) error {
	at := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(root, *p)
		}
	}
	for _, c := range info.Contents {
		if c.Type == "dir" || c.Type == "ghost" || c.Type == "symlink" || c.Source == "" {
			continue
		}
		at(&c.Source)
		matches, err := filepath.Glob(c.Source)
		if err != nil || len(matches) == 0 {
			return fmt.Errorf("no file for %s (packaged as %s): run make dist", c.Source, c.Destination)
		}
	}
	s := &info.Scripts
	for _, p := range []*string{&s.PreInstall, &s.PostInstall, &s.PreRemove, &s.PostRemove} {
		at(p)
	}
	return nil
}
