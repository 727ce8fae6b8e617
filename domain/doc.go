// Package domain owns Guichet's pure types and business rules: identifiers
// (CIN, registration number, PPR, phone), typed field errors, text checks and
// terminal sanitisation, beneficiary eligibility, roles, new accounts and
// branch codes, passwords, their stored hashes and lockout, the accepted
// scan formats, and the canonical encoding of audit entries. It does no IO and
// imports nothing of ours, so the console's service layer and the central
// server apply exactly the same rules.
package domain
