package sync_test

import (
	"strings"
	"testing"
	"time"

	cksync "carekeeper/sync"
	"carekeeper/sync/fhirtest"
)

// A portal's record whose date names no day or time that exists is refused as a file's is
// (fhirjson 93d779c): its page is not stored (no part of it), the sync says which element of
// which type in one line without the value, stays incomplete, and stores the page once the
// portal serves a real date. Against the test portal on 127.0.0.1 with the real client and
// sign-in. Before, the sync completed and stored 2026-13-45 as the file path refuses it.
func TestPortalRefusesImpossibleDates(t *testing.T) {
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
 {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Tane","given":["Aroha"]}],"birthDate":"1950-04-02"}},
 {"fullUrl":"urn:uuid:dr","resource":{"resourceType":"Practitioner","id":"dr","name":[{"family":"Hale"}]}},
 {"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"performer":[{"reference":"urn:uuid:dr"}],"effectiveDateTime":"2025-01-01","valueQuantity":{"value":70,"unit":"kg"}}},
 {"fullUrl":"urn:uuid:o2","resource":{"resourceType":"Observation","id":"o2","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2025-02-01","valueQuantity":{"value":71,"unit":"kg"}}},
 {"fullUrl":"urn:uuid:o3","resource":{"resourceType":"Observation","id":"o3","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2025-03-01","valueQuantity":{"value":72,"unit":"kg"}}}]}`
	for _, tc := range []struct {
		name, typ, id, elem, bad, path string
	}{
		{"month 13", "Observation", "o2", "effectiveDateTime", "2026-13-45", "Observation.effectiveDateTime"},
		{"29 February 2023", "Observation", "o2", "effectiveDateTime", "2023-02-29", "Observation.effectiveDateTime"},
		{"hour 25", "Observation", "o3", "effectiveDateTime", "2024-01-01T25:00:00Z", "Observation.effectiveDateTime"},
		{"the patient's death", "Patient", "p1", "deceasedDateTime", "2026-13-45", "Patient.deceasedDateTime"},
		{"a referenced record", "Practitioner", "dr", "date", "2023-02-29", "Practitioner.date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := fhirtest.ParseBundles(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), []byte(bundle))
			if err != nil {
				t.Fatal(err)
			}
			c := &clock{ds.LoadedAt().Add(time.Hour)}
			srv, base := startPortal(t, ds, fhirtest.Options{Clock: c.Now})
			good := ""
			if err := srv.Update(tc.typ, tc.id, func(m map[string]any) {
				if s, ok := m[tc.elem].(string); ok {
					good = s
				}
				m[tc.elem] = tc.bad
			}); err != nil {
				t.Fatal(err)
			}
			v, _ := newVault(t)
			p := signIn(t, v, base, "")
			opt := cksync.SyncOptions{Now: c.Now, Types: []string{"Observation"}}
			r, err := cksync.SyncPortal(ctx, v, p.ID, opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Complete {
				t.Fatalf("the sync completed with %s %q: %+v", tc.path, tc.bad, r)
			}
			for _, want := range []string{tc.typ + ":", "not a real date: " + tc.path + " names no day or time that exists"} {
				if tc.typ == "Patient" && want == "Patient:" {
					want = "storing the patient: "
				}
				if !strings.Contains(r.Error, want) {
					t.Errorf("the sync says %q, want %q in it", r.Error, want)
				}
			}
			for _, data := range []string{tc.bad, "Aroha", "Tane", "Weight", "o1", "o2", "o3", "p1", "dr"} {
				if strings.Contains(r.Error, data) {
					t.Errorf("the sync's words %q give the record's %q", r.Error, data)
				}
			}
			if strings.Contains(r.Error, "\n") {
				t.Errorf("more than one line: %q", r.Error)
			}
			if st, _ := cksync.GetPortal(v, p.ID); st.Status != cksync.StatusIncomplete || st.LastError != r.Error {
				t.Errorf("portal status %q, %q; want incomplete with the sync's words", st.Status, st.LastError)
			}
			got, _ := vaultContents(t, v, strings.TrimRight(base, "/"))
			for k, res := range got {
				if strings.Contains(res, tc.bad) {
					t.Errorf("%s is stored with its date %s", k, tc.bad)
				}
			}
			switch tc.typ {
			case "Observation":
				// The page of Observations is one transaction: none of it is stored.
				for _, k := range []string{"Observation/o1", "Observation/o2", "Observation/o3"} {
					if _, ok := got[k]; ok {
						t.Errorf("%s stored from the refused page", k)
					}
				}
			case "Practitioner":
				// The other records are stored; only the refused one is left out.
				if len(got) != 4 {
					t.Errorf("%d records stored, want the Patient and the 3 Observations: %v", len(got), keys(got))
				}
			case "Patient":
				if len(got) != 0 {
					t.Errorf("%d records stored, want none: %v", len(got), keys(got))
				}
			}

			// The portal corrects the record: the next sync stores everything.
			if err := srv.Update(tc.typ, tc.id, func(m map[string]any) {
				if good != "" {
					m[tc.elem] = good
				} else {
					delete(m, tc.elem)
				}
			}); err != nil {
				t.Fatal(err)
			}
			c.t = c.t.Add(time.Minute)
			syncUntilComplete(t, v, p.ID, 2, opt)
			got, _ = vaultContents(t, v, strings.TrimRight(base, "/"))
			if len(got) != 5 {
				t.Errorf("after the portal's correction %d records, want 5: %v", len(got), keys(got))
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
