package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/sync/wire"
)

func newBranchesCmd(a *app) *cobra.Command {
	branches := &cobra.Command{Use: "branches", Short: "The branch offices (the reference table the consoles receive)"}
	var b wire.Branch
	add := &cobra.Command{
		Use:   "add CODE",
		Short: "Record a branch office",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b.Code = args[0]
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.AddBranch(ctx, b); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Added branch %s.\n", domain.Sanitize(args[0]))
				return nil
			})
		},
	}
	add.Flags().StringVar(&b.Name, "name", "", "branch name (required)")
	add.Flags().StringVar(&b.City, "city", "", "city (required)")
	add.Flags().StringVar(&b.Region, "region", "", "region (required)")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the branches",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.Branches(ctx)
				if err != nil {
					return err
				}
				return branchesTable.Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)
	branches.AddCommand(add, list)
	return branches
}

var branchesTable = cli.Table[wire.Branch]{
	Header: "CODE\tNAME\tCITY\tREGION",
	AsJSON: func(b wire.Branch) any { return b },
	Cells:  func(b wire.Branch) []string { return []string{b.Code, b.Name, b.City, b.Region} },
}
