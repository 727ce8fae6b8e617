package config

import (
	"strconv"

	"github.com/cnops/guichet/domain"
)

// Retention is how long delivered data stays on the console (Law 09-08:
// keep only what the job needs); the centre keeps its own copy.
type Retention struct {
	// AuditDays: audit entries the centre acknowledged go after this many
	// days; DocumentsDays: scans the centre holds. 0 keeps them for good.
	AuditDays, DocumentsDays int
	// Automatic runs the purge after each successful sync pass.
	Automatic bool
}

// maxRetentionDays bounds both retentions (ten years).
const maxRetentionDays = 3650

// The retention.* keys. Defaults: the local audit chain answers questions
// about the last six months offline (a request's history, who looked at a
// member) while the centre keeps it all; scans of identity documents are
// the riskiest data on a laptop that travels, and once the centre holds
// them a month covers any question at the counter about a recent request.
var (
	retentionAuditDays     = Setting[Config]{"retention.audit_days", "180", retentionDays(func(c *Config) *int { return &c.Retention.AuditDays })}
	retentionDocumentsDays = Setting[Config]{"retention.documents_days", "30", retentionDays(func(c *Config) *int { return &c.Retention.DocumentsDays })}
	retentionAutomatic     = Setting[Config]{"retention.automatic", "true", func(c *Config, raw string) error {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return domain.Explain("config.err.bool", "must be true or false (got %q)", raw)
		}
		c.Retention.Automatic = b
		return nil
	}}
)

// retentionDays reads a number of days, 0 meaning "keep for good".
func retentionDays(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, raw string) error {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > maxRetentionDays {
			return domain.Explain("config.err.retention_days", "must be a number of days from 1 to %d, or 0 to keep for good (got %q)", maxRetentionDays, raw)
		}
		*field(c) = n
		return nil
	}
}
