// Package config owns the console's configuration: where the file is found,
// the GUICHET_<SECTION>_<KEY> environment overrides, flags last, the
// defaults, and the validation that stops start-up with a message naming
// the bad key.
package config
