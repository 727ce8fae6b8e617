//go:build !linux && !darwin && !windows

package doctor

func freeBytes(string) (int64, error) { return 0, errUnsupported }
