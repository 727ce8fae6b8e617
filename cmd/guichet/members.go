package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
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
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
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
					if cli.JSONOutput(cmd) {
						return cli.WriteJSON(cmd, memberFileJSON(file))
					}
					printMemberFile(cmd.OutOrStdout(), a, file)
					return nil
				default:
					if cli.JSONOutput(cmd) {
						if err := cli.WriteJSON(cmd, matchesJSON(found.Matches)); err != nil {
							return err
						}
					} else {
						printMatches(cmd.OutOrStdout(), a, found.Matches)
					}
					return errAmbiguous
				}
			})
		},
	}
	actingFlags(show)
	cli.JSONFlag(show)

	var limit int
	search := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search members by name (Latin or Arabic), with filters, or by any identifier",
		Long: "search runs the console's query box: a registration number, CIN, PPR or phone number, or\n" +
			"name words in either script in any order, with filters for homonyms typed alongside:\n" +
			"a birth year or date, a city, a society code (e.g. \"alaoui mohamed 1961 rabat\").",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.asUser(cmd, true, func(ctx context.Context, svc *service.Service, sess service.Session) error {
				res, err := svc.Search(ctx, sess, args[0], limit)
				if err != nil {
					return err
				}
				if cli.JSONOutput(cmd) {
					return cli.WriteJSON(cmd, searchJSON(res))
				}
				printSearch(cmd.OutOrStdout(), a, res)
				return nil
			})
		},
	}
	search.Flags().IntVar(&limit, "limit", 0, "most rows to show (default and ceiling: ui.result_rows)")
	actingFlags(search)
	cli.JSONFlag(search)
	members.AddCommand(show, search)
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

func printMatches(w io.Writer, a *app, ms []service.Match) {
	for _, m := range ms {
		s := m.Member
		fmt.Fprintln(w, a.cat.T("cli.member.match", a.cat.T("kind."+string(m.Kind)), s.RegNo,
			domain.Sanitize(s.FamilyName+" "+s.GivenName), s.BirthDate, s.MaskedCIN, s.SocietyCode))
	}
}

// printMemberFile writes the file as text; Arabic names get their own
// line, since terminals show right-to-left text inside a Latin line badly.
func printMemberFile(w io.Writer, a *app, f service.MemberFile) {
	m, s, t := f.Member, domain.Sanitize, a.cat.T
	fmt.Fprintln(w, s(m.FamilyName+" "+m.GivenName))
	if ar := strings.TrimSpace(m.GivenNameAr + " " + m.FamilyNameAr); ar != "" {
		fmt.Fprintln(w, s(ar))
	}
	fmt.Fprintln(w, t("cli.member.ids", m.RegNo, s(m.CIN), cli.OrDash(m.PPR)))
	fmt.Fprintln(w, t("cli.member.society", s(m.SocietyCode), s(m.SocietyName), s(m.HomeBranch)))
	fmt.Fprintln(w, t("cli.member.person", m.BirthDate, f.Age, m.Sex, m.Category, m.Status, m.Version))
	fmt.Fprintln(w, t("cli.member.contact", cli.OrDash(m.Phone), cli.OrDash(m.Email)))
	fmt.Fprintln(w, "\n"+t("cli.member.beneficiaries"))
	if len(f.Beneficiaries) == 0 {
		fmt.Fprintln(w, "  "+t("cli.none"))
	}
	for _, b := range f.Beneficiaries {
		fmt.Fprintln(w, "  "+t("cli.member.beneficiary", t("relation."+string(b.Relation)),
			s(b.FamilyName+" "+b.GivenName), b.BirthDate, b.Age, eligibilityText(a, b.Eligibility)))
	}
	fmt.Fprintln(w, "\n"+t("cli.member.current_address"))
	if f.Current == nil {
		fmt.Fprintln(w, "  "+t("cli.none"))
	} else {
		printAddress(w, a, *f.Current)
	}
	if len(f.History) > 0 {
		fmt.Fprintln(w, "\n"+t("cli.member.former_addresses"))
		for _, ad := range f.History {
			printAddress(w, a, ad)
		}
	}
}

func eligibilityText(a *app, e domain.Eligibility) string {
	if e.Until.IsZero() {
		return a.cat.T(e.Reason)
	}
	return a.cat.T(e.Reason, a.cat.Date(e.Until))
}

func printAddress(w io.Writer, a *app, ad domain.Address) {
	var parts []string
	for _, p := range []string{ad.Line1, ad.Line2, ad.Quarter, ad.PostalCode + " " + ad.City, ad.Province} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, domain.Sanitize(p))
		}
	}
	state := a.cat.T("cli.address.unverified")
	if ad.Verified {
		state = a.cat.T("cli.address.verified")
	}
	period := a.cat.Date(ad.ValidFrom) + " –"
	if ad.ValidTo != nil {
		period += " " + a.cat.Date(*ad.ValidTo)
	}
	fmt.Fprintf(w, "  %s  [%s, %s]\n", strings.Join(parts, ", "), state, period)
	if ad.LineAr != "" {
		fmt.Fprintf(w, "  %s\n", domain.Sanitize(ad.LineAr))
	}
}
