package fhirjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// gen writes random JSON in the shapes FHIR resources have, with random
// whitespace, escapes and numbers. Keys within an object are distinct.
type gen struct {
	r *rand.Rand
	b strings.Builder
	// loose documents put values of any type in the elements CareKeeper reads (and are
	// refused for it); others keep those elements to their FHIR JSON types.
	loose bool
	typ   string
}

var genKeys = []string{
	"id", "reference", "identifier", "system", "value", "code", "coding", "component",
	"name", "given", "family", "text", "meta", "versionId", "lastUpdated", "birthDate",
	"effectiveDateTime", "effectivePeriod", "period", "start", "end", "issued", "date",
	"subject", "performer", "contained", "extension", "url", "valueReference", "display",
	"context", "authoredOn", "created", "recorded", "medicationCodeableConcept", "vaccineCode",
	"refer\\u0065nce", "na\\u006De", "x", "", "é", "日本",
}

var genStrings = []string{
	"", "a", "Patient/1", "urn:uuid:0f1e", "2020-01-02", "http://loinc.org", "8480-6",
	"é日本😀", `\"`, `\\`, `\/`, `\b\f\n\r\t`, `\u0041`, `\u00e9`, `\ud83d\ude00`, `\ud800`,
	`\udc00x`, `<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>`, "#c1", "Practitioner?identifier=a|b",
}

var genNumbers = []string{"0", "-0", "1", "-12", "3.25", "1e5", "1E+5", "-2.5e-3", "0.0", "100000000000000000000001", "1.50"}

func (g *gen) ws() {
	if g.r.IntN(3) == 0 {
		g.b.WriteString([]string{" ", "\t", "\r", "  ", "\n ", "\r\n\t"}[g.r.IntN(6)])
	}
}

func (g *gen) str() {
	g.b.WriteByte('"')
	for n := g.r.IntN(3); n >= 0; n-- {
		g.b.WriteString(genStrings[g.r.IntN(len(genStrings))])
	}
	g.b.WriteByte('"')
}

func (g *gen) value(depth int) {
	g.ws()
	k := g.r.IntN(10)
	if depth > 6 {
		k = 5 + g.r.IntN(5)
	}
	switch {
	case k < 3:
		g.object(depth+1, nil)
	case k < 5:
		g.b.WriteByte('[')
		n := g.r.IntN(4)
		for i := 0; i < n; i++ {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.value(depth + 1)
		}
		g.ws()
		g.b.WriteByte(']')
	case k < 8:
		g.str()
	case k < 9:
		g.b.WriteString(genNumbers[g.r.IntN(len(genNumbers))])
	default:
		g.b.WriteString([]string{"true", "false", "null"}[g.r.IntN(3)])
	}
	g.ws()
}

// object writes an object with the given leading members (already JSON) and
// random others.
func (g *gen) object(depth int, fixed []string) {
	g.b.WriteByte('{')
	used := map[string]bool{}
	members := append([]string(nil), fixed...)
	for _, m := range fixed {
		used[m[:strings.IndexByte(m[1:], '"')+2]] = true
	}
	n := g.r.IntN(6)
	for i := 0; i < n; i++ {
		k := genKeys[g.r.IntN(len(genKeys))]
		// Escaped spellings collide with plain ones after decoding.
		canon := strings.NewReplacer(`\u0065`, "e", `\u006D`, "m").Replace(k)
		if used[`"`+canon+`"`] || used[`"`+k+`"`] || canon == "resourceType" {
			continue
		}
		if depth == 1 && !g.loose && g.typedKey(canon) {
			continue
		}
		used[`"`+canon+`"`] = true
		var v gen
		v.r = g.r
		v.value(depth)
		members = append(members, `"`+k+`":`+v.b.String())
	}
	g.r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	for i, m := range members {
		if i > 0 {
			g.b.WriteByte(',')
		}
		g.ws()
		g.b.WriteString(m)
		g.ws()
	}
	g.b.WriteByte('}')
}

var genTypes = []string{"Patient", "Observation", "Encounter", "Condition", "Organization", "Basic", "DocumentReference", "MedicationRequest"}

// typedKey reports whether key is a top-level element whose JSON type is checked.
func (g *gen) typedKey(key string) bool {
	f, ok := typeShapes[g.typ]
	if !ok {
		f = commonShapes
	}
	_, typed := f[key]
	return typed
}

// sv is a value that is usually a string (always in documents that are not loose).
func (g *gen) sv() string {
	var v gen
	v.r = g.r
	if g.loose && g.r.IntN(8) == 0 {
		v.value(5)
	} else {
		v.str()
	}
	return v.b.String()
}

// dv is a date element's value: mostly a real date of any precision, sometimes any string (a
// date that is not one refuses the file).
func (g *gen) dv() string {
	if g.r.IntN(8) == 0 {
		return g.sv()
	}
	y, m, d := 1900+g.r.IntN(200), 1+g.r.IntN(12), 1+g.r.IntN(28)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf(`"%04d"`, y)
	case 1:
		return fmt.Sprintf(`"%04d-%02d"`, y, m)
	case 2:
		return fmt.Sprintf(`"%04d-%02d-%02d"`, y, m, d)
	}
	return fmt.Sprintf(`"%04d-%02d-%02dT%02d:%02d:%02d+%02d:00"`, y, m, d, g.r.IntN(24), g.r.IntN(60), g.r.IntN(60), g.r.IntN(15))
}

func (g *gen) list(n int, f func() string) string {
	var parts []string
	for i := g.r.IntN(n + 1); i > 0; i-- {
		parts = append(parts, f())
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func (g *gen) coding() string {
	return `{"system":` + g.sv() + `,"code":` + g.sv() + `,"display":` + g.sv() + `}`
}

func (g *gen) cc() string { return `{"coding":` + g.list(3, g.coding) + `,"text":` + g.sv() + `}` }

func (g *gen) resource() string {
	g.typ = genTypes[g.r.IntN(len(genTypes))]
	g.loose = g.r.IntN(4) == 0
	r := gen{r: g.r, loose: g.loose, typ: g.typ}
	fixed := []string{`"resourceType":"` + g.typ + `"`}
	templates := map[string]func() string{
		"code":      g.cc,
		"component": func() string { return g.list(3, func() string { return `{"code":` + g.cc() + `}` }) },
		"identifier": func() string {
			return g.list(3, func() string {
				return `{"system":` + g.sv() + `,"value":` + g.sv() + `,"assigner":{"reference":` + g.sv() + `}}`
			})
		},
		"name": func() string {
			if g.typ == "Organization" {
				return g.sv() // a plain string in Organization, a list of HumanNames in Patient
			}
			return g.list(2, func() string {
				return `{"given":` + g.list(3, g.sv) + `,"family":` + g.sv() + `,"text":` + g.sv() + `}`
			})
		},
		"meta":              func() string { return `{"versionId":` + g.sv() + `,"lastUpdated":` + g.dv() + `}` },
		"effectivePeriod":   func() string { return `{"start":` + g.dv() + `}` },
		"period":            func() string { return `{"start":` + g.dv() + `,"end":` + g.dv() + `}` },
		"context":           func() string { return `{"period":{"start":` + g.dv() + `}}` },
		"subject":           func() string { return `{"reference":` + g.sv() + `}` },
		"effectiveDateTime": g.dv,
		"birthDate":         g.dv,
		"date":              g.dv,
		"vaccineCode":       g.cc,
	}
	for k, f := range templates {
		if g.r.IntN(3) == 0 {
			fixed = append(fixed, `"`+k+`":`+f())
		}
	}
	r.object(1, fixed)
	return r.b.String()
}

func (g *gen) file() (doc string, ndjson bool) {
	switch g.r.IntN(4) {
	case 0, 1:
		return g.resource(), false
	case 2:
		var entries []string
		for n := g.r.IntN(5); n > 0; n-- {
			var e []string
			if g.r.IntN(4) > 0 {
				e = append(e, `"resource":`+g.resource())
			}
			if g.r.IntN(2) == 0 {
				e = append(e, `"fullUrl":"urn:uuid:`+fmt.Sprint(n)+`"`)
			}
			if g.r.IntN(2) == 0 {
				e = append(e, `"request":{"method":"PUT","url":"Basic/1"}`)
			}
			entries = append(entries, "{"+strings.Join(e, ",")+"}")
		}
		fixed := []string{`"resourceType":"Bundle"`, `"type":"collection"`, `"entry":[` + strings.Join(entries, ",\n") + `]`}
		g.r.Shuffle(len(fixed), func(i, j int) { fixed[i], fixed[j] = fixed[j], fixed[i] })
		return "{" + strings.Join(fixed, ",") + "}", false
	default:
		var lines []string
		for n := 1 + g.r.IntN(4); n > 0; n-- {
			lines = append(lines, strings.NewReplacer("\n", " ").Replace(g.resource()))
			if g.r.IntN(3) == 0 {
				lines = append(lines, "")
			}
		}
		lines = append(lines, strings.NewReplacer("\n", " ").Replace(g.resource()))
		return strings.Join(lines, []string{"\n", "\r\n"}[g.r.IntN(2)]) + "\n", true
	}
}

// TestRandomDocuments checks random well-formed files against encoding/json:
// counts, byte-exact compaction, losslessness and every Info field.
func TestRandomDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	typeRefused = 0
	defer func() {
		if typeRefused > n/2 {
			t.Errorf("%d of %d documents were refused for wrong JSON types: too few fully checked", typeRefused, n)
		}
	}()
	for i := 0; i < n; i++ {
		g := gen{r: r}
		doc, ndjson := g.file()
		name := "random.json"
		if ndjson {
			name = "random.ndjson"
		}
		ok := t.Run(fmt.Sprint(i), func(t *testing.T) { checkFile(t, name, []byte(doc)) })
		if !ok {
			t.Fatalf("document:\n%s", doc)
		}
	}
}

// TestRandomMutations mutates random documents and checks that ParseFile calls
// input invalid JSON exactly when encoding/json does (for single-value input),
// and never panics.
func TestRandomMutations(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("{}[]\":,\\ \t\r-+.0123456789eEtrufalsn\x01\x7fu\xc3\xa9")
	n := 30000
	if testing.Short() {
		n = 3000
	}
	for i := 0; i < n; i++ {
		g := gen{r: r}
		doc := []byte(strings.ReplaceAll(g.resource(), "\n", " "))
		for m := 1 + r.IntN(3); m > 0; m-- {
			p := r.IntN(len(doc) + 1)
			c := alphabet[r.IntN(len(alphabet))]
			switch r.IntN(3) {
			case 0:
				doc = append(doc[:p], append([]byte{c}, doc[p:]...)...)
			case 1:
				if p < len(doc) {
					doc = append(doc[:p], doc[p+1:]...)
				}
			default:
				if p < len(doc) {
					doc[p] = c
				}
			}
		}
		_, err := ParseFile(doc)
		valid := json.Valid(doc) && utf8.Valid(doc)
		var pe *Error
		switch {
		case err == nil:
			if !valid {
				t.Fatalf("accepted invalid JSON: %q", doc)
			}
		case !errors.As(err, &pe):
			t.Fatalf("not *Error: %v", err)
		case strings.HasPrefix(pe.Msg, "not valid JSON"), pe.Msg == msgEOF:
			if valid {
				t.Fatalf("rejected valid JSON (%v): %q", err, doc)
			}
		case pe.Msg == "not UTF-8", pe.Msg == msgNotObject, pe.Msg == msgEmpty:
		default:
			if !valid {
				t.Fatalf("semantic error %v for invalid JSON: %q", err, doc)
			}
		}
	}
}
