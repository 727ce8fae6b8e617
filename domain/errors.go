package domain

import (
	"errors"
	"fmt"
)

// FieldError reports bad input for one field. Key is a message key that the
// UI translates (see package i18n); Args fill its placeholders.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

func (e *FieldError) Error() string {
	if len(e.Args) == 0 {
		return fmt.Sprintf("%s: %s", e.Field, e.Key)
	}
	return fmt.Sprintf("%s: %s %v", e.Field, e.Key, e.Args)
}

// NewFieldError builds a FieldError.
func NewFieldError(field, key string, args ...any) *FieldError {
	return &FieldError{Field: field, Key: key, Args: args}
}

// AsFieldError unwraps err into a FieldError when it is one.
func AsFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}

// Error is a typed refusal that is not about one field (permissions,
// credentials, missing records). Key is a message key.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return e.Key
	}
	return fmt.Sprintf("%s %v", e.Key, e.Args)
}

// Is makes errors.Is match two domain errors with the same key.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key
}

// Explained is an error with its English text (Error) and the message key
// and arguments that translate it (i18n's Catalog.Error): for messages that
// are also read outside the catalogue, such as configuration errors, which
// start-up code prints before a language is known and logs keep in English.
// Arguments that are errors are translated in turn.
type Explained struct {
	Key  string
	Args []any
	Text string
}

// Explain builds an Explained whose English text is format (the English
// catalogue's text for key) filled with args.
func Explain(key, format string, args ...any) *Explained {
	return &Explained{Key: key, Args: args, Text: fmt.Sprintf(format, args...)}
}

func (e *Explained) Error() string { return e.Text }

// Unwrap gives the errors among its arguments, so that errors.Is and
// errors.As see a wrapped cause.
func (e *Explained) Unwrap() []error {
	var errs []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// Refusals shared by every operation. Compare with errors.Is.
var (
	ErrForbidden          = &Error{Key: KeyForbidden}
	ErrBadCredentials     = &Error{Key: KeyBadCredentials}
	ErrAccountLocked      = &Error{Key: KeyAccountLocked}
	ErrAccountDisabled    = &Error{Key: KeyAccountDisabled}
	ErrMemberNotFound     = &Error{Key: KeyMemberNotFound}
	ErrUserExists         = &Error{Key: KeyUserExists}
	ErrAccountsExist      = &Error{Key: KeyAccountsExist}
	ErrUnknownBranch      = &Error{Key: KeyUnknownBranch}
	ErrMemberClosed       = &Error{Key: KeyMemberClosed}
	ErrChangePending      = &Error{Key: KeyChangePending}
	ErrOwnRequest         = &Error{Key: KeyOwnRequest}
	ErrNotPending         = &Error{Key: KeyNotPending}
	ErrVersionConflict    = &Error{Key: KeyVersionConflict}
	ErrNotRequester       = &Error{Key: KeyNotRequester}
	ErrSecondPersonSame   = &Error{Key: KeySecondPersonSame}
	ErrEvidenceMissing    = &Error{Key: KeyEvidenceMissing}
	ErrRequestNotFound    = &Error{Key: KeyRequestNotFound}
	ErrUnconfirmedWarning = &Error{Key: KeyUnconfirmedWarning}
	ErrManagedByCentre    = &Error{Key: KeyManagedByCentre}
	ErrBranchesFromCentre = &Error{Key: KeyBranchesFromCentre}
	ErrPasswordChange     = &Error{Key: KeyPasswordChangeRequired}
	ErrUserNotFound       = &Error{Key: KeyUserNotFound}
	ErrNotProvisioned     = &Error{Key: KeyNotProvisioned}
	ErrWrongBranch        = &Error{Key: KeyWrongBranch}
	ErrUnknownActor       = &Error{Key: KeyUnknownActor}
	ErrDisableSelf        = &Error{Key: KeyDisableSelf}
	// Temporary PINs.
	ErrPINNoAddress         = &Error{Key: KeyPINNoAddress}
	ErrPINAddressUnverified = &Error{Key: KeyPINAddressUnverified}
	ErrPINNotStudent        = &Error{Key: KeyPINNotStudent}
	ErrPINNoEmail           = &Error{Key: KeyPINNoEmail}
	ErrPINMemberInactive    = &Error{Key: KeyPINMemberInactive}
	ErrPINLimit             = &Error{Key: KeyPINLimit}
	ErrPINCoolingOff        = &Error{Key: KeyPINCoolingOff}
	ErrPINPrintFailed       = &Error{Key: KeyPINPrintFailed}
	ErrPINNoPrinter         = &Error{Key: KeyPINNoPrinter}
	ErrPINNoKey             = &Error{Key: KeyPINNoKey}
)

// Message keys produced by this package. Package i18n must translate each
// one; its tests check that against AllMessageKeys.
const (
	KeyRequired           = "err.required"
	KeyTooLong            = "err.too_long"
	KeyControlChars       = "err.control_chars"
	KeyInvalidUTF8        = "err.invalid_utf8"
	KeyCINFormat          = "err.cin.format"
	KeyRegNoFormat        = "err.regno.format"
	KeyPPRFormat          = "err.ppr.format"
	KeyPhoneFormat        = "err.phone.format"
	KeyEmailFormat        = "err.email.format"
	KeyPostalCodeFormat   = "err.postal_code.format"
	KeyDateFormat         = "err.date.format"
	KeyUsernameFormat     = "err.username.format"
	KeyPasswordTooShort   = "err.password.too_short"
	KeyRoleUnknown        = "err.role.unknown"
	KeyBranchFormat       = "err.branch.format"
	KeyBranchExists       = "err.branch.exists"
	KeyLookupUnrecognised = "err.lookup.unrecognised"
	KeySearchTooShort     = "err.search.too_short"
	KeyLatinText          = "err.text.latin"
	KeyArabicText         = "err.text.arabic"
	KeyPostalCodeCity     = "warn.postal_code.city"
	KeyForbidden          = "err.forbidden"
	KeyBadCredentials     = "err.bad_credentials"
	KeyAccountLocked      = "err.account_locked"
	KeyAccountDisabled    = "err.account_disabled"
	KeyMemberNotFound     = "err.member_not_found"
	KeyUserExists         = "err.user_exists"
	KeyAccountsExist      = "err.accounts_exist"
	KeyUnknownBranch      = "err.unknown_branch"
	KeyCINMismatch        = "err.cin.mismatch"
	KeyFormNumberFormat   = "err.form_number.format"
	KeyReasonRequired     = "err.reason.required"
	KeyScanType           = "err.scan.type"
	KeyScanTooLarge       = "err.scan.too_large"
	KeyScanUnreadable     = "err.scan.unreadable"
	KeyMemberClosed       = "err.member_closed"
	KeyChangePending      = "err.change_pending"
	KeyOwnRequest         = "err.own_request"
	KeyNotPending         = "err.not_pending"
	KeyVersionConflict    = "err.version_conflict"
	KeyNotRequester       = "err.not_requester"
	KeySecondPersonSame   = "err.second_person_same"
	KeyEvidenceMissing    = "err.evidence_missing"
	KeyRequestNotFound    = "err.request_not_found"
	KeyUnconfirmedWarning = "err.unconfirmed_warning"
	// Accounts and sync.
	KeyManagedByCentre        = "err.accounts.managed_by_centre"
	KeyBranchesFromCentre     = "err.branches.managed_by_centre"
	KeyPasswordChangeRequired = "err.password.change_required"
	KeyPasswordSame           = "err.password.same"
	KeyUserNotFound           = "err.user_not_found"
	KeyNotProvisioned         = "err.sync.not_provisioned"
	KeyAlreadyProvisioned     = "err.sync.already_provisioned"
	KeyOffline                = "err.sync.offline"
	KeyUpdateNeeded           = "err.sync.update_needed"
	KeyEntryNotFound          = "err.sync.entry_not_found"
	KeyEntryNotSetAside       = "err.sync.not_set_aside"
	KeyKeyReused              = "err.sync.key_reused"
	KeyEntryDiscarded         = "err.sync.discarded"
	KeyUnknownKind            = "err.sync.unknown_kind"
	KeyWrongBranch            = "err.wrong_branch"
	KeyUnknownActor           = "err.unknown_actor"
	KeyDocumentMissing        = "err.document_missing"
	KeyReferenceTaken         = "err.reference_taken"
	KeyMalformedEntry         = "err.sync.malformed"
	KeyInvalidValue           = "err.value.invalid"
	KeyDisableSelf            = "err.accounts.disable_self"
	// Temporary PINs (see pin.go); refusals say what to do.
	KeyPINChannel           = "err.pin.channel"            // not post, counter or email
	KeyPINMemberInactive    = "err.pin.member_inactive"    // %s: the member's status
	KeyPINNoAddress         = "err.pin.no_address"         // record an address change first
	KeyPINAddressUnverified = "err.pin.address_unverified" // record an address change and have it approved
	KeyPINNotStudent        = "err.pin.email_not_student"  // e-mail is for students only
	KeyPINNoEmail           = "err.pin.no_email"           // the student declared no e-mail
	KeyPINLimit             = "err.pin.limit"              // %d reissues in 30 days; the next from %s
	KeyPINCoolingOff        = "err.pin.cooling_off"        // until %s: a second supervisor's override
	KeyPINFormat            = "err.pin.format"             // %d digits
	KeyPINPrintFailed       = "err.pin.print_failed"       // %s: the printer's complaint; nothing queued
	KeyPINNoPrinter         = "err.pin.no_printer"         // no print command and no file to save to
	KeyPINNoKey             = "err.pin.no_key"             // the centre's public key is unknown here
	KeyPINSealed            = "err.pin.sealed"             // a sealed PIN that does not open
)

// AllMessageKeys lists every key above, for catalogue completeness tests.
var AllMessageKeys = []string{
	KeyRequired, KeyTooLong, KeyControlChars, KeyInvalidUTF8, KeyCINFormat,
	KeyRegNoFormat, KeyPPRFormat, KeyPhoneFormat, KeyEmailFormat,
	KeyPostalCodeFormat, KeyDateFormat, KeyUsernameFormat,
	KeyPasswordTooShort, KeyRoleUnknown, KeyBranchFormat, KeyBranchExists,
	KeyLookupUnrecognised, KeySearchTooShort, KeyLatinText, KeyArabicText, KeyPostalCodeCity, KeyForbidden, KeyBadCredentials, KeyAccountLocked,
	KeyAccountDisabled, KeyMemberNotFound, KeyUserExists, KeyAccountsExist,
	KeyUnknownBranch, KeyCINMismatch, KeyFormNumberFormat, KeyReasonRequired, KeyScanType,
	KeyScanTooLarge, KeyScanUnreadable, KeyMemberClosed, KeyChangePending, KeyOwnRequest,
	KeyNotPending, KeyVersionConflict, KeyNotRequester, KeySecondPersonSame, KeyEvidenceMissing,
	KeyRequestNotFound, KeyUnconfirmedWarning,
	KeyManagedByCentre, KeyBranchesFromCentre, KeyPasswordChangeRequired, KeyPasswordSame, KeyUserNotFound,
	KeyNotProvisioned, KeyAlreadyProvisioned, KeyOffline, KeyUpdateNeeded, KeyEntryNotFound,
	KeyEntryNotSetAside, KeyKeyReused, KeyEntryDiscarded, KeyUnknownKind, KeyWrongBranch,
	KeyUnknownActor, KeyDocumentMissing, KeyReferenceTaken, KeyMalformedEntry, KeyInvalidValue, KeyDisableSelf,
	KeyPINChannel, KeyPINMemberInactive, KeyPINNoAddress, KeyPINAddressUnverified, KeyPINNotStudent,
	KeyPINNoEmail, KeyPINLimit, KeyPINCoolingOff, KeyPINFormat, KeyPINPrintFailed, KeyPINNoPrinter,
	KeyPINNoKey, KeyPINSealed,
	ReasonSpouse, ReasonDisabled, ReasonChildUnder, ReasonStudentUnder,
	ReasonOverLimit,
}
