package domain

import "regexp"

// MaxDisplayNameLen bounds an account's display name, in characters.
const MaxDisplayNameLen = 80

var branchCodePattern = regexp.MustCompile(`^[A-Z]{2,5}[0-9]{0,3}$`)

// ParseBranchCode trims a branch code and checks its form (RAB01: two to
// five capitals, then up to three digits).
func ParseBranchCode(s string) (string, error) {
	c, err := RequireText("branch", s, 8)
	if err != nil {
		return "", err
	}
	if !branchCodePattern.MatchString(c) {
		return "", NewFieldError("branch", KeyBranchFormat)
	}
	return c, nil
}

// NewAccount is an account being created, on a standalone console or at the
// centre.
type NewAccount struct {
	Username, DisplayName string
	Role                  Role
	// Branch is required for agents and supervisors. An admin may have one
	// (the devices of that branch then keep the account) or none.
	Branch, Password string
}

// CheckNewAccount checks every field of a new account and returns it
// normalised (the username lower-cased, texts trimmed). The password is
// checked against the policy, not hashed: the caller hashes it outside
// any transaction.
func CheckNewAccount(a NewAccount) (NewAccount, error) {
	var err error
	if a.Username, err = ParseUsername(a.Username); err != nil {
		return a, err
	}
	if a.DisplayName, err = RequireText("display_name", a.DisplayName, MaxDisplayNameLen); err != nil {
		return a, err
	}
	if a.Role, err = ParseRole(string(a.Role)); err != nil {
		return a, err
	}
	if a.Role != RoleAdmin || a.Branch != "" {
		if a.Branch, err = ParseBranchCode(a.Branch); err != nil {
			return a, err
		}
	}
	return a, CheckNewPassword(a.Password)
}
