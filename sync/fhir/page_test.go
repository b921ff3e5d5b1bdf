package fhir

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParsePage(t *testing.T) {
	const body = `{
	 "resourceType": "Bundle", "type": "searchset", "total": 3,
	 "link": [{"relation":"self","url":"https://x/fhir/Observation?patient=1"},{"relation":"next","url":"https://x/fhir?page=2"}],
	 "entry": [
	  {"fullUrl":"https://x/fhir/Observation/1","resource": {"resourceType": "Observation", "id": "1", "valueQuantity": {"value": 1.50}}, "search": {"mode": "match"}},
	  {"resource": {"resourceType":"Patient","id":"p"}, "search": {"mode": "include"}},
	  {"resource": {"resourceType":"Observation","id":"2"}},
	  {"resource": {"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"suppressed","diagnostics":"Client not authorized for Observation - SmartData Elements."}]}, "search": {"mode": "outcome"}},
	  {"resource": {"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational","details":{"text":"Partial results"}}]}}
	 ]}`
	p, err := ParsePage([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Resources) != 3 || p.Total != 3 || p.Next != "https://x/fhir?page=2" || p.Self == "" {
		t.Fatalf("%+v", p)
	}
	if string(p.Resources[0]) != `{"resourceType":"Observation","id":"1","valueQuantity":{"value":1.50}}` {
		t.Errorf("not verbatim compact: %s", p.Resources[0])
	}
	if len(p.Warnings) != 2 || p.Warnings[0] != "warning suppressed: Client not authorized for Observation - SmartData Elements." {
		t.Errorf("warnings %q", p.Warnings)
	}
}

func TestParseHistoryDeletes(t *testing.T) {
	const body = `{"resourceType":"Bundle","type":"history","entry":[
	 {"fullUrl":"https://x/fhir/Condition/c1","request":{"method":"DELETE","url":"Condition/c1"},"response":{"status":"410 Gone"}},
	 {"fullUrl":"https://x/fhir/Condition/c2","response":{"status":"410"}},
	 {"request":{"method":"DELETE","url":"Condition/c3/_history/4"}},
	 {"fullUrl":"https://x/fhir/Condition/c4","resource":{"resourceType":"Condition","id":"c4"},"request":{"method":"PUT","url":"Condition/c4"},"response":{"status":"200 OK"}}]}`
	p, err := ParsePage([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Deleted, ",") != "Condition/c1,Condition/c2,Condition/c3" || len(p.Resources) != 1 {
		t.Fatalf("%+v", p)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"Invalid Token Scope":                                   "Invalid Token Scope",
		"HAPI-1996: Resource Location/0566265 is not known":     "#: Resource Location/… is not known",
		"see https://fhir.example.org/Patient/123?x=1 for more": "see <url> for more",
		"born 1990-03-08, MRN 12345":                            "born #, MRN #",
		"Resource Practitioner/abcdef is not known":             "Resource Practitioner/… is not known",
		"use urn:oid:1.2.840.114350 codes":                      "use <url> codes",
		"Does not know how to handle get with [patient,_count]": "Does not know how to handle get with [patient,_count]",
		strings.Repeat("word ", 100):                            strings.TrimSpace(strings.Repeat("word ", 40))[:199] + "…",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Bundle","type":"searchset","total":1,"link":[{"relation":"next","url":"https://x/fhir?p=2"}],"entry":[{"resource":{"resourceType":"Observation","id":"1"},"search":{"mode":"match"}}]}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","diagnostics":"Patient/123 2024-01-01"}]},"search":{"mode":"outcome"}}]}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"history","entry":[{"request":{"method":"DELETE","url":"A/b/_history/1"}}]}`))
	f.Add([]byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error"}]}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[null,{},{"resource":null}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePage(b)
		if err != nil {
			if p != nil {
				t.Fatal("page and error")
			}
			return
		}
		if p.Total < -1 && !strings.Contains(string(b), "-") {
			t.Fatalf("total %d", p.Total)
		}
		for _, r := range p.Resources {
			if !json.Valid(r) {
				t.Fatalf("invalid resource JSON %q", r)
			}
		}
		for _, d := range p.Deleted {
			if strings.Count(d, "/") != 1 {
				t.Fatalf("deleted ref %q", d)
			}
		}
	})
}

func FuzzOutcome(f *testing.F) {
	f.Add([]byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"Resource Patient/123 born 2001-02-03 see https://x/y"}]}`))
	f.Add([]byte(`{"resourceType":"OperationOutcome","issue":[{"details":{"coding":[{"display":"x"}]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, is := range outcomeIssues(b) {
			if strings.Contains(is, "://") || strings.ContainsAny(is, "0123456789") {
				t.Fatalf("issue keeps a URL or digits: %q", is)
			}
			if len([]rune(is)) > 2*200+60 {
				t.Fatalf("issue too long: %d", len(is))
			}
		}
		_ = newOutcomeError(500, b).Error()
	})
}

func FuzzParseCapability(f *testing.F) {
	f.Add([]byte(`{"resourceType":"CapabilityStatement","rest":[{"mode":"server","resource":[{"type":"Observation","interaction":[{"code":"search-type"}],"searchParam":[{"name":"patient"}]}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCapability(b)
		if err != nil {
			return
		}
		for _, typ := range c.Types {
			if !c.Supports(typ, "_id") {
				t.Fatalf("type %q listed but not searchable", typ)
			}
		}
	})
}
