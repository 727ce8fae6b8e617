package domain_test

import (
	"bytes"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
)

// A scan is recognised by its first bytes alone: an accepted one starts
// with the magic of the type named, whatever else it holds.
func FuzzScanMediaType(f *testing.F) {
	for _, s := range []string{"%PDF-1.7\n", "\xff\xd8\xff\xe0JFIF", "\x89PNG\r\n\x1a\n", "%PDF", "\x89PNG\r\n", "GIF89a",
		"<svg onload=alert(1)>", "PK\x03\x04", "MZ\x90\x00", "#!/bin/sh\nrm -rf /", "", "\x00\x00"} {
		f.Add([]byte(s))
	}
	magic := map[string]string{"application/pdf": "%PDF-", "image/jpeg": "\xff\xd8\xff", "image/png": "\x89PNG\r\n\x1a\n"}
	f.Fuzz(func(t *testing.T, head []byte) {
		mt, err := domain.ScanMediaType(head)
		if err != nil {
			if fe := wantFieldErr(t, err, "scan"); fe.Key != domain.KeyScanType {
				t.Fatalf("refused with %q", fe.Key)
			}
			for _, m := range magic {
				if bytes.HasPrefix(head, []byte(m)) {
					t.Fatalf("refused a scan starting with %q", m)
				}
			}
			return
		}
		if !domain.IsScanMediaType(mt) || !bytes.HasPrefix(head, []byte(magic[mt])) {
			t.Fatalf("%q recognised as %q", head, mt)
		}
	})
}

var formNumber = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`)

// Evidence that passes is settled: a CIN copy is the member's own CIN, a
// signed form has a well-formed number, the missing items are exactly the
// ones not seen, and checking it again changes nothing.
func FuzzCheckEvidence(f *testing.F) {
	f.Add(true, true, "ab 123456", true, "F-1", "AB123456", "", "")
	f.Add(true, false, "", false, "", "AB123456", "", "")
	f.Add(false, false, "AB123456", false, " 12345 ", "AB123456", "", "")
	f.Add(true, true, "AB123457", true, "F-1", "AB123456", "", "")
	f.Add(true, true, "", true, "F-1", "AB123456", "", "")
	f.Add(true, false, "", true, "F 1", "AB123456", "", "")
	f.Add(true, false, "", true, "F-1\x1b[2J", "AB123456", "", "")
	f.Add(true, false, "", true, "123456789012345678901", "AB123456", "", "")
	f.Add(true, true, "AB123456", true, "F-1", "", "", "")
	f.Add(true, false, "", false, "", "AB123456", strings.Repeat("ab", 32), "application/pdf")
	f.Add(true, false, "", false, "", "AB123456", strings.Repeat("ab", 32), "text/html")
	f.Add(true, false, "", false, "", "AB123456", strings.Repeat("AB", 32), "image/png")
	f.Add(true, false, "", false, "", "AB123456", "../../etc/passwd", "image/png")
	f.Fuzz(func(t *testing.T, card, cinCopy bool, cinRead string, signed bool, form, memberCIN, scanSum, scanType string) {
		in := domain.Evidence{RegistrationCardCopy: card, CINCopy: cinCopy, CINReadOffCopy: cinRead, SignedForm: signed, FormNumber: form}
		if scanSum != "" || scanType != "" {
			in.Scans = []domain.Scan{{SHA256: scanSum, MediaType: scanType, Size: 1}}
		}
		out, missing, err := domain.CheckEvidence(in, memberCIN)
		if err != nil {
			wantFieldErr(t, err, "cin_copy", "form_number", "scans")
			return
		}
		for _, s := range out.Scans {
			if !domain.IsScanMediaType(s.MediaType) || len(s.SHA256) != 64 || strings.Trim(s.SHA256, "0123456789abcdef") != "" {
				t.Fatalf("scan %+v accepted", s)
			}
		}
		if out.CINCopy != (out.CINReadOffCopy != "") || out.CINCopy && out.CINReadOffCopy != memberCIN {
			t.Fatalf("CIN copy %v with %q accepted for member %q", out.CINCopy, out.CINReadOffCopy, memberCIN)
		}
		if out.SignedForm != (out.FormNumber != "") || out.SignedForm && !formNumber.MatchString(out.FormNumber) {
			t.Fatalf("signed form %v with number %q accepted", out.SignedForm, out.FormNumber)
		}
		var want []string
		for item, seen := range map[string]bool{domain.EvidenceRegistrationCard: out.RegistrationCardCopy,
			domain.EvidenceCINCopy: out.CINCopy, domain.EvidenceSignedForm: out.SignedForm} {
			if !seen {
				want = append(want, item)
			}
		}
		if slices.Sort(want); !slices.Equal(want, slices.Sorted(slices.Values(missing))) {
			t.Fatalf("missing %q, want %q", missing, want)
		}
		again, missingAgain, err := domain.CheckEvidence(out, memberCIN)
		if err != nil || !reflect.DeepEqual(again, out) || !slices.Equal(missing, missingAgain) {
			t.Fatalf("not a fixed point: %+v -> %+v (%v)", out, again, err)
		}
	})
}
