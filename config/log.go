package config

import (
	"log/slog"
	"strings"

	"github.com/cnops/guichet/domain"
)

// LogFile is where a program writes its structured log and how much of it
// is kept (see internal/logfile).
type LogFile struct {
	// Path is the file; what "" means is the program's to say (the centre
	// logs to standard error).
	Path string
	// MaxSizeMB is the size at which the file is rotated; MaxBackups the
	// number of rotated copies kept.
	MaxSizeMB  int
	MaxBackups int
}

// LogSettings are the log.file, log.max_size_mb, log.max_backups and
// log.level keys, which the console and the centre both read, with the
// file's default.
func LogSettings[C any](file func(*C) *LogFile, level func(*C) *slog.Level, defaultPath string) []Setting[C] {
	return []Setting[C]{
		{"log.file", defaultPath, func(c *C, raw string) error {
			file(c).Path = raw
			return PlainText(raw)
		}},
		{"log.max_size_mb", "10", IntIn(func(c *C) *int { return &file(c).MaxSizeMB }, 1, 1000)},
		{"log.max_backups", "5", IntIn(func(c *C) *int { return &file(c).MaxBackups }, 0, 100)},
		{"log.level", "info", LogLevel(level)},
	}
}

// LogLevel reads the least important level logged: debug, info, warn or
// error.
func LogLevel[C any](field func(*C) *slog.Level) func(*C, string) error {
	return func(c *C, raw string) error {
		level, ok := logLevels[strings.ToLower(raw)]
		if !ok {
			return domain.Explain("config.err.log_level", "must be debug, info, warn or error (got %q)", raw)
		}
		*field(c) = level
		return nil
	}
}

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError,
}
