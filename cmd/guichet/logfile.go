package main

import (
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/internal/buildinfo"
	"github.com/cnops/guichet/internal/logfile"
)

// consoleLog opens the console's structured log for the database at dbPath
// (log.file, beside the database when relative; none when empty) and notes
// which command of which build starts. It never writes to the terminal: the
// full-screen console owns it. The closer ends the file.
func consoleLog(cmd *cobra.Command, cfg config.Config, dbPath string) (*slog.Logger, func(), error) {
	path := cfg.LogPath(dbPath)
	if path == "" {
		return slog.New(slog.DiscardHandler), func() {}, nil
	}
	log, closer, err := logfile.Open(logfile.Options{Path: path, MaxSizeMB: cfg.LogFile.MaxSizeMB,
		MaxBackups: cfg.LogFile.MaxBackups, Level: cfg.LogLevel})
	if err != nil {
		return nil, nil, err
	}
	build := buildinfo.Get()
	log.Info("guichet starting", "command", cmd.CommandPath(), "version", build.Version, "commit", build.Commit)
	return log, func() {
		log.Info("guichet stopping", "command", cmd.CommandPath())
		closer.Close()
	}, nil
}

// headlessLog is consoleLog for a command with no full-screen console, such
// as `sync` run by a scheduler: warnings and errors also reach stderr, as
// text a person reads.
func headlessLog(cmd *cobra.Command, cfg config.Config, dbPath string, stderr io.Writer) (*slog.Logger, func(), error) {
	log, done, err := consoleLog(cmd, cfg, dbPath)
	if err != nil {
		return nil, nil, err
	}
	terminal := logfile.New(stderr, slog.LevelWarn, true).Handler()
	return slog.New(slog.NewMultiHandler(log.Handler(), terminal)), done, nil
}
