package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central/postgres"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

func newBackupCmd(a *app) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "backup --to FILE",
		Short: a.cat.T("cli.central.help.backup"),
		Long:  a.cat.T("cli.central.help.backup.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				return cli.UsageError{Msg: a.cat.T("cli.usage.required", "--to FILE")}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			if postgres.IsDSN(cfg.DatabasePath) {
				return a.printPostgres(cmd, pgDump(cfg.DatabasePath, to)...)
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
			fmt.Fprintln(w, a.cat.T("cli.central.backup.done", db, c.Path))
			fmt.Fprintln(w, a.cat.T("backup.sum", c.SHA256))
			fmt.Fprintln(w, a.cat.T("backup.detail", i18n.Count(c.Bytes), c.SchemaVersion))
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", a.cat.T("cli.flag.backup_to"))
	cli.JSONFlag(cmd)
	return cmd
}

func newRestoreCmd(a *app) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "restore --from FILE",
		Short: a.cat.T("cli.central.help.restore"),
		Long:  a.cat.T("cli.central.help.restore.long"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return cli.UsageError{Msg: a.cat.T("cli.usage.required", "--from FILE")}
			}
			cfg, err := a.config(cmd)
			if err != nil {
				return err
			}
			if postgres.IsDSN(cfg.DatabasePath) {
				return a.printPostgres(cmd, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
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
			fmt.Fprintln(w, a.cat.T("cli.central.restore.done", src, c.Path))
			fmt.Fprintln(w, a.cat.T("backup.sum", c.SHA256))
			fmt.Fprintln(w, a.cat.T("backup.detail", i18n.Count(c.Bytes), c.SchemaVersion))
			if c.SchemaVersion < c.LatestVersion {
				fmt.Fprintln(w, a.cat.T("cli.central.restore.migrate", c.SchemaVersion, c.LatestVersion))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", a.cat.T("cli.flag.restore_from"))
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

// pgNote says where the password comes from and what else to keep (in
// English in the JSON, whose words are stable; in the catalogue for text).
const pgNote = "the password is not printed: pg_dump and pg_restore read it from PGPASSWORD or ~/.pgpass. " +
	"See docs/OPERATIONS.md (restore into a new database, then point database.path at it; point-in-time recovery)."

// printPostgres prints the PostgreSQL tool's command that does what was
// asked, and fails: guichet-central copies no PostgreSQL database itself,
// and a script must not take the printed command for a backup made.
func (a *app) printPostgres(cmd *cobra.Command, argv ...string) error {
	if cli.JSONOutput(cmd) {
		if err := cli.WriteJSON(cmd, pgCommandJSON{Storage: "postgresql", Command: argv, Note: pgNote}); err != nil {
			return err
		}
	} else {
		w := cmd.OutOrStdout()
		fmt.Fprintln(w, a.cat.T("cli.central.pg.run"))
		fmt.Fprintf(w, "  %s\n", shellLine(argv))
		fmt.Fprintln(w, a.cat.T("cli.central.pg.note"))
	}
	return cli.UsageError{Msg: a.cat.T("cli.central.pg.refused", cmd.Name())}
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
