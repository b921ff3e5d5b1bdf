package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	testutil.NeedTool(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	in := filepath.Join(dir, "s.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}

// summaryWords are the words of the visit summary PDF of the person p for [from, now) on the
// clock loc (BuildSummary, WritePDF), one space between them.
func summaryWords(t *testing.T, v *storage.Vault, p string, from, now time.Time, loc *time.Location) string {
	t.Helper()
	s, err := BuildSummary(context.Background(), v, p, from, now, now, LoadOptions{Device: loc})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WritePDF(&b, s); err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(pdfText(t, b.Bytes())), " ")
}

func richSummary(t *testing.T) (*rich, *Summary) {
	t.Helper()
	r := richPerson(t)
	writeAt(t, r.v, r.profile, storage.AppSource, day(-3, "07:30"),
		`{"resourceType":"Observation","id":"bp1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure"}]},"effectiveDateTime":"2026-03-07T07:30:00Z","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":132,"unit":"mmHg"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":84,"unit":"mmHg"}}]}`,
		`{"resourceType":"Observation","id":"bp2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure"}]},"effectiveDateTime":"2026-03-09T07:30:00Z","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":126,"unit":"mmHg"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":80,"unit":"mmHg"}}]}`,
	)
	ctx := context.Background()
	if _, err := AddCheckIn(ctx, r.v, NewCheckIn{Profile: r.profile, Slug: "type-2-diabetes", At: day(-2, "20:00"), Symptoms: []string{"tired"}, Severity: 2}); err != nil {
		t.Fatal(err)
	}
	if err := StarQuestion(ctx, r.v, r.profile, "type-2-diabetes", "What HbA1c and daily blood sugar ranges should I aim for?", true); err != nil {
		t.Fatal(err)
	}
	s, err := BuildSummary(ctx, r.v, r.profile, utc("2025-09-01T00:00:00Z"), richNow.AddDate(0, 0, 1), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}

func TestSummaryPDF(t *testing.T) {
	_, s := richSummary(t)
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	norm := strings.Join(strings.Fields(text), " ")
	last := -1
	for _, sec := range PDFSections {
		i := strings.Index(norm, " "+sec+" ")
		if i < 0 {
			t.Errorf("section %q missing", sec)
			continue
		}
		if i < last {
			t.Errorf("section %q out of order", sec)
		}
		last = i
	}
	for _, want := range []string{
		"Rich Example", "Type 2 diabetes", "Hypertension",
		"Metformin 500 mg", "taken on time",
		"HbA1c", "Latest: 7.2% on 2 Mar 2026", "down 0.9% since 20 Nov 2025",
		"Glucose", "range 70–100 mg/dL",
		"Blood pressure", "126/80 mmHg",
		"Type 2 diabetes — how much it bothered me (0–10)", "severity 4; Feeling very thirsty, Feeling very tired; note: \"long week\"",
		"Can I lower my HbA1c target?", "What HbA1c and daily blood sugar ranges should I aim for?",
		"not a medical record",
	} {
		if !strings.Contains(norm, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}
}

func TestSummaryBundleReimports(t *testing.T) {
	_, s := richSummary(t)
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	checkIPS(t, b, map[string]bool{LOINCProblems: true, LOINCMedications: true, LOINCAllergies: true, LOINCResults: true,
		LOINCVitalSigns: true, LOINCReviewSystems: true, LOINCReasonForVisit: true})
	reimport(t, b, map[string]int{"Composition": 1, "Patient": 1, "Condition": 2, "MedicationRequest": 1, "QuestionnaireResponse": 2})
}

func TestSummaryOfFixturePatient(t *testing.T) {
	v, ps := vault(t)
	now := nowFor(t, "carl")
	s, err := BuildSummary(context.Background(), v, ps["carl"], now.AddDate(-4, 0, 0), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	norm := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Carl856", "Prediabetes", "Anemia", "Glucose", "Latest: 77 mg/dL on 6 May 2017", "Flu vaccine"} {
		if !strings.Contains(norm, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	checkIPS(t, b, map[string]bool{LOINCProblems: true, LOINCAllergies: true, LOINCImmunizations: true, LOINCResults: true})
	reimport(t, b, map[string]int{"Composition": 1, "Patient": 1, "Condition": 3})
}

// checkIPS checks the document's shape: a Composition first, sections with LOINC codes, and
// every reference resolving to an entry's fullUrl.
func checkIPS(t *testing.T, b []byte, sections map[string]bool) {
	t.Helper()
	var bundle struct {
		ResourceType, Type string
		Identifier         map[string]string
		Entry              []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		}
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		t.Fatal(err)
	}
	if bundle.ResourceType != "Bundle" || bundle.Type != "document" || bundle.Identifier["value"] == "" || len(bundle.Entry) < 2 {
		t.Fatalf("not a document bundle: %s", b[:200])
	}
	urls := map[string]bool{}
	for _, e := range bundle.Entry {
		if !strings.HasPrefix(e.FullURL, "urn:uuid:") || urls[e.FullURL] {
			t.Errorf("fullUrl %q", e.FullURL)
		}
		urls[e.FullURL] = true
	}
	var comp struct {
		ResourceType string
		Type         struct {
			Coding []struct{ System, Code string }
		}
		Subject struct{ Reference string }
		Section []struct {
			Code struct {
				Coding []struct{ System, Code string }
			}
			Text  struct{ Div string }
			Entry []struct{ Reference string }
		}
	}
	json.Unmarshal(bundle.Entry[0].Resource, &comp)
	if comp.ResourceType != "Composition" || comp.Type.Coding[0].Code != LOINCPatientSummary || !urls[comp.Subject.Reference] {
		t.Fatalf("composition: %+v", comp)
	}
	got := map[string]bool{}
	for _, sec := range comp.Section {
		got[sec.Code.Coding[0].Code] = true
		if !strings.HasPrefix(sec.Text.Div, `<div xmlns="http://www.w3.org/1999/xhtml">`) {
			t.Errorf("section %s narrative %q", sec.Code.Coding[0].Code, sec.Text.Div)
		}
		for _, e := range sec.Entry {
			if !urls[e.Reference] {
				t.Errorf("section entry %q is not in the bundle", e.Reference)
			}
		}
	}
	for code := range sections {
		if !got[code] {
			t.Errorf("section %s missing", code)
		}
	}
	// Every reference anywhere points into the bundle.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["reference"].(string); ok && !strings.HasPrefix(ref, "#") && !urls[ref] {
				t.Errorf("reference %q does not resolve in the bundle", ref)
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var all any
	json.Unmarshal(b, &all)
	walk(all)
}

// reimport imports the bundle into a fresh vault and checks what arrived.
func reimport(t *testing.T, b []byte, want map[string]int) {
	t.Helper()
	dir := t.TempDir()
	if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
		t.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	sum, err := cksync.Import(context.Background(), v, "summary.json", b, cksync.Options{})
	if err != nil {
		t.Fatalf("the summary does not re-import: %v", err)
	}
	counts, err := v.TypeCounts(context.Background(), sum.Profile)
	if err != nil {
		t.Fatal(err)
	}
	for typ, n := range want {
		if counts[typ] < n {
			t.Errorf("re-imported %d %s, want at least %d (all: %v)", counts[typ], typ, n, counts)
		}
	}
	// Importing the same summary again changes nothing.
	again, err := cksync.Import(context.Background(), v, "summary.json", b, cksync.Options{})
	if err != nil || len(again.Added) != 0 || len(again.Updated) != 0 {
		t.Errorf("a second import changed something: %+v %v", again, err)
	}
}
