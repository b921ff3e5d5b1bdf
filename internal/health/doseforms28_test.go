package health

import (
	"encoding/json"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F135 (dose forms): a dose counted in the medicine's form says the form in words — HL7 R4
// examples (Patient-pat1's prescriptions): Timoptic "1 OPDROP" is "1 drop", Vagistat-3's
// "1 VAGTAB" "1 vaginal tablet", the ointment's, the inhaler's and the nasal spray's "1 ea"
// the form's own word, Lantus "20 U" "20 units".
func TestDoseFormsInWords(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	for _, tc := range []struct{ file, want string }{
		{"MedicationRequest-medrx0330.json", "1 drop in the eye"},         // OPDROP
		{"MedicationRequest-medrx0325.json", "1 application"},             // ea, Nystatin ointment
		{"MedicationRequest-medrx0326.json", "1 puff"},                    // ea, Proventil inhaler
		{"MedicationRequest-medrx0328.json", "1 spray"},                   // ea, Mometasone nasal spray (Medication.form)
		{"MedicationRequest-medrx0329.json", "1 application on the skin"}, // ea, a contained ointment
		{"MedicationRequest-medrx0320.json", "20 units under the skin"},   // U
		{"MedicationRequest-medrx0311.json", "1 tablet by mouth"},         // TAB
		{"MedicationRequest-medrx0327.json", "1 patch"},                   // patch
	} {
		t.Run(tc.file, func(t *testing.T) {
			s := NewSet([]Resource{{Key: Key{Source: "clinic", Type: "MedicationRequest", ID: "x"}, Profile: "p",
				JSON: testutil.ReadFile(t, filepath.Join(dir, tc.file))}}, hl7Medications(t, dir))
			meds := Medicines(s, MedOptions{Now: time.Date(2015, 2, 1, 0, 0, 0, 0, time.UTC)})
			if len(meds) != 1 {
				t.Fatalf("%d medicines", len(meds))
			}
			if meds[0].Dose != tc.want {
				t.Errorf("dose %q, want %q", meds[0].Dose, tc.want)
			}
		})
	}
	// Vagistat-3 (medrx0339) gives two instructions with their own words; without them its
	// structured dose is said in words.
	var vag map[string]any
	if err := json.Unmarshal(testutil.ReadFile(t, filepath.Join(dir, "MedicationRequest-medrx0339.json")), &vag); err != nil {
		t.Fatal(err)
	}
	for _, d := range vag["dosageInstruction"].([]any) {
		delete(d.(map[string]any), "text")
	}
	b, _ := json.Marshal(vag)
	s := NewSet([]Resource{{Key: Key{Source: "clinic", Type: "MedicationRequest", ID: "x"}, Profile: "p", JSON: b}}, nil)
	if got := Medicines(s, MedOptions{})[0]; !strings.HasPrefix(got.Timing, "1 vaginal tablet vaginally") {
		t.Errorf("Vagistat-3: %q, want '1 vaginal tablet vaginally…'", got.Timing)
	}
}

// TestDoseUnitWords: every form of the v3 code system and the ways records count a dose.
func TestDoseUnitWords(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	for _, tc := range []struct {
		q    Quantity
		each countWord
		want string
	}{
		{Quantity{Value: v(1), Unit: "OPDROP", Code: "OPDROP"}, cwDose, "1 drop"},
		{Quantity{Value: v(2), Code: "OPDROP"}, cwDose, "2 drops"},
		{Quantity{Value: v(1), Unit: "VAGTAB", Code: "VAGTAB"}, cwDose, "1 vaginal tablet"},
		{Quantity{Value: v(2), Code: "VAGTAB"}, cwDose, "2 vaginal tablets"},
		{Quantity{Value: v(1), Code: "RECSUPP"}, cwDose, "1 suppository"},
		{Quantity{Value: v(2), Code: "SUPP"}, cwDose, "2 suppositories"},
		{Quantity{Value: v(1), Code: "OINT"}, cwDose, "1 application"},
		{Quantity{Value: v(1), Code: "CRM"}, cwDose, "1 application"},
		{Quantity{Value: v(1), Code: "VAGCRMAPL"}, cwDose, "1 applicatorful"},
		{Quantity{Value: v(1), Code: "PATCH"}, cwDose, "1 patch"},
		{Quantity{Value: v(2), Code: "TPATCH"}, cwDose, "2 patches"},
		{Quantity{Value: v(2), Code: "INHL"}, cwDose, "2 puffs"},
		{Quantity{Value: v(2), Code: "MDINHL"}, cwDose, "2 puffs"},
		{Quantity{Value: v(2), Code: "NASSPRY"}, cwDose, "2 sprays"},
		{Quantity{Value: v(1), Code: "CAP"}, cwDose, "1 capsule"},
		{Quantity{Value: v(1), Code: "ERTAB"}, cwDose, "1 extended-release tablet"},
		{Quantity{Value: v(1), Code: "SLTAB"}, cwDose, "1 sublingual tablet"},
		{Quantity{Value: v(2), Code: "CHEWTAB"}, cwDose, "2 chewable tablets"},
		{Quantity{Value: v(1), Code: "ORTROCHE"}, cwDose, "1 lozenge"},
		{Quantity{Value: v(2), Unit: "Tab", Code: "Tab"}, cwDose, "2 tablets"},
		{Quantity{Value: v(1), Unit: "Tablet", Code: "385055001"}, cwDose, "1 tablet"}, // SNOMED's code
		{Quantity{Value: v(2), Unit: "tablets"}, cwDose, "2 tablets"},
		{Quantity{Value: v(2), Code: "{tbl}"}, cwDose, "2 tablets"},
		{Quantity{Value: v(2), Code: "{puffs}"}, cwDose, "2 puffs"},
		{Quantity{Value: v(1), Unit: "ea", Code: "ea"}, cwApplication, "1 application"},
		{Quantity{Value: v(2), Code: "{each}"}, cwPuff, "2 puffs"},
		{Quantity{Value: v(1), Unit: "each"}, cwDose, "1 dose"},
		{Quantity{Value: v(20), Unit: "U", Code: "U"}, cwDose, "20 units"},
		{Quantity{Value: v(1), Code: "U"}, cwDose, "1 unit"},
		{Quantity{Value: v(1000), Code: "[iU]"}, cwDose, "1000 units"},
		{Quantity{Value: v(1000), Code: "[IU]"}, cwDose, "1000 units"},
		{Quantity{Value: v(5), Unit: "ml", Code: "ml"}, cwDose, "5 mL"},
		{Quantity{Value: v(500), Unit: "MG", Code: "mg"}, cwDose, "500 mg"},
		{Quantity{Value: v(75), Code: "ug"}, cwDose, "75 mcg"},
		{Quantity{Value: v(20), Code: "meq"}, cwDose, "20 mEq"},
		{Quantity{Value: v(1.8), Code: "mg/kg"}, cwDose, "1.8 mg/kg"},
	} {
		d := dosage{form: tc.each}
		d.DoseAndRate = append(d.DoseAndRate, doseAndRate{DoseQuantity: &tc.q})
		if got := d.amount(); got != tc.want {
			t.Errorf("%+v (each %v): %q, want %q", tc.q, tc.each, got, tc.want)
		}
	}
	// every code of the v3 code system has its words, none the code itself
	for code, w := range orderableDrugForms {
		if w[0] == "" || w[1] == "" || w[0] == code {
			t.Errorf("%s: %q", code, w)
		}
	}
	if len(orderableDrugForms) < 150 {
		t.Errorf("%d v3 orderableDrugForm codes, the code system has 152 active", len(orderableDrugForms))
	}
	for _, tc := range []struct{ in, want string }{
		{"1 OPDROP", "1 drop"}, {"2 TAB", "2 tablets"}, {"4 TAB", "4 tablets"}, {"1 VAGTAB", "1 vaginal tablet"},
		{"20 U", "20 units"}, {"1 ea", "1 dose"}, {"1–2 {puff}", "1–2 puffs"},
	} {
		if got := DoseWords(tc.in); got != tc.want {
			t.Errorf("DoseWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// hl7Medications are the HL7 R4 example Medication resources, shared (what medicationReference
// points at).
func hl7Medications(t *testing.T, dir string) []Resource {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "Medication-*.json"))
	var out []Resource
	for _, f := range files {
		b := testutil.ReadFile(t, f)
		var head struct{ ID string }
		json.Unmarshal(b, &head) //nolint:errcheck // checked by the id
		if head.ID != "" {
			out = append(out, Resource{Key: Key{Source: "clinic", Type: "Medication", ID: head.ID}, Profile: "_", JSON: b})
		}
	}
	return out
}

// bareDoseCode finds a code where a dose's words should be: an orderableDrugForm code, "ea",
// "U", "[iU]" or a UCUM annotation after a number ("1 OPDROP", "1 ea", "20 U", "2 {tbl}").
var bareDoseCode = func() *regexp.Regexp {
	var codes []string
	for c := range orderableDrugForms {
		codes = append(codes, regexp.QuoteMeta(c))
	}
	return regexp.MustCompile(`\d\s*(` + strings.Join(codes, "|") + `|ea|EA|U|IU|\[iU\]|\[IU\]|UNT|\{[^}]*\})(\s|,|;|$)`)
}()

// TestNoBareDoseCodeInFixtures: no medicine of any FHIR fixture (every MedicationRequest,
// MedicationStatement and MedicationDispense, with the Medications it points at) says a dose
// by a code — neither as its records give it nor, with their instructions' own words taken
// away, from their structure alone.
func TestNoBareDoseCodeInFixtures(t *testing.T) {
	root := testutil.FixturesDir(t)
	hl7 := hl7Medications(t, filepath.Join(root, "hl7-examples"))
	checked := 0
	err := filepath.WalkDir(root, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".ndjson") || strings.HasSuffix(path, ".json.gz")) {
			return err
		}
		if strings.Contains(path, "Information") { // the supporting batches: no medicines
			return nil
		}
		entries := testutil.Entries(t, testutil.ReadFile(t, path))
		var meds, shared []Resource
		for _, e := range entries {
			id := e.ID
			if u, ok := strings.CutPrefix(e.FullURL, "urn:uuid:"); ok {
				id = u
			}
			r := Resource{Key: Key{Source: "file", Type: e.Type, ID: id}, Profile: "p", JSON: e.Resource}
			switch e.Type {
			case "MedicationRequest", "MedicationStatement", "MedicationDispense":
				meds = append(meds, r)
			case "Medication":
				r.Profile = "_"
				shared = append(shared, r)
			}
		}
		if strings.Contains(path, "hl7-examples") {
			shared = hl7
		}
		for _, m := range meds {
			for _, strip := range []bool{false, true} {
				r := m
				if strip {
					r.JSON = withoutDosageText(t, m.JSON)
				}
				got := Medicines(NewSet([]Resource{r}, shared), MedOptions{})
				for _, med := range got {
					fields := []string{med.Dose}
					if strip {
						fields = append(fields, med.Timing, med.Dosage, HowTaken(med.Dose, med.Timing))
					}
					for _, f := range fields {
						if bareDoseCode.MatchString(f) {
							t.Errorf("%s %s/%s: %q says a code", filepath.Base(path), m.Type, m.ID, f)
						}
					}
				}
				checked++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 200 {
		t.Errorf("only %d medicine records checked", checked)
	}
}

// withoutDosageText is a medicine record with its instructions' own words (dosage text) taken
// away: what its structure alone says.
func withoutDosageText(t *testing.T, b []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"dosageInstruction", "dosage"} {
		ds, _ := m[k].([]any)
		for _, d := range ds {
			if dm, ok := d.(map[string]any); ok {
				delete(dm, "text")
				delete(dm, "patientInstruction")
			}
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
