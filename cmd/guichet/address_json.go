package main

import (
	"encoding/json"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// The JSON shapes of the address commands: snake_case, stable, times as
// RFC 3339 in the members' time zone. The CIN read off the copy is never
// printed: the evidence says only that it was seen (and matched).

type requestJSON struct {
	ID                 string            `json:"id"`
	Reference          string            `json:"reference"`
	State              string            `json:"state"`
	RegistrationNumber string            `json:"registration_number"`
	Member             string            `json:"member"`
	Branch             string            `json:"branch"`
	BaseVersion        int64             `json:"base_version"`
	RequestedBy        string            `json:"requested_by"`
	RequestedAt        string            `json:"requested_at"`
	DecidedBy          string            `json:"decided_by,omitempty"`
	DecidedAt          string            `json:"decided_at,omitempty"`
	Reason             string            `json:"reason,omitempty"`
	Address            newAddressJSON    `json:"address"`
	Evidence           evidenceJSON      `json:"evidence"`
	Exception          *domain.Exception `json:"exception,omitempty"`
	// Only `address request`:
	Warnings []warningJSON `json:"warnings,omitempty"`
	Receipt  *receiptJSON  `json:"receipt,omitempty"`
}

// newAddressJSON is a requested address: every field, empty or not.
type newAddressJSON struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	Quarter    string `json:"quarter"`
	City       string `json:"city"`
	PostalCode string `json:"postal_code"`
	Province   string `json:"province"`
	LineAr     string `json:"line_ar"`
}

type evidenceJSON struct {
	RegistrationCardCopy bool          `json:"registration_card_copy"`
	CINCopy              bool          `json:"cin_copy"`
	SignedForm           bool          `json:"signed_form"`
	FormNumber           string        `json:"form_number,omitempty"`
	Scans                []domain.Scan `json:"scans"`
}

type warningJSON struct {
	Field   string `json:"field"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

type receiptJSON struct {
	PrintedWith string `json:"printed_with,omitempty"`
	SavedTo     string `json:"saved_to,omitempty"`
	Error       string `json:"error,omitempty"`
}

// requestDetailJSON is `address show --json`.
type requestDetailJSON struct {
	requestJSON
	CurrentAddress *addressJSON  `json:"current_address"`
	MemberVersion  int64         `json:"member_version"`
	History        []historyJSON `json:"history"`
}

type historyJSON struct {
	At     string         `json:"at"`
	Actor  string         `json:"actor"`
	Action string         `json:"action"`
	Detail map[string]any `json:"detail,omitempty"`
}

func jsonTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

func toRequestJSON(r store.AddressRequest, loc *time.Location) requestJSON {
	scans := r.Evidence.Scans
	if scans == nil {
		scans = []domain.Scan{}
	}
	return requestJSON{
		ID: r.ID, Reference: r.Ref, State: string(r.State), RegistrationNumber: r.RegNo, Member: r.MemberName,
		Branch: r.Branch, BaseVersion: r.BaseVersion, RequestedBy: r.RequestedBy,
		RequestedAt: jsonTime(r.RequestedAt, loc), DecidedBy: r.DecidedBy, DecidedAt: jsonTime(r.DecidedAt, loc),
		Reason: r.DecisionReason, Address: newAddressJSON(r.Address),
		Evidence: evidenceJSON{RegistrationCardCopy: r.Evidence.RegistrationCardCopy, CINCopy: r.Evidence.CINCopy,
			SignedForm: r.Evidence.SignedForm, FormNumber: r.Evidence.FormNumber, Scans: scans},
		Exception: r.Exception,
	}
}

func toRequestDetailJSON(d service.RequestDetail, loc *time.Location) requestDetailJSON {
	out := requestDetailJSON{requestJSON: toRequestJSON(d.Request, loc), MemberVersion: d.MemberVersion,
		History: []historyJSON{}}
	if d.CurrentAddress != nil {
		cur := addressToJSON(*d.CurrentAddress)
		out.CurrentAddress = &cur
	}
	for _, e := range d.History {
		h := historyJSON{At: jsonTime(e.At, loc), Actor: e.Actor, Action: e.Action}
		if e.Detail != "" {
			_ = json.Unmarshal([]byte(e.Detail), &h.Detail)
		}
		out.History = append(out.History, h)
	}
	return out
}
