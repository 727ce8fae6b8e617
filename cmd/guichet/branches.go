package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

func newBranchesCmd(a *app) *cobra.Command {
	t := a.cat.T
	branches := &cobra.Command{Use: "branches", Short: t("cli.help.branches")}
	var b store.Branch
	add := &cobra.Command{
		Use:   "add CODE",
		Short: t("cli.help.branches.add"),
		Args:  cli.ExactArgs(a.cat, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				b.Code = args[0]
				if err := svc.AddBranch(ctx, sess, b); err != nil {
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
	actingFlags(add)

	list := &cobra.Command{
		Use:   "list",
		Short: t("cli.help.branches.list"),
		Args:  cli.NoArgs(a.cat),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				all, err := svc.Branches(ctx, sess)
				if err != nil {
					return err
				}
				return branchesTable(a.cat).Print(cmd, all)
			})
		},
	}
	actingFlags(list)
	cli.JSONFlag(list)
	branches.AddCommand(add, list)
	return branches
}

// branchesTable lists branches under a header in cat's language.
func branchesTable(cat *i18n.Catalog) cli.Table[store.Branch] {
	return cli.Table[store.Branch]{
		Header: cat.T("cli.branches.header"),
		AsJSON: func(b store.Branch) any {
			return map[string]string{"code": b.Code, "name": b.Name, "city": b.City, "region": b.Region}
		},
		Cells: func(b store.Branch) []string { return []string{b.Code, b.Name, b.City, b.Region} },
	}
}
