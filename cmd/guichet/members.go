package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/config"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// errAmbiguous: the identifier matched several members.
var errAmbiguous = errors.New("several members match: use the registration number")

func newMembersCmd(a *app) *cobra.Command {
	members := &cobra.Command{Use: "members", Short: "Look members up (agents and supervisors)"}
	show := &cobra.Command{
		Use:   "show REGNO|CIN",
		Short: "Show a member's file, found by registration number, CIN, PPR or phone",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withService(cmd, func(ctx context.Context, svc *service.Service, _ config.Config) error {
				sess, err := a.signIn(cmd, svc, true)
				if err != nil {
					return err
				}
				found, err := svc.Lookup(ctx, sess, args[0])
				if err != nil {
					return err
				}
				switch distinct := distinctMembers(found.Matches); len(distinct) {
				case 0:
					return domain.ErrMemberNotFound
				case 1:
					file, err := svc.MemberFile(ctx, sess, distinct[0].ID)
					if err != nil {
						return err
					}
					if jsonOutput(cmd) {
						return writeJSON(cmd, memberFileJSON(file))
					}
					printMemberFile(cmd.OutOrStdout(), a, file)
					return nil
				default:
					if jsonOutput(cmd) {
						if err := writeJSON(cmd, matchesJSON(found.Matches)); err != nil {
							return err
						}
					} else {
						printMatches(cmd.OutOrStdout(), found.Matches)
					}
					return errAmbiguous
				}
			})
		},
	}
	actingFlags(show)
	jsonFlag(show)
	members.AddCommand(show)
	return members
}

func distinctMembers(ms []service.Match) []service.MemberSummary {
	seen := map[int64]bool{}
	var out []service.MemberSummary
	for _, m := range ms {
		if !seen[m.Member.ID] {
			seen[m.Member.ID] = true
			out = append(out, m.Member)
		}
	}
	return out
}

func printMatches(w io.Writer, ms []service.Match) {
	for _, m := range ms {
		s := m.Member
		fmt.Fprintf(w, "%-20s %s  %s %s  born %s  CIN %s  %s\n", m.Kind, s.RegNo,
			domain.Sanitize(s.FamilyName), domain.Sanitize(s.GivenName), s.BirthDate, s.MaskedCIN, s.SocietyCode)
	}
}

func printMemberFile(w io.Writer, a *app, f service.MemberFile) {
	m := f.Member
	s := domain.Sanitize
	fmt.Fprintf(w, "%s %s  (%s %s)\n", s(m.FamilyName), s(m.GivenName), s(m.FamilyNameAr), s(m.GivenNameAr))
	fmt.Fprintf(w, "Registration no. %s   CIN %s   PPR %s\n", m.RegNo, s(m.CIN), orDash(m.PPR))
	fmt.Fprintf(w, "Society %s (%s)   Home branch %s\n", s(m.SocietyCode), s(m.SocietyName), s(m.HomeBranch))
	fmt.Fprintf(w, "Born %s (%d)   Sex %s   Category %s   Status %s   Version %d\n",
		m.BirthDate, f.Age, m.Sex, m.Category, m.Status, m.Version)
	fmt.Fprintf(w, "Phone %s   E-mail %s\n", orDash(m.Phone), orDash(m.Email))
	fmt.Fprintln(w, "\nBeneficiaries:")
	if len(f.Beneficiaries) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, b := range f.Beneficiaries {
		fmt.Fprintf(w, "  %-6s %s %s  born %s (%d)  %s\n", b.Relation, s(b.FamilyName), s(b.GivenName),
			b.BirthDate, b.Age, eligibilityText(a, b.Eligibility))
	}
	fmt.Fprintln(w, "\nCurrent address:")
	if f.Current == nil {
		fmt.Fprintln(w, "  none")
	} else {
		fmt.Fprintf(w, "  %s\n", addressLine(*f.Current))
	}
	if len(f.History) > 0 {
		fmt.Fprintln(w, "\nFormer addresses:")
		for _, ad := range f.History {
			fmt.Fprintf(w, "  %s  (%s – %s)\n", addressLine(ad), ad.ValidFrom.Format(domain.DateLayout),
				ad.ValidTo.Format(domain.DateLayout))
		}
	}
}

func eligibilityText(a *app, e domain.Eligibility) string {
	if e.Until.IsZero() {
		return a.cat.T(e.Reason)
	}
	return a.cat.T(e.Reason, e.Until.Format(domain.DateLayout))
}

func addressLine(ad domain.Address) string {
	parts := []string{}
	for _, p := range []string{ad.Line1, ad.Line2, ad.Quarter, ad.PostalCode + " " + ad.City, ad.Province} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, domain.Sanitize(p))
		}
	}
	state := "not verified"
	if ad.Verified {
		state = "verified"
	}
	return strings.Join(parts, ", ") + " [" + state + "]"
}
