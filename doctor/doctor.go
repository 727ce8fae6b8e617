// Package doctor checks a console's health for `guichet doctor`: the
// configuration, the database (integrity, schema version, free disk space,
// disk encryption), the centre (reachability, TLS, clock skew, the device
// token), the outbox and the audit chain. It only reads: nothing is
// written to the database or sent to the centre but two GET requests.
// Each check gives a Finding whose message key the caller translates.
package doctor

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"time"

	"github.com/cnops/guichet/store"
)

// Status is a check's outcome.
type Status string

// Statuses, from best to worst; Unknown is where the system does not tell
// (it changes no exit code).
const (
	OK      Status = "ok"
	Unknown Status = "unknown"
	Warn    Status = "warn"
	Fail    Status = "fail"
)

// Check names, in report order.
const (
	CheckConfig     = "config"
	CheckDatabase   = "database"
	CheckSchema     = "schema"
	CheckDisk       = "disk"
	CheckEncryption = "encryption"
	CheckCentre     = "centre"
	CheckTLS        = "tls"
	CheckClock      = "clock"
	CheckToken      = "token"
	CheckQueue      = "queue"
	CheckAudit      = "audit"
)

// Finding is one check's outcome. Key is a message key under "doctor."
// and Args fill it; an error or a MessageKey among Args is the caller's
// to render too.
type Finding struct {
	Check  string
	Status Status
	Key    string
	Args   []any
}

// MessageKey is an argument that is itself a message key (a reason).
type MessageKey string

func found(check string, s Status, key string, args ...any) Finding {
	return Finding{Check: check, Status: s, Key: key, Args: args}
}

// Report is every check's finding, in order.
type Report struct {
	Findings []Finding
}

// Worst is the report's outcome: Fail, else Warn, else OK.
func (r Report) Worst() Status {
	worst := OK
	for _, f := range r.Findings {
		switch {
		case f.Status == Fail:
			return Fail
		case f.Status == Warn:
			worst = Warn
		}
	}
	return worst
}

// Find returns the finding of one check, if the report has it.
func (r Report) Find(check string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.Check == check {
			return f, true
		}
	}
	return Finding{}, false
}

// Defaults of Options.
const (
	DefaultMinFree    = 1 << 30 // warn below 1 GiB free
	DefaultQuickAbove = 1 << 30 // quick_check above 1 GiB, unless Full
	DefaultTimeout    = 10 * time.Second
)

// Options say what to check.
type Options struct {
	// ConfigFile is the configuration file read ("" for none); ConfigErr
	// is why it could not be loaded (the other checks still run when
	// DatabasePath is known, from --db say).
	ConfigFile string
	ConfigErr  error
	// DatabasePath is the console's database; DocumentsDir its scans.
	DatabasePath string
	DocumentsDir string
	// CentralURL replaces the address recorded at provisioning (the
	// configuration's sync.central_url), when set.
	CentralURL string
	// HTTPClient reaches the centre (default: a new client); Timeout
	// bounds each request (DefaultTimeout).
	HTTPClient *http.Client
	Timeout    time.Duration
	// MinFree is the free space under which the disk check warns
	// (DefaultMinFree); twice the database's size counts too.
	MinFree int64
	// Full runs integrity_check whatever the size; otherwise a database
	// over QuickAbove (DefaultQuickAbove) gets the faster quick_check.
	Full       bool
	QuickAbove int64
	Now        func() time.Time
	Location   *time.Location // of the times shown (time.Local)
	// SysRoot is where /proc and /sys are read ("/"; tests give a copy).
	SysRoot string
}

func (o *Options) defaults() {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MinFree <= 0 {
		o.MinFree = DefaultMinFree
	}
	if o.QuickAbove <= 0 {
		o.QuickAbove = DefaultQuickAbove
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.SysRoot == "" {
		o.SysRoot = "/"
	}
}

// Run runs every check. It never fails: what cannot be checked is a
// finding too.
func Run(ctx context.Context, opts Options) Report {
	opts.defaults()
	var r Report
	add := func(fs ...Finding) { r.Findings = append(r.Findings, fs...) }
	add(configFinding(opts))
	if opts.DatabasePath == "" {
		add(found(CheckDatabase, Fail, "database.no_path"))
		return r
	}
	if abs, err := filepath.Abs(opts.DatabasePath); err == nil {
		opts.DatabasePath = abs
	}
	health, err := store.Check(ctx, opts.DatabasePath, false)
	if err == nil && !opts.Full && health.Bytes > opts.QuickAbove {
		health, err = store.Check(ctx, opts.DatabasePath, true)
	}
	add(databaseFindings(health, err)...)
	if errors.Is(err, store.ErrNoDatabase) {
		return r
	}
	add(diskFinding(opts.DatabasePath, health.Bytes, opts.MinFree))
	add(encryptionFinding(opts.DatabasePath, opts.SysRoot))

	db, err := store.OpenReadOnly(ctx, opts.DatabasePath)
	if err != nil {
		add(found(CheckQueue, Unknown, "unreadable", err))
		return r
	}
	defer db.Close()
	local, err := readLocal(ctx, db)
	if err != nil {
		add(found(CheckCentre, Unknown, "unreadable", err))
	} else {
		add(centreFindings(ctx, opts, local)...)
	}
	add(queueFinding(ctx, db, opts, local))
	add(auditFinding(ctx, db, local))
	return r
}

func configFinding(opts Options) Finding {
	switch {
	case opts.ConfigErr != nil:
		return found(CheckConfig, Fail, "config.invalid", opts.ConfigErr)
	case opts.ConfigFile == "":
		return found(CheckConfig, OK, "config.defaults")
	}
	return found(CheckConfig, OK, "config.file", opts.ConfigFile)
}
