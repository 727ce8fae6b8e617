package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/internal/cli"
)

func newBackupCmd(a *app) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "backup --to FILE",
		Short: "Copy the centre's SQLite database into a new file, while serve runs, and print its SHA-256",
		Long: "backup writes one consistent copy of the SQLite database (database.path) into FILE, a new\n" +
			"file of mode 0600 (it never overwrites one), while `serve` goes on answering: SQLite's\n" +
			"VACUUM INTO reads one snapshot and does not hold up the writer. The copy is synced to\n" +
			"disk and checked (PRAGMA integrity_check, schema version) before the command prints its\n" +
			"SHA-256 and size. The scans, the letters and the PIN keys are files: back them up apart\n" +
			"(docs/OPERATIONS.md). On PostgreSQL it prints the pg_dump command to use instead.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				return cli.UsageError{Msg: "--to FILE is required"}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			if postgres.IsDSN(cfg.DatabasePath) {
				return printPostgres(cmd, pgDump(cfg.DatabasePath, to)...)
			}
			c, err := sqlite.Backup(cmd.Context(), cfg.DatabasePath, to)
			if err != nil {
				return err
			}
			db, _ := filepath.Abs(cfg.DatabasePath)
			if cli.JSONOutput(cmd) {
				return cli.WriteJSON(cmd, copyJSON{Database: db, Copy: c})
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Backed up %s into %s (mode 0600).\n", db, c.Path)
			fmt.Fprintf(w, "SHA-256 %s\n%d bytes, schema version %d, integrity ok.\n", c.SHA256, c.Bytes, c.SchemaVersion)
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the new file to write (refused if it exists)")
	cli.JSONFlag(cmd)
	return cmd
}

func newRestoreCmd(a *app) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "restore --from FILE",
		Short: "Make a backup the centre's SQLite database, at a database.path that does not exist yet",
		Long: "restore checks FILE (a copy made by `backup`: PRAGMA integrity_check, a centre's schema\n" +
			"that this program knows) and puts it in place as database.path, which must not exist yet\n" +
			"(nor a -wal, -shm or -journal beside it): move the damaged database away first, or give\n" +
			"--db a new path. The copy is written beside the path, synced, compared by SHA-256 and\n" +
			"linked into place, so the path holds all of it or nothing. `serve` migrates an older\n" +
			"schema when it starts. On PostgreSQL it prints the pg_restore command to use instead.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return cli.UsageError{Msg: "--from FILE is required"}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			if postgres.IsDSN(cfg.DatabasePath) {
				return printPostgres(cmd, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
					"--exit-on-error", "--dbname="+libpqDSN(cfg.DatabasePath), from)
			}
			c, err := sqlite.Restore(cmd.Context(), from, cfg.DatabasePath)
			if err != nil {
				return err
			}
			src, _ := filepath.Abs(from)
			if cli.JSONOutput(cmd) {
				return cli.WriteJSON(cmd, copyJSON{Database: c.Path, From: src, Copy: c})
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Restored %s as the centre's database %s.\n", src, c.Path)
			fmt.Fprintf(w, "SHA-256 %s\n%d bytes, schema version %d, integrity ok.\n", c.SHA256, c.Bytes, c.SchemaVersion)
			if c.SchemaVersion < c.LatestVersion {
				fmt.Fprintf(w, "`guichet-central serve` will migrate it from schema version %d to %d when it starts.\n",
					c.SchemaVersion, c.LatestVersion)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the backup to restore")
	cli.JSONFlag(cmd)
	return cmd
}

// copyJSON is what backup and restore print with --json.
type copyJSON struct {
	Database string `json:"database"`
	From     string `json:"from,omitempty"`
	sqlite.Copy
}

// pgCommandJSON is what backup and restore print with --json on
// PostgreSQL: the command to run, as arguments.
type pgCommandJSON struct {
	Storage string   `json:"storage"`
	Command []string `json:"command"`
	Note    string   `json:"note"`
}

// pgNote says where the password comes from and what else to keep.
const pgNote = "the password is not printed: pg_dump and pg_restore read it from PGPASSWORD or ~/.pgpass. " +
	"See docs/OPERATIONS.md (restore into a new database, then point database.path at it; point-in-time recovery)."

// printPostgres prints the PostgreSQL tool's command that does what was
// asked, and fails: guichet-central copies no PostgreSQL database itself,
// and a script must not take the printed command for a backup made.
func printPostgres(cmd *cobra.Command, argv ...string) error {
	if cli.JSONOutput(cmd) {
		if err := cli.WriteJSON(cmd, pgCommandJSON{Storage: "postgresql", Command: argv, Note: pgNote}); err != nil {
			return err
		}
	} else {
		w := cmd.OutOrStdout()
		fmt.Fprintln(w, "The centre's database is PostgreSQL: use its own tool. Run:")
		fmt.Fprintf(w, "  %s\n", shellLine(argv))
		fmt.Fprintln(w, "Note: "+pgNote)
	}
	return cli.UsageError{Msg: cmd.Name() + " copies SQLite databases only: nothing was done (run the command printed above)"}
}

// pgDump is the pg_dump command that backs up the centre at dsn into
// file: its whole database, or only its schema when the URL names one
// (search_path, as for a centre that shares a database).
func pgDump(dsn, file string) []string {
	argv := []string{"pg_dump", "--format=custom", "--file=" + file}
	if u, err := url.Parse(dsn); err == nil {
		first, _, _ := strings.Cut(u.Query().Get("search_path"), ",")
		if first = strings.Trim(strings.TrimSpace(first), `"`); first != "" && first != "$user" {
			argv = append(argv, "--schema="+first)
		}
	}
	return append(argv, "--dbname="+libpqDSN(dsn))
}

// libpqKeys are the parameters libpq (and so pg_dump and pg_restore)
// accepts in a postgres:// URL; pgx takes others (pool_*, run-time
// parameters such as search_path) that libpq would refuse.
var libpqKeys = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true, "sslmode": true,
	"sslcert": true, "sslkey": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true, "gssencmode": true,
	"krbsrvname": true, "gsslib": true, "service": true, "target_session_attrs": true, "load_balance_hosts": true,
}

// libpqDSN is the centre's URL as pg_dump takes it: without a password
// (never printed) and without the parameters only pgx knows.
func libpqDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return postgres.Redact(dsn)
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if !libpqKeys[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// shellLine quotes each argument for a POSIX shell where it needs it.
func shellLine(argv []string) string {
	out := make([]string, len(argv))
	for i, arg := range argv {
		if arg != "" && strings.Trim(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:@,") == "" {
			out[i] = arg
		} else {
			out[i] = "'" + strings.ReplaceAll(arg, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}
