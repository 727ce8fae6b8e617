package config_test

import (
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/config/configtest"
)

// The example file documents every key with its default and nothing else.
func TestExampleFileDocumentsEveryKeyWithDefaults(t *testing.T) {
	example, err := filepath.Abs("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	config.Isolate(t)
	configtest.CheckExample(t, config.Console, example)
}
