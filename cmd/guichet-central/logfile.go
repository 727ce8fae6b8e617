package main

import (
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/internal/buildinfo"
	"github.com/cnops/guichet/internal/logfile"
)

// commandLogger is a command's log at level: serve's goes to log.file when
// set, rotated there, and every other command's to standard error, so an
// administration command run as root never creates or rotates the file of
// a service that runs as another user. The closer ends the file.
func commandLogger(cmd *cobra.Command, cfg centralConfig, level slog.Level) (*slog.Logger, func(), error) {
	if cmd.Name() != "serve" {
		return newLogger(cfg.LogFormat, level, cmd.ErrOrStderr()), func() {}, nil
	}
	log, done := newLogger(cfg.LogFormat, level, cmd.ErrOrStderr()), func() {}
	if cfg.LogFile.Path != "" {
		fileLog, closer, err := logfile.Open(logfile.Options{Path: cfg.LogFile.Path, MaxSizeMB: cfg.LogFile.MaxSizeMB,
			MaxBackups: cfg.LogFile.MaxBackups, Level: level, Text: cfg.LogFormat == "text"})
		if err != nil {
			return nil, nil, err
		}
		log, done = fileLog, func() { closer.Close() }
	}
	build := buildinfo.Get()
	log.Info("guichet-central starting", "version", build.Version, "commit", build.Commit, "built", build.Date)
	return log, done, nil
}
