package intake

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"carekeeper/internal/applehealth"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// samplesExport is an export.xml alone (no clinical records, so it names nobody): the steps of
// 22 Nov 2025 given and one body weight from a shared scale.
func samplesExport(t *testing.T, steps ...int) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2025-11-23 08:00:00 -0800\"/>\n")
	b.WriteString(` <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="2025-11-22 07:00:00 -0800" startDate="2025-11-22 07:00:00 -0800" endDate="2025-11-22 07:00:00 -0800" value="70"/>` + "\n")
	for i, n := range steps {
		at := fmt.Sprintf("2025-11-22 %02d:00:00 -0800", 8+i)
		end := fmt.Sprintf("2025-11-22 %02d:10:00 -0800", 8+i)
		fmt.Fprintf(&b, ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n", end, at, end, n)
	}
	b.WriteString("</HealthData>\n")
	return zipOf(t, map[string][]byte{"apple_health_export/export.xml": []byte(b.String())})
}

// observations counts the Observations stored for profile and their daily totals' values.
func observations(t *testing.T, v *storage.Vault, profile string) (n int, totals []string) {
	t.Helper()
	err := v.Records(ctx, storage.Query{Type: "Observation", Profile: profile}, func(r *storage.Record) error {
		n++
		if _, ok := applehealth.DailyTotalID(r.Resource); ok {
			s := string(r.Resource)
			i := strings.Index(s, `"valueQuantity":{"value":`)
			totals = append(totals, strings.SplitN(s[i+len(`"valueQuantity":{"value":`):], ",", 2)[0])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n, totals
}

// Two people's Apple Health exports with the same day's totals and the same samples (a shared
// scale) were one record: B's import "updated" A's and moved it to B. Each keeps their own.
func TestAppleTwoPeopleSameDay(t *testing.T) {
	v := newVault(t)
	a, err := v.AddProfile("A", "1970-01-01")
	if err != nil {
		t.Fatal(err)
	}
	b, err := v.AddProfile("B", "1980-01-01")
	if err != nil {
		t.Fatal(err)
	}
	p := write(t, "export.zip", samplesExport(t, 3000, 2400))
	into := func(profile string) *Summary {
		t.Helper()
		s, err := importPath(t, v, p, Options{Options: cksync.Options{Now: clock, Profile: profile}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := into(a.ID); s.Added["Observation"] != 2 {
		t.Fatalf("A: %+v, want 2 added", s.Summary)
	}
	s := into(b.ID)
	if s.Added["Observation"] != 2 || s.Updated["Observation"] != 0 || s.Unchanged != 0 {
		t.Errorf("B: %+v, want 2 added, none updated", s.Summary)
	}
	for _, pr := range []string{a.ID, b.ID} {
		if n, totals := observations(t, v, pr); n != 2 || len(totals) != 1 || totals[0] != "5400" {
			t.Errorf("profile %s holds %d observations, totals %v; want 2 and [5400]", pr, n, totals)
		}
	}
	if s := into(a.ID); s.Added["Observation"] != 0 || s.Updated["Observation"] != 0 || s.Unchanged != 3 {
		t.Errorf("A again: %+v, want 3 unchanged (A's Patient the first import made, F98)", s.Summary)
	}
	if n, _ := observations(t, v, b.ID); n != 2 {
		t.Errorf("B holds %d observations after A's re-import, want 2", n)
	}
}

// A vault written before the ids named the person: re-importing the same export into the same
// person duplicates nothing; a later export adds only its new samples and updates the total;
// another person's import leaves that person's old records alone.
func TestAppleOldIDsReimported(t *testing.T) {
	v := newVault(t)
	a, err := v.AddProfile("A", "1970-01-01")
	if err != nil {
		t.Fatal(err)
	}
	b, err := v.AddProfile("B", "1980-01-01")
	if err != nil {
		t.Fatal(err)
	}
	data := samplesExport(t, 3000, 2400)
	p := write(t, "export.zip", data)
	// What the import wrote before: the same Observations, ids without the person.
	in, err := Read(ctx, p, Options{Options: cksync.Options{Now: clock, Profile: a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := in.apple.open()
	if err != nil {
		t.Fatal(err)
	}
	var old [][]byte
	if _, err := applehealth.Scan(context.Background(), r, applehealth.Options{}, func(o []byte) error {
		old = append(old, append([]byte(nil), o...))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := cksync.Import(ctx, v, "export.zip", collection(nil, old), cksync.Options{Now: clock, Profile: a.ID}); err != nil {
		t.Fatal(err)
	}
	into := func(path, profile string) *Summary {
		t.Helper()
		s, err := importPath(t, v, path, Options{Options: cksync.Options{Now: clock, Profile: profile}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// A, added by hand, had no Patient: the samples written then had no subject. The first
	// import now gives A a Patient and the same records (their old ids) that subject.
	if s := into(p, a.ID); s.Added["Observation"] != 0 || s.Updated["Observation"] != 2 || s.Added["Patient"] != 1 {
		t.Errorf("the same export again: %+v, want 2 updated (their subject) and A's Patient added", s.Summary)
	}
	if s := into(p, a.ID); s.Added["Observation"] != 0 || s.Updated["Observation"] != 0 || s.Unchanged != 3 {
		t.Errorf("the same export once more: %+v, want 3 unchanged (with A's Patient, F98)", s.Summary)
	}
	if n, _ := observations(t, v, a.ID); n != 2 {
		t.Errorf("A holds %d observations, want 2", n)
	}
	later := write(t, "later.zip", samplesExport(t, 3000, 2400, 600))
	if s := into(later, a.ID); s.Added["Observation"] != 0 || s.Updated["Observation"] != 1 || s.Unchanged != 2 {
		t.Errorf("a later export: %+v, want the total updated, the weight and A's Patient unchanged", s.Summary)
	}
	if n, totals := observations(t, v, a.ID); n != 2 || len(totals) != 1 || totals[0] != "6000" {
		t.Errorf("A holds %d observations, totals %v; want 2 and [6000]", n, totals)
	}
	if s := into(p, b.ID); s.Added["Observation"] != 2 || s.Updated["Observation"] != 0 {
		t.Errorf("B: %+v, want 2 added", s.Summary)
	}
	if n, totals := observations(t, v, a.ID); n != 2 || totals[0] != "6000" {
		t.Errorf("after B, A holds %d observations, totals %v; want 2 and [6000]", n, totals)
	}
}
