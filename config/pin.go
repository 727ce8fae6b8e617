package config

import (
	"fmt"
	"time"

	"github.com/cnops/guichet/domain"
)

// PINSettings are the pin.* keys of the reissue policy. The console and the
// centre both read them (keep the two files alike), so that both judge a
// reissue the same way. The policy's time zone comes from TimeZone.
func PINSettings[C any](policy func(*C) *domain.PINPolicy) []Setting[C] {
	return []Setting[C]{
		{"pin.length", fmt.Sprint(domain.DefaultPINLength),
			IntIn(func(c *C) *int { return &policy(c).Length }, domain.MinPINLength, domain.MaxPINLength)},
		{"pin.validity_days", fmt.Sprint(domain.DefaultPINValidityDays),
			IntIn(func(c *C) *int { return &policy(c).ValidityDays }, 1, 365)},
		{"pin.max_reissues", fmt.Sprint(domain.DefaultPINMaxReissues),
			IntIn(func(c *C) *int { return &policy(c).MaxReissues }, 1, 100)},
		{"pin.cooling_off", "72h", // domain.DefaultPINCoolingOff, as people write it
			DurationIn(func(c *C) *time.Duration { return &policy(c).CoolingOff }, 0, 30*24*time.Hour)},
	}
}

// TimeZone reads an IANA time zone (from the embedded database) into field.
func TimeZone[C any](field func(*C) **time.Location) func(*C, string) error {
	return func(c *C, raw string) error {
		loc, err := time.LoadLocation(raw)
		if err != nil || raw == "" {
			return domain.Explain("config.err.time_zone", "must be an IANA time zone such as Africa/Casablanca (got %q)", raw)
		}
		*field(c) = loc
		return nil
	}
}

// PortalURL reads the address of the fund's member portal, printed on PIN
// letters: an https address.
func PortalURL[C any](field func(*C) *string) func(*C, string) error {
	return func(c *C, raw string) error {
		if err := PlainText(raw); err != nil {
			return err
		}
		if len(raw) < len("https://x") || raw[:8] != "https://" || len(raw) > 100 {
			return domain.Explain("config.err.portal_url", "must be the portal's https address, such as https://portail.cnops.ma (got %q)", raw)
		}
		*field(c) = raw
		return nil
	}
}

// DefaultPortalURL is the portal address printed on letters by default.
const DefaultPortalURL = "https://portail.cnops.ma"
