package doctor

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// encryptionFinding tells whether the database's disk is encrypted:
// the file's mount (from /proc/self/mountinfo), then its block device in
// /sys, walked down through device-mapper, RAID and loop layers: the
// data is encrypted when every path to the disk crosses a dm-crypt
// (LUKS or plain) device, whose dm/uuid starts with "CRYPT-". Network and
// layered file systems (overlay, NFS, FUSE, ZFS) do not tell: unknown.
func encryptionFinding(dbPath, root string) Finding {
	dir, err := filepath.EvalSymlinks(filepath.Dir(dbPath))
	if err != nil {
		return found(CheckEncryption, Unknown, "unreadable", err)
	}
	w := sysWalk{root: root}
	enc, desc, err := w.pathEncrypted(dir)
	var fsErr *opaqueFS
	switch {
	case errors.As(err, &fsErr) && fsErr.memory:
		return found(CheckEncryption, OK, "encryption.memory", fsErr.fstype)
	case errors.As(err, &fsErr) && fsErr.fstype == "ecryptfs":
		return found(CheckEncryption, OK, "encryption.ecryptfs")
	case errors.As(err, &fsErr):
		return found(CheckEncryption, Unknown, "encryption.opaque", fsErr.fstype, fsErr.source)
	case err != nil:
		return found(CheckEncryption, Unknown, "unreadable", err)
	case enc:
		return found(CheckEncryption, OK, "encryption.dm_crypt", desc)
	}
	return found(CheckEncryption, Warn, "encryption.none", desc)
}

// sysWalk reads /proc and /sys under root ("/" but in tests).
type sysWalk struct {
	root  string
	depth int
}

// maxDepth bounds the walk through stacked devices (and loop files).
const maxDepth = 16

func (w *sysWalk) at(path string) string { return filepath.Join(w.root, path) }

// opaqueFS is a file system whose backing disk the system does not name.
type opaqueFS struct {
	fstype, source string
	memory         bool // tmpfs, ramfs: never written to a disk of its own
}

func (e *opaqueFS) Error() string { return e.fstype + " on " + e.source }

// mount is one line of mountinfo.
type mount struct {
	major, minor   int
	point          string
	fstype, source string
}

// pathEncrypted finds the mount holding dir (the longest mount point
// that contains it) and walks its block device.
func (w *sysWalk) pathEncrypted(dir string) (bool, string, error) {
	if w.depth++; w.depth > maxDepth {
		return false, "", errors.New("devices stacked too deep")
	}
	m, err := w.mountOf(dir)
	if err != nil {
		return false, "", err
	}
	switch m.fstype {
	case "tmpfs", "ramfs":
		return false, "", &opaqueFS{fstype: m.fstype, source: m.source, memory: true}
	case "ecryptfs":
		return false, "", &opaqueFS{fstype: m.fstype, source: m.source}
	}
	node := w.blockNode(m)
	if node == "" {
		return false, "", &opaqueFS{fstype: m.fstype, source: m.source}
	}
	return w.deviceEncrypted(node)
}

func (w *sysWalk) mountOf(dir string) (mount, error) {
	f, err := os.Open(w.at("/proc/self/mountinfo"))
	if err != nil {
		return mount{}, err
	}
	defer f.Close()
	var best mount
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m, ok := parseMountinfo(sc.Text())
		if ok && within(dir, m.point) && len(m.point) >= len(best.point) {
			best = m
		}
	}
	if err := sc.Err(); err != nil {
		return mount{}, err
	}
	if best.point == "" {
		return mount{}, fmt.Errorf("no mount holds %s", dir)
	}
	return best, nil
}

// parseMountinfo reads "ID PARENT MAJ:MIN ROOT POINT OPTS [TAGS...] -
// FSTYPE SOURCE SUPER"; spaces in paths come escaped as \040.
func parseMountinfo(line string) (mount, bool) {
	fields := strings.Fields(line)
	sep := -1
	for i, f := range fields {
		if f == "-" && i >= 6 {
			sep = i
			break
		}
	}
	if sep < 0 || len(fields) < sep+3 {
		return mount{}, false
	}
	maj, mnr, ok := strings.Cut(fields[2], ":")
	major, err1 := strconv.Atoi(maj)
	minor, err2 := strconv.Atoi(mnr)
	if !ok || err1 != nil || err2 != nil {
		return mount{}, false
	}
	return mount{major: major, minor: minor, point: unescapeMount(fields[4]),
		fstype: fields[sep+1], source: unescapeMount(fields[sep+2])}, true
}

// unescapeMount undoes the kernel's octal escapes (\040 space, \011 tab,
// \012 newline, \134 backslash).
func unescapeMount(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func within(path, point string) bool {
	return point == "/" || path == point || strings.HasPrefix(path, point+"/")
}

// blockNode is the mount's device folder in /sys, or "" when it has none:
// by its numbers, or (btrfs shows an anonymous 0:N) by its source.
func (w *sysWalk) blockNode(m mount) string {
	if m.major != 0 {
		if p, err := filepath.EvalSymlinks(w.at(fmt.Sprintf("/sys/dev/block/%d:%d", m.major, m.minor))); err == nil {
			return p
		}
	}
	if !strings.HasPrefix(m.source, "/dev/") {
		return ""
	}
	dev, err := filepath.EvalSymlinks(w.at(m.source))
	if err != nil {
		return ""
	}
	p, err := filepath.EvalSymlinks(w.at("/sys/class/block/" + filepath.Base(dev)))
	if err != nil {
		return ""
	}
	return p
}

// deviceEncrypted walks one block device: dm-crypt is encrypted; a
// device built on others (slaves: LVM, RAID, a dm-crypt's own disk) is
// when all of them are; a loop device is when its backing file is; a
// partition is when its disk is; anything else is not.
func (w *sysWalk) deviceEncrypted(node string) (bool, string, error) {
	if w.depth++; w.depth > maxDepth {
		return false, "", errors.New("devices stacked too deep")
	}
	name := filepath.Base(node)
	if uuid := readTrimmed(filepath.Join(node, "dm", "uuid")); uuid != "" {
		label := name
		if dm := readTrimmed(filepath.Join(node, "dm", "name")); dm != "" {
			label += " (" + dm + ")"
		}
		if kind, ok := strings.CutPrefix(uuid, "CRYPT-"); ok {
			kind, _, _ = strings.Cut(kind, "-")
			return true, label + " dm-crypt " + kind, nil
		}
		name = label
	}
	if backing := readTrimmed(filepath.Join(node, "loop", "backing_file")); backing != "" {
		enc, desc, err := w.pathEncrypted(filepath.Dir(backing))
		return enc, name + " → " + desc, err
	}
	slaves, _ := os.ReadDir(filepath.Join(node, "slaves"))
	if len(slaves) > 0 {
		all, descs := true, make([]string, 0, len(slaves))
		for _, s := range slaves {
			p, err := filepath.EvalSymlinks(filepath.Join(node, "slaves", s.Name()))
			if err != nil {
				return false, "", err
			}
			enc, desc, err := w.deviceEncrypted(p)
			if err != nil {
				return false, "", err
			}
			all = all && enc
			descs = append(descs, desc)
		}
		return all, name + " → " + strings.Join(descs, ", "), nil
	}
	if _, err := os.Stat(filepath.Join(node, "partition")); err == nil {
		enc, desc, err := w.deviceEncrypted(filepath.Dir(node))
		return enc, name + " → " + desc, err
	}
	return false, name, nil
}

func readTrimmed(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
