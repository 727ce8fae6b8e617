// Package tools holds Guichet's build tools, in a module of their own so
// that the product's go.mod does not carry their dependencies (nfpm and what
// it needs). See cmd/mkdeb.
package tools
