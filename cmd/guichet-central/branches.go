package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/sync/wire"
)

func newBranchesCmd(a *app) *cobra.Command {
	t := a.cat.T
	branches := &cobra.Command{Use: "branches", Short: t("cli.central.help.branches")}
	var b wire.Branch
	add := &cobra.Command{
		Use:   "add CODE",
		Short: t("cli.central.help.branches.add"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b.Code = args[0]
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				if err := c.AddBranch(ctx, b); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), t("cli.branches.added", domain.Sanitize(args[0])))
				return nil
			})
		},
	}
	add.Flags().StringVar(&b.Name, "name", "", t("cli.flag.branch_name"))
	add.Flags().StringVar(&b.City, "city", "", t("cli.flag.branch_city"))
	add.Flags().StringVar(&b.Region, "region", "", t("cli.flag.branch_region"))

	list := &cobra.Command{
		Use:   "list",
		Short: t("cli.help.branches.list"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withCentre(cmd, func(ctx context.Context, c *central.App, _ centralConfig) error {
				all, err := c.Branches(ctx)
				if err != nil {
					return err
				}
				return branchesTable(a.cat).Print(cmd, all)
			})
		},
	}
	cli.JSONFlag(list)
	branches.AddCommand(add, list)
	return branches
}

// branchesTable lists branches under a header in cat's language.
func branchesTable(cat *i18n.Catalog) cli.Table[wire.Branch] {
	return cli.Table[wire.Branch]{
		Header: cat.T("cli.branches.header"),
		AsJSON: func(b wire.Branch) any { return b },
		Cells:  func(b wire.Branch) []string { return []string{b.Code, b.Name, b.City, b.Region} },
	}
}
