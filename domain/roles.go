package domain

// Role is what an account may do. Separation of duties: an admin manages
// accounts and the device but never sees member files.
type Role string

// The roles.
const (
	RoleAgent      Role = "agent"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAgent, RoleSupervisor, RoleAdmin:
		return r, nil
	}
	return "", NewFieldError("role", KeyRoleUnknown)
}

// Action is an operation that needs a permission.
type Action string

// Actions checked by Authorize. Later issues add their own.
const (
	ActionViewMember   Action = "member.view"
	ActionSearch       Action = "member.search"
	ActionManageUsers  Action = "users.manage"
	ActionVerifyAudit  Action = "audit.verify"
	ActionManageDevice Action = "device.manage"
	ActionListBranches Action = "branches.list"
	// Address changes (maker-checker: see CanDecide).
	ActionRecordChange   Action = "change.record"
	ActionDecideChange   Action = "change.decide"
	ActionGrantException Action = "change.exception"
	ActionExportChanges  Action = "change.export"
	// Accounts and sync.
	ActionChangeOwnPassword Action = "password.change_own"
	ActionUnlockAccount     Action = "users.unlock"
	ActionManageSync        Action = "sync.manage" // retry or discard set-aside entries
	// Temporary PINs (the override of a cooling-off is ActionGrantException).
	ActionReissuePIN Action = "pin.reissue"
	ActionViewPINs   Action = "pin.history"
	// Data protection: a member's access log (the right of access).
	ActionViewAccessLog Action = "privacy.access_log"
	// Purging delivered data past its retention (Law 09-08).
	ActionPurgeRetention Action = "retention.purge"
)

var permissions = map[Action][]Role{
	ActionViewMember:        {RoleAgent, RoleSupervisor},
	ActionSearch:            {RoleAgent, RoleSupervisor},
	ActionManageUsers:       {RoleAdmin},
	ActionVerifyAudit:       {RoleSupervisor, RoleAdmin},
	ActionManageDevice:      {RoleAdmin},
	ActionListBranches:      {RoleAgent, RoleSupervisor, RoleAdmin},
	ActionRecordChange:      {RoleAgent, RoleSupervisor},
	ActionDecideChange:      {RoleSupervisor},
	ActionGrantException:    {RoleSupervisor},
	ActionExportChanges:     {RoleSupervisor},
	ActionChangeOwnPassword: {RoleAgent, RoleSupervisor, RoleAdmin},
	ActionUnlockAccount:     {RoleSupervisor, RoleAdmin},
	ActionManageSync:        {RoleSupervisor},
	ActionReissuePIN:        {RoleAgent, RoleSupervisor},
	ActionViewPINs:          {RoleAgent, RoleSupervisor},
	ActionViewAccessLog:     {RoleSupervisor, RoleAdmin},
	ActionPurgeRetention:    {RoleAdmin},
}

// Authorize returns ErrForbidden unless the role may perform the action.
// Every operation calls it itself; hiding a key in a screen is not a check.
func Authorize(role Role, action Action) error {
	for _, r := range permissions[action] {
		if r == role {
			return nil
		}
	}
	return ErrForbidden
}
