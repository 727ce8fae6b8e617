package wire_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// The OpenAPI document as far as these tests read it.
type apiDoc struct {
	OpenAPI string `yaml:"openapi"`
	Info    struct {
		Version         string `yaml:"version"`
		ProtocolVersion int    `yaml:"x-protocol-version"`
	} `yaml:"info"`
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		Parameters map[string]apiParam   `yaml:"parameters"`
		Schemas    map[string]*apiSchema `yaml:"schemas"`
	} `yaml:"components"`
}

type apiParam struct {
	Name   string     `yaml:"name"`
	In     string     `yaml:"in"`
	Schema *apiSchema `yaml:"schema"`
}

type apiSchema struct {
	Ref        string                `yaml:"$ref"`
	Type       string                `yaml:"type"`
	Format     string                `yaml:"format"`
	Required   []string              `yaml:"required"`
	Properties map[string]*apiSchema `yaml:"properties"`
	Items      *apiSchema            `yaml:"items"`
	Enum       []string              `yaml:"enum"`
	OneOf      []*apiSchema          `yaml:"oneOf"`
	MaxItems   int                   `yaml:"maxItems"`
	Maximum    int                   `yaml:"maximum"`
}

func loadDoc(t *testing.T) apiDoc {
	t.Helper()
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc apiDoc
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		t.Fatalf("openapi.yaml is not OpenAPI 3.0: %q", doc.OpenAPI)
	}
	return doc
}

func TestDocumentNamesThisProtocolVersion(t *testing.T) {
	doc := loadDoc(t)
	if doc.Info.ProtocolVersion != wire.Version || doc.Info.Version != strconv.Itoa(wire.Version) {
		t.Errorf("document describes version %d (%q), the code speaks %d", doc.Info.ProtocolVersion, doc.Info.Version, wire.Version)
	}
	p := doc.Components.Parameters["Protocol"]
	if p.Name != wire.VersionHeader || p.In != "header" || p.Schema == nil || !slices.Equal(p.Schema.Enum, []string{strconv.Itoa(wire.Version)}) {
		t.Errorf("Protocol parameter %+v must be header %s with enum [%d]", p, wire.VersionHeader, wire.Version)
	}
	if a := doc.Components.Parameters["Actor"]; a.Name != wire.ActorHeader || a.In != "header" {
		t.Errorf("Actor parameter %+v must be header %s", a, wire.ActorHeader)
	}
}

var httpMethods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}

// Every wire.Path* constant is documented, with exactly the methods the
// server routes: asked without a token, a routed operation answers
// anything but 404 and 405.
func TestDocumentedOperationsAreExactlyTheServedOnes(t *testing.T) {
	doc := loadDoc(t)
	handler := server.New(nil, server.Options{Logger: slog.New(slog.DiscardHandler)})
	const probeSum = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	paths := constants(t, ".").withPrefix("Path")
	if len(paths) == 0 {
		t.Fatal("no wire.Path* constants found")
	}
	documented := map[string]bool{}
	for p := range doc.Paths {
		documented[p] = true
	}
	for name, path := range paths {
		docPath, probe := path, path
		if strings.HasSuffix(path, "/") {
			docPath, probe = path+"{sha256}", path+probeSum
		}
		item, ok := doc.Paths[docPath]
		if !ok {
			t.Errorf("wire.%s (%s) is not documented as %s", name, path, docPath)
			continue
		}
		delete(documented, docPath)
		for _, m := range httpMethods {
			req := httptest.NewRequest(m, probe, nil)
			req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			served := rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed
			_, inDoc := item[strings.ToLower(m)]
			if served != inDoc {
				t.Errorf("%s %s: served=%v (status %d) but documented=%v", m, docPath, served, rec.Code, inDoc)
			}
		}
	}
	for p := range documented {
		t.Errorf("openapi.yaml documents %s, which no wire.Path* constant names", p)
	}
}

// goTypes are the Go types each schema describes.
var goTypes = map[string]reflect.Type{
	"Entry":             reflect.TypeFor[wire.Entry](),
	"PushRequest":       reflect.TypeFor[wire.PushRequest](),
	"PushResponse":      reflect.TypeFor[wire.PushResponse](),
	"Result":            reflect.TypeFor[wire.Result](),
	"AuditRecord":       reflect.TypeFor[wire.AuditRecord](),
	"AuditAck":          reflect.TypeFor[wire.AuditAck](),
	"Break":             reflect.TypeFor[wire.Break](),
	"FeedPage":          reflect.TypeFor[wire.FeedPage](),
	"FeedItem":          reflect.TypeFor[wire.FeedItem](),
	"Branch":            reflect.TypeFor[wire.Branch](),
	"Member":            reflect.TypeFor[wire.Member](),
	"Beneficiary":       reflect.TypeFor[wire.Beneficiary](),
	"Address":           reflect.TypeFor[wire.Address](),
	"Account":           reflect.TypeFor[wire.Account](),
	"Request":           reflect.TypeFor[wire.Request](),
	"Device":            reflect.TypeFor[wire.Device](),
	"Health":            reflect.TypeFor[wire.Health](),
	"DocumentAnswer":    reflect.TypeFor[wire.DocumentAnswer](),
	"PasswordChange":    reflect.TypeFor[wire.PasswordChange](),
	"ErrorBody":         reflect.TypeFor[wire.ErrorBody](),
	"AddressInput":      reflect.TypeFor[domain.AddressInput](),
	"Evidence":          reflect.TypeFor[domain.Evidence](),
	"Scan":              reflect.TypeFor[domain.Scan](),
	"Exception":         reflect.TypeFor[domain.Exception](),
	"ChangeEvent":       reflect.TypeFor[domain.ChangeEvent](),
	"PINEvent":          reflect.TypeFor[domain.PINEvent](),
	"PINOverride":       reflect.TypeFor[domain.PINOverride](),
	"SealedPIN":         reflect.TypeFor[domain.SealedPIN](),
	"PIN":               reflect.TypeFor[wire.PIN](),
	"PINVerifyRequest":  reflect.TypeFor[wire.PINVerifyRequest](),
	"PINVerifyResponse": reflect.TypeFor[wire.PINVerifyResponse](),
}

// Each schema lists exactly the JSON fields of its Go type, with a
// matching type, and requires exactly those always encoded (no omitempty).
func TestSchemasMatchTheGoTypes(t *testing.T) {
	doc := loadDoc(t)
	for name := range doc.Components.Schemas {
		if _, ok := goTypes[name]; !ok {
			t.Errorf("schema %s describes no Go type this test knows", name)
		}
	}
	for name, typ := range goTypes {
		s, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("%s (%s) has no schema", name, typ)
			continue
		}
		if s.Type != "object" {
			t.Errorf("schema %s: type %q, want object", name, s.Type)
		}
		fields := jsonFields(typ)
		var required []string
		for _, f := range fields {
			if !f.omitempty {
				required = append(required, f.name)
			}
			prop, ok := s.Properties[f.name]
			if !ok {
				t.Errorf("schema %s lacks property %s", name, f.name)
				continue
			}
			if err := matchType(prop, f.typ); err != nil {
				t.Errorf("%s.%s: %v", name, f.name, err)
			}
		}
		for p := range s.Properties {
			if !slices.ContainsFunc(fields, func(f jsonField) bool { return f.name == p }) {
				t.Errorf("schema %s documents %s, which %s does not have", name, p, typ)
			}
		}
		sort.Strings(required)
		got := slices.Clone(s.Required)
		sort.Strings(got)
		if !slices.Equal(got, required) {
			t.Errorf("schema %s requires %v; the fields always encoded are %v", name, got, required)
		}
	}
}

type jsonField struct {
	name      string
	omitempty bool
	typ       reflect.Type
}

// jsonFields lists the JSON fields encoding/json writes for t, embedded
// structs flattened.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name, slices.Contains(strings.Split(opts, ","), "omitempty"), f.Type})
	}
	return out
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func matchType(s *apiSchema, t reflect.Type) error {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == rawType:
		if len(s.OneOf) == 0 {
			return fmt.Errorf("raw JSON must be documented as oneOf its payload schemas")
		}
		return nil
	case t == timeType:
		if s.Type != "string" || s.Format != "date-time" {
			return fmt.Errorf("a time must be a date-time string, got %s/%s", s.Type, s.Format)
		}
		return nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if s.Type != "string" || s.Format != "byte" {
			return fmt.Errorf("bytes must be a base64 string (format byte), got %s/%s", s.Type, s.Format)
		}
		return nil
	}
	want := map[reflect.Kind]string{
		reflect.String: "string", reflect.Bool: "boolean",
		reflect.Int: "integer", reflect.Int64: "integer", reflect.Slice: "array",
	}[t.Kind()]
	switch {
	case t.Kind() == reflect.Struct:
		if ref := "#/components/schemas/" + t.Name(); s.Ref != ref {
			return fmt.Errorf("want $ref %s, got %q", ref, s.Ref)
		}
	case want == "":
		return fmt.Errorf("the test does not know how %s is documented", t)
	case s.Type != want:
		return fmt.Errorf("type %q, want %q for %s", s.Type, want, t)
	case t.Kind() == reflect.Slice:
		if s.Items == nil {
			return fmt.Errorf("an array needs items")
		}
		return matchType(s.Items, t.Elem())
	}
	return nil
}

// Every enum of statuses, kinds, codes and states equals the Go constants
// (read from the source, so a new constant must be documented).
func TestEnumsEqualTheGoConstants(t *testing.T) {
	doc := loadDoc(t)
	w, d := constants(t, "."), constants(t, "../../domain")
	entryKinds := d.withPrefix("Event").values()
	entryKinds = append(entryKinds, w.withPrefix("Kind").values()...)
	// A PIN reissue is an entry kind of its own payload, not a ChangeEvent.
	changeKinds := d.withPrefix("Event")
	delete(changeKinds, "EventPINReissued")
	// Consoles alone know queued and refused issues; the centre's states travel.
	centreStates := d.ofType("PINState")
	delete(centreStates, "PINQueued")
	delete(centreStates, "PINRefused")
	cases := []struct {
		schema, property string
		want             []string
	}{
		{"Result", "status", w.withPrefix("Status").values()},
		{"FeedItem", "kind", w.withPrefix("Item").values()},
		{"ErrorBody", "error", w.withPrefix("Code").values()},
		{"Entry", "kind", entryKinds},
		{"ChangeEvent", "kind", changeKinds.values()},
		{"PINEvent", "kind", []string{d["EventPINReissued"].value}},
		{"PINEvent", "channel", d.ofType("PINChannel").values()},
		{"PIN", "channel", d.ofType("PINChannel").values()},
		{"PIN", "state", centreStates.values()},
		{"PINVerifyResponse", "result", w.withPrefix("PIN").values()},
		{"Member", "status", d.ofType("MemberStatus").values()},
		{"Member", "category", d.ofType("Category").values()},
		{"Beneficiary", "relation", d.ofType("Relation").values()},
		{"Account", "role", d.ofType("Role").values()},
		{"Request", "state", d.ofType("RequestState").values()},
		{"Exception", "missing", d.withPrefix("Evidence").values()},
	}
	for _, c := range cases {
		prop := doc.Components.Schemas[c.schema].Properties[c.property]
		if prop == nil {
			t.Errorf("%s.%s is not documented", c.schema, c.property)
			continue
		}
		if prop.Items != nil {
			prop = prop.Items
		}
		got := slices.Clone(prop.Enum)
		sort.Strings(got)
		sort.Strings(c.want)
		if len(c.want) == 0 || !slices.Equal(got, c.want) {
			t.Errorf("%s.%s enum %v, Go constants %v", c.schema, c.property, got, c.want)
		}
	}
}

func TestDocumentedLimitsAreTheCodesLimits(t *testing.T) {
	doc := loadDoc(t)
	push := doc.Components.Schemas["PushRequest"].Properties
	if push["entries"].MaxItems != wire.MaxPushEntries || push["audit"].MaxItems != wire.MaxPushAudit {
		t.Errorf("push limits documented as %d/%d, code has %d/%d",
			push["entries"].MaxItems, push["audit"].MaxItems, wire.MaxPushEntries, wire.MaxPushAudit)
	}
	var feed struct {
		Parameters []apiParam `yaml:"parameters"`
	}
	node := doc.Paths[wire.PathFeed]["get"]
	if err := node.Decode(&feed); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range feed.Parameters {
		if p.Name == "limit" {
			found = p.Schema.Maximum == wire.MaxFeedPage
		}
	}
	if !found {
		t.Errorf("feed limit must be documented with maximum %d", wire.MaxFeedPage)
	}
}

// goConst is a string constant read from Go source.
type goConst struct{ typeName, value string }

type constSet map[string]goConst

// constants reads the string constants declared in the non-test Go files
// of dir.
func constants(t *testing.T, dir string) constSet {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := constSet{}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				typeName := ""
				if id, ok := vs.Type.(*ast.Ident); ok {
					typeName = id.Name
				}
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out[name.Name] = goConst{typeName, v}
				}
			}
		}
	}
	return out
}

func (s constSet) withPrefix(prefix string) constValues {
	out := constValues{}
	for name, c := range s {
		if strings.HasPrefix(name, prefix) {
			out[name] = c.value
		}
	}
	return out
}

func (s constSet) ofType(typeName string) constValues {
	out := constValues{}
	for name, c := range s {
		if c.typeName == typeName {
			out[name] = c.value
		}
	}
	return out
}

// constValues maps constant names to their values.
type constValues map[string]string

func (m constValues) values() []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// Every $ref in the document points at a component that exists.
func TestEveryReferenceResolves(t *testing.T) {
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := root.Decode(&tree); err != nil {
		t.Fatal(err)
	}
	var walk func(n *yaml.Node)
	refs := 0
	walk = func(n *yaml.Node) {
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "$ref" {
				refs++
				if !resolves(tree, n.Content[i+1].Value) {
					t.Errorf("line %d: $ref %s does not resolve", n.Content[i+1].Line, n.Content[i+1].Value)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	if refs == 0 {
		t.Fatal("no $ref found: the walk is broken")
	}
}

func resolves(tree map[string]any, ref string) bool {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return false
	}
	var node any = tree
	for _, part := range strings.Split(path, "/") {
		m, ok := node.(map[string]any)
		if !ok {
			return false
		}
		if node, ok = m[part]; !ok {
			return false
		}
	}
	return true
}
