package i18n

import (
	"fmt"
	"testing"
)

// A grouped count keeps the verb's width and alignment; other verbs see
// the number itself.
func TestGroupedCountHonoursTheVerb(t *testing.T) {
	g := grouped{1500, English().Number(1500)}
	if got := fmt.Sprintf("[%7d][%-7d][%d][%x][%v]", g, g, g, g, g); got != "[  1,500][1,500  ][1,500][5dc][1,500]" {
		t.Errorf("got %s", got)
	}
}
