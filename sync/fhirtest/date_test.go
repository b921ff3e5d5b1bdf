package fhirtest

import (
	"testing"
	"time"
)

func TestParseDateParam(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		in             string
		prefix, lo, hi string // "" lo = error
	}{
		{"2024", "eq", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"},
		{"gt2024-02", "gt", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"},
		{"le2024-02-29", "le", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"},
		{"ge2024-02-29T10:30Z", "ge", "2024-02-29T10:30:00Z", "2024-02-29T10:31:00Z"},
		{"lt2024-02-29T10:30:15+02:00", "lt", "2024-02-29T08:30:15Z", "2024-02-29T08:30:16Z"},
		{"2024-02-29T10:30:15.5Z", "eq", "2024-02-29T10:30:15.5Z", "2024-02-29T10:30:15.6Z"},
		{"ne2024-02-29T10:30:15.123Z", "ne", "2024-02-29T10:30:15.123Z", "2024-02-29T10:30:15.124Z"},
		{"sa2024", "sa", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"},
		{"ap2024", "", "", ""},
		{"2024-02-29T10:30:15", "", "", ""}, // no timezone
		{"2024-02-29T10:30:15 02:00", "", "", ""},
		{"2024-2-1", "", "", ""},
		{"20240", "", "", ""},
		{"gt", "", "", ""},
		{"", "", "", ""},
		{"2024-02-30", "", "", ""},
		{"2024-02-29T10:30:15.Z", "", "", ""},
	} {
		p, err := parseDateParam(tt.in)
		if tt.lo == "" {
			if err == nil {
				t.Errorf("%q: no error (%+v)", tt.in, p)
			}
			continue
		}
		if err != nil || p.prefix != tt.prefix || !p.lo.Equal(at(tt.lo)) || !p.hi.Equal(at(tt.hi)) {
			t.Errorf("%q: %+v %v", tt.in, p, err)
		}
	}
}

func TestDateMatch(t *testing.T) {
	p := func(s string) datePredicate {
		v, err := parseDateParam(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	in := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"2024-05-01", true}, {"2024-05-02", false}, {"ne2024-05-01", false},
		{"gt2024-04-30", true}, {"gt2024-05-01", false}, {"gt2024-05-01T11:59:59Z", true},
		{"ge2024-05-01T12:00:00Z", true}, {"gt2024-05-01T12:00:00Z", false},
		{"lt2024-05-01T12:00:00Z", false}, {"lt2024-05-01T12:00:01Z", true},
		{"le2024-05-01T12:00:00Z", true}, {"le2024-05-01T11:59:59Z", false},
		{"eb2025", true}, {"sa2023", true}, {"sa2024", false},
	} {
		if got := p(tt.q).match(in); got != tt.want {
			t.Errorf("%s: %v", tt.q, got)
		}
	}
}

func FuzzParseDateParam(f *testing.F) {
	for _, s := range []string{"2024", "gt2024-02-29T10:30:15.123+02:00", "le2024-02", "eq2024-01-01T00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseDateParam(s)
		if err != nil {
			return
		}
		if !p.lo.Before(p.hi) {
			t.Fatalf("%q: empty range %v..%v", s, p.lo, p.hi)
		}
		if !p.match(p.lo) && p.prefix == "eq" {
			t.Fatalf("%q: eq does not match its own start", s)
		}
	})
}

func FuzzParseBundles(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:a1","resource":{"resourceType":"Patient","id":"a1"}},{"fullUrl":"urn:uuid:b2","resource":{"resourceType":"Observation","subject":{"reference":"urn:uuid:a1"},"valueQuantity":{"value":1.50}}}]}`))
	f.Add([]byte(`{"resourceType":"Patient","id":"p"}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Practitioner","identifier":[{"system":"s","value":"v"}]}},{"resource":{"resourceType":"Encounter","participant":[{"individual":{"reference":"Practitioner?identifier=s|v"}}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ParseBundles(time.Unix(0, 0), data)
		if err != nil {
			return
		}
		srv := New(ds, Options{})
		for _, e := range ds.entries {
			body, ok := srv.Get(e.typ, e.id)
			if !ok {
				t.Fatalf("%s/%s not served", e.typ, e.id)
			}
			if _, err := decodeObject(body); err != nil {
				t.Fatalf("stored invalid JSON: %v", err)
			}
		}
	})
}
