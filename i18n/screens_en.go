package i18n

// screensEN holds the console's strings (package tui).
var screensEN = map[string]string{}
