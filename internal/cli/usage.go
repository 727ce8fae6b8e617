package cli

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cnops/guichet/i18n"
)

// ConfigFlag is the value of --config on a command line not yet parsed
// ("" when absent): the language of the help is chosen before cobra reads
// the flags, and ui.language may be in that file.
func ConfigFlag(args []string) string {
	for i, arg := range args {
		switch {
		case arg == "--":
			return ""
		case arg == "--config" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(arg, "--config="):
			return strings.TrimPrefix(arg, "--config=")
		}
	}
	return ""
}

// ExactArgs accepts exactly n positional arguments; any other count is a
// usage error in cat's language, naming the command's usage line.
func ExactArgs(cat *i18n.Catalog, n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		if n == 0 {
			return NoArgs(cat)(cmd, args)
		}
		use := strings.Replace(cmd.UseLine(), "[flags]", cat.T("cli.usage.flags_placeholder"), 1)
		return UsageError{Msg: cat.T("cli.usage.args", i18n.Count(n), i18n.Count(len(args)), use)}
	}
}

// NoArgs accepts no positional argument: on a command with subcommands, a
// word there is an unknown command.
func NoArgs(cat *i18n.Catalog) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return nil
		case cmd.HasSubCommands():
			return UsageError{Msg: cat.T("cli.usage.unknown_command", args[0], cmd.CommandPath())}
		}
		return UsageError{Msg: cat.T("cli.usage.no_args", cmd.CommandPath(), args[0])}
	}
}

// FlagError turns pflag's parse errors into usage errors in cat's
// language; pflag writes them in English only.
func FlagError(cat *i18n.Catalog) func(*cobra.Command, error) error {
	return func(_ *cobra.Command, err error) error {
		var notExist *pflag.NotExistError
		var noValue *pflag.ValueRequiredError
		var invalid *pflag.InvalidValueError
		var syntax *pflag.InvalidSyntaxError
		switch {
		case errors.As(err, &notExist) && notExist.GetSpecifiedShortnames() != "":
			return UsageError{Msg: cat.T("cli.usage.unknown_flag", "-"+notExist.GetSpecifiedName()[:1])}
		case errors.As(err, &notExist):
			return UsageError{Msg: cat.T("cli.usage.unknown_flag", "--"+notExist.GetSpecifiedName())}
		case errors.As(err, &noValue) && noValue.GetFlag() != nil:
			return UsageError{Msg: cat.T("cli.usage.flag_needs_value", "--"+noValue.GetFlag().Name)}
		case errors.As(err, &invalid) && invalid.GetFlag() != nil:
			return UsageError{Msg: cat.T("cli.usage.flag_invalid", invalid.GetValue(), "--"+invalid.GetFlag().Name,
				valueKind(cat, invalid.GetFlag().Value.Type()))}
		case errors.As(err, &syntax):
			return UsageError{Msg: cat.T("cli.usage.flag_syntax", syntax.GetSpecifiedFlag())}
		}
		return UsageError{Msg: err.Error()}
	}
}

// valueKind says what a flag of pflag's type takes, in cat's language.
func valueKind(cat *i18n.Catalog, typ string) string {
	switch typ {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return cat.T("cli.usage.kind.integer")
	case "duration":
		return cat.T("cli.usage.kind.duration")
	case "bool":
		return cat.T("cli.usage.kind.bool")
	}
	return typ
}

// cobra's own refusals, in English: a word that names no command (on a
// command that has subcommands and no argument rule), and the count of
// arguments cobra.ExactArgs checks.
var (
	unknownCommand = regexp.MustCompile(`^unknown command ("(?:[^"\\]|\\.)*") for "([^"]*)"`)
	argCount       = regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`)
)

// cobraUsage translates the refusals cobra itself writes, which reach
// Execute without passing FlagError or an argument rule of this package;
// they are usage errors (exit code 2).
func cobraUsage(cat *i18n.Catalog, err error) error {
	if m := unknownCommand.FindStringSubmatch(err.Error()); m != nil {
		word, uerr := strconv.Unquote(m[1])
		if uerr != nil {
			word = m[1]
		}
		return UsageError{Msg: cat.T("cli.usage.unknown_command", word, m[2])}
	}
	if m := argCount.FindStringSubmatch(err.Error()); m != nil {
		want, _ := strconv.Atoi(m[1])
		got, _ := strconv.Atoi(m[2])
		return UsageError{Msg: cat.T("cli.usage.arg_count", i18n.Count(want), i18n.Count(got))}
	}
	return err
}
