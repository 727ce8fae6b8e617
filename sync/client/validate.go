package client

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/sync/wire"
)

// What comes from the centre is checked with the domain's own validators
// before it is stored: a malformed value refuses the whole page (nothing of
// it is kept) with an error naming the item and the field.

var (
	digitsPattern  = regexp.MustCompile(`^[0-9]{1,20}$`)
	societyPattern = regexp.MustCompile(`^[A-Z0-9]{1,10}$`)
)

// Field limits of what the centre sends, in characters.
const (
	maxName   = 80
	maxEmail  = 254
	maxReason = 300
	maxRef    = 40
)

// checker validates fields one after another and keeps the first error.
type checker struct{ err error }

func (c *checker) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// text cleans a free-text field in place (CleanText), requiring a value
// when required.
func (c *checker) text(v *string, field string, max int, required bool) {
	if c.err != nil {
		return
	}
	clean, err := domain.CleanText(field, *v, max)
	if err == nil && required && clean == "" {
		err = domain.NewFieldError(field, domain.KeyRequired)
	}
	c.fail(err)
	*v = clean
}

// names cleans a person's names: both Latin ones required, the Arabic
// ones optional.
func (c *checker) names(family, given, familyAr, givenAr *string) {
	c.text(family, "family_name", maxName, true)
	c.text(given, "given_name", maxName, true)
	c.text(familyAr, "family_name_ar", maxName, false)
	c.text(givenAr, "given_name_ar", maxName, false)
}

// match requires v to match a pattern.
func (c *checker) match(v, field string, p *regexp.Regexp) {
	if c.err == nil && !p.MatchString(v) {
		c.fail(domain.NewFieldError(field, domain.KeyInvalidValue))
	}
}

// oneOf requires v to be one of the allowed values.
func (c *checker) oneOf(v, field string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.fail(domain.NewFieldError(field, domain.KeyInvalidValue))
}

// parsed runs a domain parser and keeps its normalised value.
func (c *checker) parsed(v *string, parse func(string) (string, error)) {
	if c.err != nil {
		return
	}
	out, err := parse(*v)
	c.fail(err)
	*v = out
}

// branch checks a branch code with the domain's rule (the one the centre
// applies when it creates a branch), naming field.
func (c *checker) branch(v *string, field string) {
	if c.err != nil {
		return
	}
	code, err := domain.ParseBranchCode(*v)
	if fe, ok := domain.AsFieldError(err); ok {
		err = domain.NewFieldError(field, fe.Key, fe.Args...)
	}
	c.fail(err)
	*v = code
}

func (c *checker) date(v, field string) {
	if c.err == nil {
		_, err := domain.ParseDate(field, v)
		c.fail(err)
	}
}

func (c *checker) address(a *domain.AddressInput) {
	if c.err == nil {
		clean, _, err := domain.ValidateAddress(*a) // warnings are for the counter, not for the centre's data
		c.fail(err)
		*a = clean
	}
}

// checkItem validates a feed item; exactly the field its kind names must
// be set.
func checkItem(it *wire.FeedItem) error {
	set := 0
	for _, p := range []bool{it.Branch != nil, it.Member != nil, it.Account != nil, it.Request != nil, it.PIN != nil} {
		if p {
			set++
		}
	}
	var err error
	var what string
	switch {
	case set != 1:
		err = fmt.Errorf("carries %d records, want exactly one", set)
	case it.Kind == wire.ItemBranch && it.Branch != nil:
		what, err = "branch "+it.Branch.Code, checkBranch(it.Branch)
	case it.Kind == wire.ItemMember && it.Member != nil:
		what, err = "member "+it.Member.RegNo, checkMember(it.Member)
	case it.Kind == wire.ItemAccount && it.Account != nil:
		what, err = "account "+it.Account.Username, checkAccount(it.Account)
	case it.Kind == wire.ItemRequest && it.Request != nil:
		what, err = "request "+it.Request.Reference, checkRequest(it.Request)
	case it.Kind == wire.ItemPIN && it.PIN != nil:
		what, err = "PIN reissue "+it.PIN.ID, checkPIN(it.PIN)
	default:
		err = fmt.Errorf("kind %q does not match its record", it.Kind)
	}
	if err != nil {
		return fmt.Errorf("feed item %d (%s): %w", it.Seq, domain.Sanitize(what), err)
	}
	return nil
}

func checkBranch(b *wire.Branch) error {
	var c checker
	c.branch(&b.Code, "branch")
	c.text(&b.Name, "name", 100, true)
	c.text(&b.City, "city", 60, false)
	c.text(&b.Region, "region", 100, false)
	return c.err
}

// checkMember validates a member record (from the feed, a conflict or a
// fetch).
func checkMember(m *wire.Member) error {
	var c checker
	c.match(m.RegNo, "registration_number", digitsPattern)
	c.match(m.Society, "society", societyPattern)
	c.branch(&m.HomeBranch, "home_branch")
	c.parsed(&m.CIN, domain.ParseCIN)
	if m.PPR != "" {
		c.parsed(&m.PPR, domain.ParsePPR)
	}
	c.names(&m.FamilyName, &m.GivenName, &m.FamilyNameAr, &m.GivenNameAr)
	c.date(m.BirthDate, "birth_date")
	c.oneOf(m.Sex, "sex", "M", "F")
	c.oneOf(m.Category, "category", string(domain.CategoryActive), string(domain.CategoryRetired), string(domain.CategoryStudent))
	c.oneOf(m.Status, "status", string(domain.StatusActive), string(domain.StatusSuspended), string(domain.StatusClosed))
	c.text(&m.Email, "email", maxEmail, false)
	if m.Email != "" && (strings.Count(m.Email, "@") != 1 || strings.ContainsAny(m.Email, " \t")) {
		c.fail(domain.NewFieldError("email", domain.KeyEmailFormat))
	}
	if m.Phone != "" {
		c.parsed(&m.Phone, domain.ParsePhone)
	}
	if m.Version < 1 {
		c.fail(domain.NewFieldError("version", domain.KeyInvalidValue))
	}
	for i := range m.Beneficiaries {
		b := &m.Beneficiaries[i]
		c.oneOf(b.Relation, "relation", string(domain.RelationSpouse), string(domain.RelationChild))
		c.names(&b.FamilyName, &b.GivenName, &b.FamilyNameAr, &b.GivenNameAr)
		c.date(b.BirthDate, "birth_date")
		c.oneOf(b.Sex, "sex", "M", "F")
	}
	if m.Address != nil {
		c.address(&m.Address.AddressInput)
	}
	return c.err
}

func checkAccount(a *wire.Account) error {
	var c checker
	name := a.Username
	c.parsed(&name, domain.ParseUsername)
	if c.err == nil && name != a.Username {
		c.fail(domain.NewFieldError("username", domain.KeyUsernameFormat))
	}
	c.text(&a.DisplayName, "display_name", maxName, true)
	if _, err := domain.ParseRole(a.Role); err != nil {
		c.fail(err)
	}
	if a.Branch != "" {
		c.branch(&a.Branch, "branch")
	}
	if c.err == nil {
		c.fail(domain.CheckPasswordHash(a.PasswordHash))
	}
	return c.err
}

func checkRequest(r *wire.Request) error {
	var c checker
	if _, err := uuid.Parse(r.ID); err != nil {
		c.fail(domain.NewFieldError("id", domain.KeyInvalidValue))
	}
	c.text(&r.Reference, "reference", maxRef, true)
	c.match(r.RegNo, "registration_number", digitsPattern)
	c.branch(&r.Branch, "branch")
	if r.BaseVersion < 1 {
		c.fail(domain.NewFieldError("base_version", domain.KeyInvalidValue))
	}
	c.parsed(&r.RequestedBy, domain.ParseUsername)
	c.address(&r.Address)
	e := &r.Evidence
	if e.CINReadOffCopy != "" {
		c.parsed(&e.CINReadOffCopy, domain.ParseCIN)
	}
	c.text(&e.FormNumber, "form_number", 20, false)
	for _, s := range e.Scans {
		if !docstore.ValidName(s.SHA256) {
			c.fail(domain.NewFieldError("scan", domain.KeyInvalidValue))
		}
		c.oneOf(s.MediaType, "scan", domain.ScanMediaTypes()...)
	}
	if x := r.Exception; x != nil {
		c.parsed(&x.GrantedBy, domain.ParseUsername)
		c.text(&x.Reason, "reason", maxReason, true)
		for i := range x.Missing {
			c.text(&x.Missing[i], "missing", 40, true)
		}
	}
	c.oneOf(r.State, "state", string(domain.RequestPending), string(domain.RequestApproved),
		string(domain.RequestRejected), string(domain.RequestCancelled))
	if r.DecidedBy != "" {
		c.parsed(&r.DecidedBy, domain.ParseUsername)
	}
	c.text(&r.DecisionNote, "decision_reason", maxReason, false)
	return c.err
}

// checkPIN validates a reissue's state from the centre: never a PIN, only
// what the history shows. A console's own states (queued) never come from
// the centre.
func checkPIN(p *wire.PIN) error {
	var c checker
	if id, err := uuid.Parse(p.ID); err != nil || id.String() != p.ID { // the key must match the console's own
		c.fail(domain.NewFieldError("id", domain.KeyInvalidValue))
	}
	c.match(p.RegNo, "registration_number", digitsPattern)
	c.oneOf(p.Channel, "channel", string(domain.ChannelPost), string(domain.ChannelCounter), string(domain.ChannelEmail))
	c.oneOf(p.State, "state", string(domain.PINRequested), string(domain.PINActive), string(domain.PINSuperseded),
		string(domain.PINLocked), string(domain.PINReturned), string(domain.PINRefused))
	if p.Branch != "" {
		c.branch(&p.Branch, "branch")
	}
	c.parsed(&p.RequestedBy, domain.ParseUsername)
	if p.RequestedAt.IsZero() {
		c.fail(domain.NewFieldError("requested_at", domain.KeyRequired))
	}
	if p.ExpiresOn != "" {
		c.date(p.ExpiresOn, "expires_on")
	}
	return c.err
}
