package journey

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F525 item 12: Kenji (hypertension) measures his blood pressure at home twice a day with an
// "Omron HEM-7361T home monitor"; the GP's file holds the readings, each naming that device.
// Imported, they counted as no home readings (only what is entered in CareKeeper or comes from
// Apple Health did), and he was offered "Keep track of your blood pressure at home". The
// import now marks a reading its record says was taken at home (storage.Meta.Home): a home or
// personal device, the person or a relative as its performer, the PHD IG. A nurse's at the
// clinic is still no home reading. vchk40's: Gérard's weighings of a "Withings Body+
// (pèse-personne)" (French: a bathroom scale) and Maxime's peak flow by meter (a peak flow
// meter is the person's own, as a glucose meter is) were none either.
func TestHomeMonitorReadingsFromAFileAreHomeReadings(t *testing.T) {
	syd, _ := time.LoadLocation("Australia/Sydney")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, syd)
	dir := t.TempDir()
	if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
		t.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	bp := func(d int, when, extra string) string {
		return fmt.Sprintf(`{"resourceType":"Observation","id":"bp%d","status":"final",`+
			`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":%q,`+
			`"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":%d,"unit":"mmHg"}},`+
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":88,"unit":"mmHg"}}]%s}`,
			d, when, 134+d, extra)
	}
	single := func(code, unit string, value float64) func(int, string, string) string {
		return func(d int, when, extra string) string {
			return fmt.Sprintf(`{"resourceType":"Observation","id":"o%d","status":"final",`+
				`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],`+
				`"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":%q,`+
				`"valueQuantity":{"value":%v,"unit":%q}%s}`, d, code, when, value+float64(d), unit, extra)
		}
	}
	const htn, hf, asthma = "38341003", "84114007", "195967001"
	for i, c := range []struct {
		name, extra     string
		condition, kind string
		reading         func(d int, when, extra string) string
		offered         bool // "Keep track of your … at home"
	}{
		{"home monitor", `,"device":{"display":"Omron HEM-7361T home monitor"}`, htn, "blood pressure", bp, false},
		{"measured by himself", `,"performer":[{"reference":"Patient/p"}]`, htn, "blood pressure", bp, false},
		{"measured by his wife", `,"performer":[{"reference":"RelatedPerson/w","display":"Yuki Tanaka"}]`, htn, "blood pressure", bp, false},
		{"personal health device IG", `,"meta":{"profile":["http://hl7.org/fhir/uv/phd/StructureDefinition/PhdCompoundNumericObservation"]}`, htn, "blood pressure", bp, false},
		{"the practice nurse", `,"performer":[{"reference":"Practitioner/rn"}],"device":{"display":"Welch Allyn Connex vital signs monitor"}`, htn, "blood pressure", bp, true},
		{"a device's model alone", `,"device":{"display":"Omron HEM-7361T"}`, htn, "blood pressure", bp, true},
		{"a bathroom scale, in French", `,"device":{"display":"Withings Body+ (pèse-personne)"}`, hf, "weight", single("29463-7", "kg", 78.4), false},
		{"the clinic's scale", `,"device":{"display":"Seca 704 column scale"}`, hf, "weight", single("29463-7", "kg", 78.4), true},
		{"peak flow by meter", ``, asthma, "peak flow", single("19935-6", "L/min", 300), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			entries := []string{
				fmt.Sprintf(`{"resourceType":"Patient","id":"p","name":[{"family":"Tanaka%d","given":["Kenji"]}],"gender":"male","birthDate":"1974-03-%02d"}`, i, i+1),
				fmt.Sprintf(`{"resourceType":"Condition","id":"c","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":%q}]},"subject":{"reference":"Patient/p"},"onsetDateTime":"2019-04-01"}`, c.condition),
			}
			for d, hhmm := range []string{"07:10", "21:05", "07:05"} {
				when := time.Date(2026, 12, 5+(d+1)/2, 0, 0, 0, 0, syd).Format("2006-01-02") + "T" + hhmm + ":00+11:00"
				entries = append(entries, c.reading(d, when, c.extra))
			}
			var b strings.Builder
			b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
			for j, e := range entries {
				if j > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, `{"fullUrl":"https://gp.example.org/fhir/%s","resource":%s}`, resourcePath(e), e)
			}
			b.WriteString("]}")
			sum, err := cksync.Import(context.Background(), v, "balmain-gp.json", []byte(b.String()), cksync.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cs, err := (&Engine{Load: LoadOptions{Device: syd}}).Cards(context.Background(), v, sum.Profile, now)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			offered := false
			for _, c := range cs {
				titles = append(titles, c.Title)
				if c.Kind == "home-measurement" && strings.Contains(c.Title, " at home") {
					offered = true
				}
			}
			if offered != c.offered {
				t.Errorf("Keep track of your %s at home offered: %v, want %v (cards %q)", c.kind, offered, c.offered, titles)
			}
		})
	}
}

// resourcePath is "Type/id" of a test resource's JSON.
func resourcePath(js string) string {
	typ := js[strings.Index(js, `"resourceType":"`)+len(`"resourceType":"`):]
	typ = typ[:strings.IndexByte(typ, '"')]
	id := js[strings.Index(js, `"id":"`)+len(`"id":"`):]
	id = id[:strings.IndexByte(id, '"')]
	return typ + "/" + id
}
