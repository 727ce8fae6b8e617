package i18n

// lettersEN is the English of the centre's letters: a returned letter that
// cannot be recorded.
var lettersEN = map[string]string{
	"err.letters.no_address":         "This member has no address on file: no letter can have come back from it",
	"field.by":                       "Recorded by",
	"field.dir":                      "Folder",
	"field.from":                     "Sender address",
	"err.letters.already_unverified": "This member's address is already unverified: record an address change and have it approved",
}
