package cli

import (
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

// AccessLine is a line of a member's access log in --json: the same on the
// console and at the centre (which adds where it found the line).
type AccessLine struct {
	At        string `json:"at"` // RFC 3339, UTC
	DeviceID  string `json:"device_id"`
	Actor     string `json:"actor"`
	Access    string `json:"access"`
	Action    string `json:"action"`
	Reference string `json:"reference,omitempty"`
	Source    string `json:"source,omitempty"` // at the centre: device (its audit chain) or centre (the access log)
}

// AccessTable lists a member's access log (`privacy access-log` of both
// programs); stamp writes a time in the text output, JSON has UTC.
func AccessTable(cat *i18n.Catalog, stamp func(time.Time) string) Table[domain.MemberAccess] {
	return Table[domain.MemberAccess]{
		Header: cat.T("privacy.access.header"),
		AsJSON: func(m domain.MemberAccess) any {
			return AccessLine{m.At.UTC().Format(time.RFC3339Nano), m.DeviceID, m.Actor, string(m.Kind), m.Action,
				m.Reference, m.Source}
		},
		Cells: func(m domain.MemberAccess) []string {
			return []string{stamp(m.At), m.DeviceID, m.Actor, cat.T("privacy.access.kind." + string(m.Kind)),
				OrDash(m.Reference)}
		},
	}
}
