//go:build !linux

package doctor

import "runtime"

// encryptionFinding: only Linux tells Guichet how its disks are built.
// BitLocker (Windows) and FileVault (macOS) need an administrator's
// tools; the detail names them.
func encryptionFinding(string, string) Finding {
	switch runtime.GOOS {
	case "windows":
		return found(CheckEncryption, Unknown, "encryption.windows")
	case "darwin":
		return found(CheckEncryption, Unknown, "encryption.macos")
	}
	return found(CheckEncryption, Unknown, "encryption.other", runtime.GOOS)
}
