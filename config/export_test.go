package config

// For the external tests: the console's spec and the isolation helper.
var (
	Console = console
	Isolate = isolate
)
