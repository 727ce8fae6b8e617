// Package central owns the reference centre: it applies the entries that
// consoles push with the same domain rules as the console's service layer
// (maker-checker across devices, one pending change per member, record
// versions), keeps idempotency records for good, verifies each device's
// audit chain, serves each device the feed of its branch, and manages
// devices and accounts. Its data sits behind the Storage interface: SQLite
// by default, PostgreSQL for national scale.
package central
