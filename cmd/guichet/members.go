package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

// errAmbiguous: the identifier matched several members (a domain error,
// so that the catalogue translates it).
var errAmbiguous = &domain.Error{Key: "cli.members.ambiguous"}

func newMembersCmd(a *app) *cobra.Command {
	t := a.cat.T
	members := &cobra.Command{Use: "members", Short: t("cli.help.members")}
	show := &cobra.Command{
		Use:   "show REGNO|CIN",
		Short: t("cli.help.members.show"),
		Args:  cli.ExactArgs(a.cat, 1),
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
		Use:     "search QUERY",
		Short:   t("cli.help.members.search"),
		Long:    t("cli.help.members.search.long"),
		Example: t("cli.help.members.search.example"),
		Args:    cli.ExactArgs(a.cat, 1),
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
	search.Flags().IntVar(&limit, "limit", 0, t("cli.flag.search_limit"))
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
	fmt.Fprintln(w, t("cli.member.person", m.BirthDate, f.Age, m.Sex, named(a.cat, "tui.category.", string(m.Category)),
		named(a.cat, "tui.member_status.", string(m.Status)), m.Version))
	fmt.Fprintln(w, t("cli.member.contact", cli.OrDash(m.Phone), cli.OrDash(m.Email)))
	if m.LongTermIllness { // health data: the member file only
		fmt.Fprintln(w, t("privacy.ald.line"))
	}
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

// named is a stored word (a category, a status) in cat's language, or as
// stored when the catalogue has no name for it.
func named(cat *i18n.Catalog, prefix, word string) string {
	if cat.Has(prefix + word) {
		return cat.T(prefix + word)
	}
	return domain.Sanitize(word)
}
