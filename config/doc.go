// Package config owns how Guichet's programs read their configuration:
// where the file is found, the <PREFIX>_<SECTION>_<KEY> environment
// overrides, flags last, unknown keys refused and bad values named (Read,
// given a Spec, whose Settings check their values with IntIn, DurationIn,
// RegNoPattern and PlainText), and the console's own keys, defaults and
// validation (Load) that stop start-up with a message naming the bad key.
package config
