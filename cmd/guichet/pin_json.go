package main

import (
	"errors"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// The JSON shapes of the pin commands: snake_case, times as RFC 3339 in
// the members' time zone, dates as YYYY-MM-DD. Never a PIN.

type pinIssueJSON struct {
	ID                 string              `json:"id"`
	RegistrationNumber string              `json:"registration_number,omitempty"`
	Channel            string              `json:"channel"`
	State              string              `json:"state"`
	Expired            bool                `json:"expired,omitempty"`
	RequestedBy        string              `json:"requested_by"`
	RequestedAt        string              `json:"requested_at"`
	ExpiresOn          string              `json:"expires_on,omitempty"`
	Refusal            string              `json:"refusal,omitempty"`         // message key
	RefusalText        string              `json:"refusal_message,omitempty"` // in words
	Override           *domain.PINOverride `json:"override,omitempty"`
}

type pinReissueJSON struct {
	pinIssueJSON
	Printed bool   `json:"printed"`
	SavedTo string `json:"saved_to,omitempty"`
}

type pinChannelJSON struct {
	Channel string `json:"channel"`
	Open    bool   `json:"open"`
	Refusal string `json:"refusal,omitempty"` // in words
	Key     string `json:"refusal_key,omitempty"`
}

type pinOverviewJSON struct {
	RegistrationNumber string           `json:"registration_number"`
	Member             string           `json:"member"`
	Channels           []pinChannelJSON `json:"channels"`
	Recent             int              `json:"recent_reissues"`
	Max                int              `json:"max_reissues"`
	CoolingOffUntil    string           `json:"cooling_off_until,omitempty"`
	NeedsOverride      bool             `json:"needs_override"`
	ExpiresOn          string           `json:"expires_on"` // of a PIN issued now
	History            []pinIssueJSON   `json:"history"`
}

func toPINIssueJSON(is domain.PINIssue, loc *time.Location) pinIssueJSON {
	return pinIssueJSON{ID: is.ID, Channel: string(is.Channel), State: string(is.State),
		RequestedBy: domain.Sanitize(is.RequestedBy), RequestedAt: is.RequestedAt.In(loc).Format(time.RFC3339),
		ExpiresOn: dateOrEmpty(is.ExpiresOn)}
}

func toPINReissueJSON(regno string, res service.PINReissueResult, loc *time.Location) pinReissueJSON {
	out := pinReissueJSON{pinIssueJSON: toPINIssueJSON(res.Issue, loc), Printed: res.Printed, SavedTo: res.SavedTo}
	out.RegistrationNumber, out.Override = regno, res.Override
	return out
}

func (a *app) toPINOverviewJSON(ov service.PINOverview, loc *time.Location) pinOverviewJSON {
	out := pinOverviewJSON{RegistrationNumber: ov.RegNo, Member: domain.Sanitize(ov.Name), Recent: ov.Recent,
		Max: ov.Max, NeedsOverride: ov.NeedsOverride, ExpiresOn: ov.ExpiresOn.String(), History: []pinIssueJSON{}}
	if ov.NeedsOverride {
		out.CoolingOffUntil = ov.CoolingOffUntil.In(loc).Format(time.RFC3339)
	}
	for _, c := range ov.Channels {
		cj := pinChannelJSON{Channel: string(c.Channel), Open: c.Refusal == nil}
		if c.Refusal != nil {
			cj.Refusal = a.cat.Error(c.Refusal)
			if key := errorKey(c.Refusal); key != "" {
				cj.Key = key
			}
		}
		out.Channels = append(out.Channels, cj)
	}
	for _, h := range ov.History {
		hj := toPINIssueJSON(h.PINIssue, loc)
		hj.Expired = h.Expired
		if h.Override != nil {
			hj.Override = &domain.PINOverride{By: domain.Sanitize(h.Override.By), Reason: domain.Sanitize(h.Override.Reason)}
		}
		if h.Refusal != "" {
			hj.Refusal, hj.RefusalText = domain.Sanitize(h.Refusal), a.pinRefusalText(h.Refusal)
		}
		out.History = append(out.History, hj)
	}
	return out
}

// errorKey is the message key of a typed refusal, "" for another error.
func errorKey(err error) string {
	if fe, ok := domain.AsFieldError(err); ok {
		return fe.Key
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Key
	}
	return ""
}
