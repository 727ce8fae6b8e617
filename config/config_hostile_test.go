package config_test

import (
	"testing"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/internal/hostile"
)

// Every hostile configuration value of the corpus (escape sequences and
// control characters, numbers out of range, bad URLs and zones, YAML bombs,
// devices, FIFOs and huge files as the file) stops the console's loader
// with an error naming the key, or the file when it cannot be read as one.
func TestHostileConfiguration(t *testing.T) {
	n := hostile.RunConfigCases(t, hostile.Loader{
		EnvName: config.EnvName,
		Load: func(file string) error {
			_, err := config.Load(config.Options{File: file})
			return err
		},
		Isolate: config.Isolate,
	})
	if n == 0 {
		t.Fatal("no configuration case for the console")
	}
}
