// Package service owns the console's operations: sign-in, lookup, member
// files, accounts and audit verification. Each operation checks the actor's
// role itself, applies the domain rules and writes its change together with
// its audit entry in one store transaction. Screens and commands call this
// package, never the store.
package service
