package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sysTree lays out the /proc and /sys entries a kernel shows for a disk
// layout, under a folder that stands for "/": files with their content
// and symlinks ("-> target") as sysfs has them.
func sysTree(t *testing.T, mountinfo string, entries map[string]string) string {
	t.Helper()
	root := t.TempDir()
	entries["/proc/self/mountinfo"] = mountinfo
	for path, content := range entries {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "-> "); ok {
			err = os.Symlink(target, full)
		} else {
			err = os.WriteFile(full, []byte(content+"\n"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// mountLine is one mountinfo line mounting source (fstype) at point.
func mountLine(id, majMin, point, fstype, source string) string {
	return id + " 1 " + majMin + " / " + point + " rw,relatime shared:1 - " + fstype + " " + source + " rw\n"
}

const pciDisk = "/sys/devices/pci0000:00/0000:00:1d.0/nvme/nvme0/nvme0n1"

// The layouts field laptops have, read as a kernel shows them: only a
// stack that crosses dm-crypt on every path to the disk counts as
// encrypted; what the system cannot trace is unknown, never ok.
func TestEncryptionFollowsTheDeviceStack(t *testing.T) {
	dbDir := t.TempDir()
	db := filepath.Join(dbDir, "guichet.db")
	lvmOnLUKS := map[string]string{
		"/sys/dev/block/254:1":                             "-> ../../devices/virtual/block/dm-1",
		"/sys/devices/virtual/block/dm-1/dm/uuid":          "LVM-Xq1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZx",
		"/sys/devices/virtual/block/dm-1/dm/name":          "vg-root",
		"/sys/devices/virtual/block/dm-1/slaves/dm-0":      "-> ../../dm-0",
		"/sys/devices/virtual/block/dm-0/dm/uuid":          "CRYPT-LUKS2-6f1c2f0a9b8e4d7c-luks-6f1c",
		"/sys/devices/virtual/block/dm-0/dm/name":          "luks-6f1c",
		"/sys/devices/virtual/block/dm-0/slaves/nvme0n1p3": "-> ../../../../pci0000:00/0000:00:1d.0/nvme/nvme0/nvme0n1/nvme0n1p3",
		pciDisk + "/nvme0n1p3/partition":                   "3",
	}
	for _, tc := range []struct {
		name      string
		mountinfo string
		entries   map[string]string
		status    Status
		key       string
		detail    string // found in the finding's first argument
	}{
		{"LVM on LUKS", mountLine("26", "254:1", "/", "ext4", "/dev/mapper/vg-root"), lvmOnLUKS,
			OK, "encryption.dm_crypt", "dm-1 (vg-root) → dm-0 (luks-6f1c) dm-crypt LUKS2"},
		{"a plain partition", mountLine("26", "259:2", "/", "ext4", "/dev/nvme0n1p2"), map[string]string{
			"/sys/dev/block/259:2":           "-> ../../devices/pci0000:00/0000:00:1d.0/nvme/nvme0/nvme0n1/nvme0n1p2",
			pciDisk + "/nvme0n1p2/partition": "2",
		}, Warn, "encryption.none", "nvme0n1p2 → nvme0n1"},
		{"btrfs on LUKS (an anonymous device number)", mountLine("26", "0:31", "/", "btrfs", "/dev/mapper/luks-home"), map[string]string{
			"/dev/mapper/luks-home":                   "-> ../dm-0",
			"/dev/dm-0":                               "",
			"/sys/class/block/dm-0":                   "-> ../../devices/virtual/block/dm-0",
			"/sys/devices/virtual/block/dm-0/dm/uuid": "CRYPT-PLAIN-home",
		}, OK, "encryption.dm_crypt", "dm-0 dm-crypt PLAIN"},
		{"a mirror with one side in clear", mountLine("26", "9:0", "/", "ext4", "/dev/md0"), map[string]string{
			"/sys/dev/block/9:0":                         "-> ../../devices/virtual/block/md0",
			"/sys/devices/virtual/block/md0/slaves/sda1": "-> ../../../../pci0000:00/sda/sda1",
			"/sys/devices/pci0000:00/sda/sda1/partition": "1",
			"/sys/devices/virtual/block/md0/slaves/dm-2": "-> ../../dm-2",
			"/sys/devices/virtual/block/dm-2/dm/uuid":    "CRYPT-LUKS1-aa-bb",
		}, Warn, "encryption.none", "md0 → dm-2 dm-crypt LUKS1, sda1 → sda"},
		{"a loop file on an encrypted disk", mountLine("26", "7:0", "/", "ext4", "/dev/loop0") +
			mountLine("27", "254:1", "/srv", "ext4", "/dev/mapper/vg-root"), merge(lvmOnLUKS, map[string]string{
			"/sys/dev/block/7:0": "-> ../../devices/virtual/block/loop0",
			"/sys/devices/virtual/block/loop0/loop/backing_file": "/srv/images/guichet.img",
		}), OK, "encryption.dm_crypt", "loop0 → dm-1"},
		{"overlay", mountLine("26", "0:50", "/", "overlay", "overlay"), map[string]string{},
			Unknown, "encryption.opaque", "overlay"},
		{"tmpfs", mountLine("26", "0:22", "/", "tmpfs", "tmpfs"), map[string]string{},
			OK, "encryption.memory", "tmpfs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := sysTree(t, tc.mountinfo, tc.entries)
			f := encryptionFinding(db, root)
			if f.Status != tc.status || f.Key != tc.key || len(f.Args) == 0 || !strings.Contains(f.Args[0].(string), tc.detail) {
				t.Fatalf("got %+v, want %s %s with %q", f, tc.status, tc.key, tc.detail)
			}
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// The longest mount point that holds the folder wins, spaces in paths
// come escaped, and a stray line is skipped.
func TestMountinfoPicksTheMountHoldingTheFolder(t *testing.T) {
	root := sysTree(t, "garbage line\n"+mountLine("26", "254:0", "/", "ext4", "/dev/vda")+
		mountLine("40", "8:17", `/media/field\040disk`, "vfat", "/dev/sdb1")+
		mountLine("41", "8:18", "/media/field", "ext4", "/dev/sdb2"), map[string]string{})
	w := sysWalk{root: root}
	for dir, want := range map[string]string{
		"/media/field disk/guichet": "/dev/sdb1",
		"/media/field/guichet":      "/dev/sdb2",
		"/media/fieldwork":          "/dev/vda",
		"/home/agent":               "/dev/vda",
	} {
		m, err := w.mountOf(dir)
		if err != nil || m.source != want {
			t.Errorf("mount of %s: %+v %v, want %s", dir, m, err, want)
		}
	}
}

// On the machine the tests run on, the check reads the real /proc and
// /sys: it names a status, and never fails to read them.
func TestEncryptionOnThisMachine(t *testing.T) {
	f := encryptionFinding(filepath.Join(t.TempDir(), "g.db"), "/")
	if f.Key == "unreadable" || f.Status == Fail {
		t.Fatalf("this machine's disk: %+v", f)
	}
	t.Logf("this machine: %s %s %v", f.Status, f.Key, f.Args)
}
