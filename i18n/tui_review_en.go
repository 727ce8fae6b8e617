package i18n

// tuiReviewEN holds the console's texts added in the review of the sync
// screens.
var tuiReviewEN = map[string]string{
	"tui.sync.field.address": "Address",
}
