// Package i18n owns the message catalogues: every string the console and
// the command line show, by key, in English (*_en.go) and French
// (*_fr.go), so that screens never hold prose. New picks the catalogue from
// ui.language or the locale; a catalogue also writes dates and numbers the
// way its language does (Date, DateTime, Number, Count).
package i18n
