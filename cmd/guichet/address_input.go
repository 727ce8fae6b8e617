package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// requestInput is a new address and its evidence as the command line takes
// them: from flags, or the same fields as one JSON object (--from-json).
type requestInput struct {
	domain.AddressInput
	CINCopy              string   `json:"cin_copy"`
	RegistrationCardCopy bool     `json:"registration_card_copy"`
	FormNumber           string   `json:"form_number"`
	Scans                []string `json:"scans"`
}

// requestInputFields are the keys --from-json accepts, spelt exactly.
var requestInputFields = []string{"line1", "line2", "quarter", "city", "postal_code", "province", "line_ar",
	"cin_copy", "registration_card_copy", "form_number", "scans"}

// requestFlagNames are the flags --from-json replaces.
var requestFlagNames = []string{"line1", "line2", "quarter", "city", "postal-code", "province", "line-ar",
	"cin-copy", "registration-card-copy", "form-number", "scan"}

// maxJSONInput caps what --from-json reads: an address and its evidence fit
// in far less.
const maxJSONInput = 64 << 10

func addRequestFlags(cmd *cobra.Command, cat *i18n.Catalog, in *requestInput) {
	f, t := cmd.Flags(), cat.T
	f.StringVar(&in.Line1, "line1", "", t("cli.flag.line1"))
	f.StringVar(&in.Line2, "line2", "", t("cli.flag.line2"))
	f.StringVar(&in.Quarter, "quarter", "", t("cli.flag.quarter"))
	f.StringVar(&in.City, "city", "", t("cli.flag.city"))
	f.StringVar(&in.PostalCode, "postal-code", "", t("cli.flag.postal_code"))
	f.StringVar(&in.Province, "province", "", t("cli.flag.province"))
	f.StringVar(&in.LineAr, "line-ar", "", t("cli.flag.line_ar"))
	f.StringVar(&in.CINCopy, "cin-copy", "", t("cli.flag.cin_copy"))
	f.BoolVar(&in.RegistrationCardCopy, "registration-card-copy", false, t("cli.flag.registration_card_copy"))
	f.StringVar(&in.FormNumber, "form-number", "", t("cli.flag.form_number"))
	f.StringArrayVar(&in.Scans, "scan", nil, t("cli.flag.scan"))
}

// readRequestJSON reads --from-json FILE (or - for standard input) strictly:
// one object, known fields spelt exactly, each once, nothing after it, at
// most maxJSONInput bytes.
func (a *app) readRequestJSON(name string) (requestInput, error) {
	var r io.Reader = a.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return requestInput{}, errors.New(a.cat.T("cli.json.unreadable", name, err))
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxJSONInput+1))
	if err != nil {
		return requestInput{}, errors.New(a.cat.T("cli.json.unreadable", name, err))
	}
	if len(raw) > maxJSONInput {
		return requestInput{}, errors.New(a.cat.T("cli.json.too_large", name, maxJSONInput>>10))
	}
	if err := a.checkJSONShape(name, raw); err != nil {
		return requestInput{}, err
	}
	var in requestInput
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// The address's fields are an embedded struct's: name them as
			// the JSON does, not with the Go type in front.
			field := strings.TrimPrefix(te.Field, "AddressInput.")
			return in, errors.New(a.cat.T("cli.json.type", name, field, te.Value))
		}
		return in, errors.New(a.cat.T("cli.json.invalid", name, err))
	}
	return in, nil
}

// checkJSONShape walks the tokens: encoding/json alone would take a
// duplicated key (the last wins), a key in another case, or trailing data.
func (a *app) checkJSONShape(name string, raw []byte) error {
	invalid := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return errors.New(a.cat.T("cli.json.syntax", name, se.Offset))
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return errors.New(a.cat.T("cli.json.truncated", name))
		}
		return errors.New(a.cat.T("cli.json.invalid", name, err))
	}
	known := map[string]bool{}
	for _, k := range requestInputFields {
		known[k] = true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return invalid(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New(a.cat.T("cli.json.not_object", name))
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return invalid(err)
		}
		key, _ := tok.(string)
		switch {
		case !known[key]:
			return errors.New(a.cat.T("cli.json.unknown_field", name, domain.Sanitize(key), strings.Join(requestInputFields, ", ")))
		case seen[key]:
			return errors.New(a.cat.T("cli.json.duplicate_field", name, key))
		}
		seen[key] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return invalid(err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return invalid(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New(a.cat.T("cli.json.trailing", name))
	}
	return nil
}

// changeInput turns the command line's input into the service's.
func (in requestInput) changeInput(memberID int64) service.ChangeInput {
	cinCopy := strings.TrimSpace(in.CINCopy)
	form := strings.TrimSpace(in.FormNumber)
	return service.ChangeInput{
		MemberID: memberID,
		Address:  in.AddressInput,
		Evidence: domain.Evidence{RegistrationCardCopy: in.RegistrationCardCopy, CINCopy: cinCopy != "",
			CINReadOffCopy: cinCopy, SignedForm: form != "", FormNumber: form},
		ScanFiles: in.Scans,
	}
}
