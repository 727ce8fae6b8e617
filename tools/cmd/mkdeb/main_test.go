package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blakesmith/ar"
)

// repo is the repository's root, where packaging/ is.
const repo = "../../.."

var built = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// fakeDist lays out what make dist builds, with small stand-ins for the
// binaries, man pages and completions of program.
func fakeDist(t *testing.T, program, arch string) string {
	t.Helper()
	dist := t.TempDir()
	put := func(rel, body string) {
		t.Helper()
		path := filepath.Join(dist, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put(filepath.Join("linux-"+arch, program), "binary of "+program+" for "+arch)
	for _, page := range []string{program, program + "-completion-bash"} {
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write([]byte(".TH " + page))
		w.Close()
		put(filepath.Join("share", "man", program, page+".1.gz"), gz.String())
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		put(filepath.Join("share", "completion", program+"."+shell), shell+" completion of "+program)
	}
	return dist
}

// entry is one file of a package, read back.
type entry struct {
	mode  int64
	group string
	body  string
	mtime time.Time
	dir   bool
}

// readDeb reads a .deb as dpkg does: an ar archive of debian-binary,
// control.tar.gz and data.tar.gz.
func readDeb(t *testing.T, path string) (members []string, control, data map[string]entry) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := ar.NewReader(f)
	for {
		h, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, h.Name)
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		switch h.Name {
		case "control.tar.gz":
			control = readTarGz(t, body)
		case "data.tar.gz":
			data = readTarGz(t, body)
		}
	}
	return members, control, data
}

func readTarGz(t *testing.T, raw []byte) map[string]entry {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]entry{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(h.Name, ".")] = entry{mode: h.Mode & 0o7777, group: h.Gname, body: string(body), mtime: h.ModTime,
			dir: h.Typeflag == tar.TypeDir}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The centre's package, from the real packaging/guichet-central.yaml: the
// binary, the hardened systemd unit, the configuration owned as the service
// needs, man pages and completions in their standard places, and the
// maintainer scripts that make the user guichet.
func TestCentrePackageHoldsTheServiceAndItsFiles(t *testing.T) {
	dist := fakeDist(t, "guichet-central", "arm64")
	out := t.TempDir()
	path, err := build(options{Config: filepath.Join(repo, "packaging", "guichet-central.yaml"), Arch: "arm64",
		Version: "v1.2.0", Date: built, Dist: dist, Root: repo, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "guichet-central_1.2.0_arm64.deb" {
		t.Errorf("package name %s", filepath.Base(path))
	}
	members, control, data := readDeb(t, path)
	if strings.Join(members, " ") != "debian-binary control.tar.gz data.tar.gz" {
		t.Fatalf("ar members %v", members)
	}

	fields := control["/control"].body
	for _, want := range []string{"Package: guichet-central\n", "Version: 1.2.0\n", "Architecture: arm64\n", "Recommends: systemd\n"} {
		if !strings.Contains(fields, want) {
			t.Errorf("control lacks %q:\n%s", want, fields)
		}
	}
	if got := control["/conffiles"].body; !strings.Contains(got, "/etc/guichet/central.yaml\n") || !strings.Contains(got, "/etc/default/guichet-central\n") {
		t.Errorf("conffiles: %q", got)
	}
	for script, source := range map[string]string{"/preinst": "central-preinstall.sh", "/postinst": "central-postinstall.sh",
		"/prerm": "central-preremove.sh", "/postrm": "central-postremove.sh"} {
		e, ok := control[script]
		if !ok || e.mode&0o111 == 0 || e.body != readFile(t, filepath.Join(repo, "packaging", "scripts", source)) {
			t.Errorf("%s: present %v, mode %o, want %s", script, ok, e.mode, source)
		}
	}
	if !strings.Contains(control["/preinst"].body, "useradd --system") {
		t.Error("preinst does not make the system user")
	}

	bin := data["/usr/bin/guichet-central"]
	if bin.body != "binary of guichet-central for arm64" || bin.mode != 0o755 {
		t.Errorf("binary: %q mode %o", bin.body, bin.mode)
	}
	unit := data["/usr/lib/systemd/system/guichet-central.service"]
	if unit.body != readFile(t, filepath.Join(repo, "packaging", "guichet-central.service")) {
		t.Error("the unit is not packaging/guichet-central.service")
	}
	for _, line := range []string{"User=guichet", "StateDirectory=guichet-central", "EnvironmentFile=-/etc/default/guichet-central",
		"NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "ProtectHome=yes", "CapabilityBoundingSet=\n",
		"ExecStart=/usr/bin/guichet-central --config /etc/guichet/central.yaml serve", "WantedBy=multi-user.target"} {
		if !strings.Contains(unit.body, line) {
			t.Errorf("the unit lacks %q", line)
		}
	}
	for _, conf := range []string{"/etc/guichet/central.yaml", "/etc/default/guichet-central"} {
		if e, ok := data[conf]; !ok || e.mode != 0o640 || e.group != "guichet" {
			t.Errorf("%s: present %v, mode %o, group %q; want 0640 root:guichet", conf, ok, e.mode, e.group)
		}
	}
	for name, e := range data {
		if e.dir && e.group != "root" {
			t.Errorf("folder %s would be given to group %s", name, e.group)
		}
	}
	// The key files are named in the settings file, which a reload re-reads
	// (a key rotation), not in the environment file, which only a restart does.
	if body := data["/etc/guichet/central.yaml"].body; !strings.Contains(body, "hmac_key_file:") || !strings.Contains(body, "box_key_file:") {
		t.Error("the settings file does not name the PIN key files")
	}
	for _, file := range []string{
		"/usr/share/man/man1/guichet-central.1.gz", "/usr/share/man/man1/guichet-central-completion-bash.1.gz",
		"/usr/share/bash-completion/completions/guichet-central", "/usr/share/zsh/vendor-completions/_guichet-central",
		"/usr/share/fish/vendor_completions.d/guichet-central.fish",
		"/usr/share/doc/guichet-central/guichet-central.example.yaml",
	} {
		e, ok := data[file]
		if !ok || e.mode != 0o644 {
			t.Errorf("%s: present %v, mode %o", file, ok, e.mode)
		}
	}
	for name, e := range data {
		if !e.mtime.Equal(built) {
			t.Errorf("%s dated %v, want the build's date %v", name, e.mtime, built)
			break
		}
	}
}

// The console's package holds the binary, its man pages and completions,
// and the example configuration; no service.
func TestConsolePackage(t *testing.T) {
	dist := fakeDist(t, "guichet", "amd64")
	path, err := build(options{Config: filepath.Join(repo, "packaging", "guichet.yaml"), Arch: "amd64",
		Version: "0.0.0-dev", Date: built, Dist: dist, Root: repo, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	_, control, data := readDeb(t, path)
	if !strings.Contains(control["/control"].body, "Package: guichet\n") || !strings.Contains(control["/control"].body, "Architecture: amd64\n") {
		t.Errorf("control:\n%s", control["/control"].body)
	}
	var names []string
	for name, e := range data {
		if e.body != "" || strings.HasSuffix(name, ".gz") {
			names = append(names, name)
		}
	}
	for _, want := range []string{"/usr/bin/guichet", "/usr/share/man/man1/guichet.1.gz", "/usr/share/bash-completion/completions/guichet",
		"/usr/share/zsh/vendor-completions/_guichet", "/usr/share/fish/vendor_completions.d/guichet.fish",
		"/usr/share/doc/guichet/config.example.yaml"} {
		if _, ok := data[want]; !ok {
			t.Errorf("%s missing; files: %v", want, names)
		}
	}
	for name := range data {
		if strings.Contains(name, "systemd") || strings.Contains(name, "guichet-central") {
			t.Errorf("the console's package holds %s", name)
		}
	}
}

// One commit gives the same package byte for byte.
func TestPackageIsReproducible(t *testing.T) {
	dist := fakeDist(t, "guichet", "amd64")
	var packages []string
	for range 2 {
		path, err := build(options{Config: filepath.Join(repo, "packaging", "guichet.yaml"), Arch: "amd64",
			Version: "1.0.0", Date: built, Dist: dist, Root: repo, Out: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		packages = append(packages, readFile(t, path))
	}
	if packages[0] != packages[1] {
		t.Fatal("two builds of the same files differ")
	}
}

func TestMistakesAreRefused(t *testing.T) {
	dist := fakeDist(t, "guichet", "amd64")
	config := filepath.Join(repo, "packaging", "guichet.yaml")
	typo := filepath.Join(t.TempDir(), "typo.yaml")
	if err := os.WriteFile(typo, []byte("name: x\narch: ${ARHC}\nversion: 1.0.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]options{
		"no binary for the architecture": {Config: config, Arch: "arm64", Version: "1.0.0", Dist: dist, Root: repo},
		"unknown variable":               {Config: typo, Arch: "amd64", Version: "1.0.0", Dist: dist, Root: repo},
		"unsupported architecture":       {Config: config, Arch: "386", Version: "1.0.0", Dist: dist, Root: repo},
		"no version":                     {Config: config, Arch: "amd64", Dist: dist, Root: repo},
	} {
		o.Out = t.TempDir()
		if _, err := build(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if entries, _ := os.ReadDir(o.Out); len(entries) != 0 {
			t.Errorf("%s: left %d files", name, len(entries))
		}
	}
}
