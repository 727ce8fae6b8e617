package clidoc

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

// newCompletionCmd is cobra's `completion` command with its help in cat's
// language (cobra's own has English text only, and it binds standard
// output when it is made, not when it runs).
func newCompletionCmd(cat *i18n.Catalog, program string) *cobra.Command {
	completion := &cobra.Command{
		Use:   "completion",
		Short: cat.T("cli.help.completion"),
		Long:  cat.T("cli.help.completion.long", program),
		Args:  cli.NoArgs(cat),
	}
	var noDescriptions bool
	shell := func(name, long string, write func(root *cobra.Command, w io.Writer, descriptions bool) error) *cobra.Command {
		cmd := &cobra.Command{
			Use:                   name,
			Short:                 cat.T("cli.help.completion.shell", name),
			Long:                  long,
			Args:                  cli.NoArgs(cat),
			DisableFlagsInUseLine: true,
			ValidArgsFunction:     cobra.NoFileCompletions,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return write(cmd.Root(), cmd.OutOrStdout(), !noDescriptions)
			},
		}
		cmd.Flags().BoolVar(&noDescriptions, "no-descriptions", false, cat.T("cli.flag.no_descriptions"))
		return cmd
	}
	completion.AddCommand(
		shell("bash", cat.T("cli.help.completion.bash", program), func(root *cobra.Command, w io.Writer, d bool) error {
			return root.GenBashCompletionV2(w, d)
		}),
		shell("zsh", cat.T("cli.help.completion.zsh", program), func(root *cobra.Command, w io.Writer, d bool) error {
			if d {
				return root.GenZshCompletion(w)
			}
			return root.GenZshCompletionNoDesc(w)
		}),
		shell("fish", cat.T("cli.help.completion.fish", program), func(root *cobra.Command, w io.Writer, d bool) error {
			return root.GenFishCompletion(w, d)
		}),
		shell("powershell", cat.T("cli.help.completion.powershell", program), func(root *cobra.Command, w io.Writer, d bool) error {
			if d {
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return root.GenPowerShellCompletion(w)
		}),
	)
	return completion
}
