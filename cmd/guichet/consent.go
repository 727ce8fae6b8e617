package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

// overridePasswordEnv holds the password of the second person named by
// --override-by (never a flag: it would show in the process list).
const overridePasswordEnv = "GUICHET_OVERRIDE_PASSWORD"

// overrideFlags are a second person's consent on a headless command
// (DESIGN.md: an evidence exception, a cooling-off override): a supervisor
// other than the acting user, --override-by USER with that user's
// password in GUICHET_OVERRIDE_PASSWORD, and --override-reason. Every
// command that takes a consent reads it the same way.
type overrideFlags struct{ by, reason string }

// add registers the flags on cmd; the usages say what the consent is for
// (byUsage names where the password comes from).
func (o *overrideFlags) add(cmd *cobra.Command, byUsage, reasonUsage string) {
	f := cmd.Flags()
	f.StringVar(&o.by, "override-by", "", byUsage)
	f.StringVar(&o.reason, "override-reason", "", reasonUsage)
}

// consent is the consent given, nil without --override-by. A reason
// without a person, or a person without a password, is a usage error
// before anything is done.
func (o overrideFlags) consent(cat *i18n.Catalog) (*service.Consent, error) {
	switch {
	case o.by == "" && o.reason != "":
		return nil, cli.UsageError{Msg: cat.T("cli.usage.override_reason_alone")}
	case o.by == "":
		return nil, nil
	}
	pw := os.Getenv(overridePasswordEnv)
	if pw == "" {
		return nil, cli.UsageError{Msg: cat.T("cli.usage.override_password", overridePasswordEnv)}
	}
	return &service.Consent{Username: o.by, Password: pw, Reason: o.reason}, nil
}
