package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/service"
)

type searchResultJSON struct {
	Query   string          `json:"query"`
	Filters searchFilters   `json:"filters"`
	Results []searchHitJSON `json:"results"`
	More    bool            `json:"more"`
}

type searchFilters struct {
	BirthYear int    `json:"birth_year,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
	City      string `json:"city,omitempty"`
	Society   string `json:"society,omitempty"`
}

type searchHitJSON struct {
	Tier               string   `json:"tier"`
	MatchedAs          string   `json:"matched_as,omitempty"`
	RegistrationNumber string   `json:"registration_number"`
	FamilyName         string   `json:"family_name"`
	GivenName          string   `json:"given_name"`
	FamilyNameAr       string   `json:"family_name_ar"`
	GivenNameAr        string   `json:"given_name_ar"`
	BirthDate          string   `json:"birth_date"`
	City               string   `json:"city"`
	Society            string   `json:"society"`
	CINMasked          string   `json:"cin_masked"`
	Via                *viaJSON `json:"via,omitempty"`
}

type viaJSON struct {
	Relation   string `json:"relation"`
	FamilyName string `json:"family_name"`
	GivenName  string `json:"given_name"`
}

func searchJSON(r service.SearchResult) searchResultJSON {
	out := searchResultJSON{Query: r.Query, More: r.More, Results: []searchHitJSON{},
		Filters: searchFilters{r.Filters.BirthYear, r.Filters.BirthDate, r.Filters.City, r.Filters.Society}}
	for _, h := range r.Hits {
		m := h.Member
		j := searchHitJSON{Tier: h.Tier.String(), MatchedAs: string(h.Kind), RegistrationNumber: m.RegNo,
			FamilyName: m.FamilyName, GivenName: m.GivenName, FamilyNameAr: m.FamilyNameAr, GivenNameAr: m.GivenNameAr,
			BirthDate: m.BirthDate.String(), City: m.City, Society: m.SocietyCode, CINMasked: m.MaskedCIN}
		if h.Via != nil {
			j.Via = &viaJSON{string(h.Via.Relation), h.Via.FamilyName, h.Via.GivenName}
		}
		out.Results = append(out.Results, j)
	}
	return out
}

func printSearch(w io.Writer, a *app, r service.SearchResult) {
	s := domain.Sanitize
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, a.cat.T("cli.search.header"))
	for _, h := range r.Hits {
		m := h.Member
		name := s(m.FamilyName + " " + m.GivenName)
		if h.Via != nil {
			name += " " + a.cat.T("cli.search.via", a.cat.T("relation."+string(h.Via.Relation)),
				s(h.Via.GivenName+" "+h.Via.FamilyName))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.cat.T("tier."+h.Tier.String()), m.RegNo, name,
			a.cat.Date(m.BirthDate.Time), cli.OrDash(m.City), s(m.SocietyCode), m.MaskedCIN)
	}
	tw.Flush()
	key := "cli.search.count"
	if r.More {
		key = "cli.search.count_more"
	}
	fmt.Fprintln(w, a.cat.T(key, i18n.Count(len(r.Hits))))
}
