package i18n

// cliEN holds the command line's strings (package cmd/guichet).
var cliEN = map[string]string{}
