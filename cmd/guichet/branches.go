package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

func newBranchesCmd(a *app) *cobra.Command {
	branches := &cobra.Command{Use: "branches", Short: "The branch offices this console knows"}
	var b store.Branch
	add := &cobra.Command{
		Use:   "add CODE",
		Short: "Record a branch office (admin; standalone consoles only)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				b.Code = args[0]
				if err := svc.AddBranch(ctx, sess, b); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Added branch %s.\n", args[0])
				return nil
			})
		},
	}
	add.Flags().StringVar(&b.Name, "name", "", "branch name (required)")
	add.Flags().StringVar(&b.City, "city", "", "city (required)")
	add.Flags().StringVar(&b.Region, "region", "", "region (required)")
	actingFlags(add)

	list := &cobra.Command{
		Use:   "list",
		Short: "List the branches",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				all, err := svc.Branches(ctx, sess)
				if err != nil {
					return err
				}
				return branchesTable.Print(cmd, all)
			})
		},
	}
	actingFlags(list)
	cli.JSONFlag(list)
	branches.AddCommand(add, list)
	return branches
}

var branchesTable = cli.Table[store.Branch]{
	Header: "CODE\tNAME\tCITY\tREGION",
	AsJSON: func(b store.Branch) any {
		return map[string]string{"code": b.Code, "name": b.Name, "city": b.City, "region": b.Region}
	},
	Cells: func(b store.Branch) []string { return []string{b.Code, b.Name, b.City, b.Region} },
}
