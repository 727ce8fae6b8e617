package sqlitedb

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/i18n"
)

// Refusals keep their sentinel for errors.Is, read the same in English as
// printed and through the catalogue, and translate into French with the
// path kept.
func TestRefusalsTranslate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notSQLite, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		want   error
		wantFR string
	}{
		{filepath.Join(dir, "missing.db"), ErrNoDatabase, "aucune base de données"},
		{notSQLite, ErrNotSQLite, "ce n'est pas une base SQLite"},
		{filepath.Join(dir, "nowhere", "x.db"), ErrNoFolder, "le dossier n'existe pas"},
	} {
		_, err := Open(ctx, tc.path, MustExist, thingsV1)
		if !errors.Is(err, tc.want) {
			t.Fatalf("%s: %v, want %v", tc.path, err, tc.want)
		}
		if got := i18n.English().Error(err); got != err.Error() {
			t.Errorf("English through the catalogue %q, printed %q", got, err.Error())
		}
		fr := i18n.French().Error(err)
		if !strings.Contains(fr, tc.wantFR) || !strings.Contains(fr, dir) {
			t.Errorf("French %q lacks %q or the path", fr, tc.wantFR)
		}
	}
}
