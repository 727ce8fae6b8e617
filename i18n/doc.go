// Package i18n owns the message catalogue: every string the console and the
// command line show, by key, so that screens never hold prose and French can
// join English without touching them.
package i18n
