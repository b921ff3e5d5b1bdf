package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F576: Guðrún's heart-failure clinic limited her fluids to 1.5 litres a day (a NutritionOrder
// of 2 Oct 2026). The record was kept but said nowhere: not on the Timeline, 'records' gave it
// no date, the visit summary left it out. It is now a Timeline line on its day, dated in
// 'records', and a line of its own in the summary, beside the medicines.
func TestFluidLimitIsOnTheTimelineAndInTheSummary(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Atlantic/Reykjavik")
	dir := t.TempDir()
	f := filepath.Join(dir, "gudrun.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"g","name":[{"given":["Guðrún"],"family":"Jónsdóttir"}],"birthDate":"1971-03-02"}},
{"resource":{"resourceType":"NutritionOrder","id":"fl","status":"active","intent":"order","patient":{"reference":"Patient/g"},"dateTime":"2026-10-02T10:15:00Z",
 "oralDiet":{"type":[{"coding":[{"system":"http://snomed.info/sct","code":"226211001","display":"Fluid restriction"}]}],
 "nutrient":[{"modifier":{"text":"Fluid"},"amount":{"value":1500,"unit":"mL"}}],"instruction":"Do not drink more than 1.5 litres in 24 hours."}}},
{"resource":{"resourceType":"NutritionOrder","id":"old","status":"completed","intent":"order","patient":{"reference":"Patient/g"},"dateTime":"2026-03-01",
 "oralDiet":{"type":[{"text":"Low-salt diet"}]}}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	g := profileIDs(t, r)["Guðrún"]
	out := r.run(t, "timeline", "--profile", g).ok(t).stdout
	if !strings.Contains(out, "Fluid restriction: Fluid 1500 mL") || !strings.Contains(out, "2 Oct 2026") {
		t.Errorf("timeline:\n%s\nwant the fluid limit on 2 Oct 2026", out)
	}
	if !strings.Contains(out, "Ended: Low-salt diet") {
		t.Errorf("timeline:\n%s\nwant the past diet as ended", out)
	}
	dated := false
	out = r.run(t, "records", "--type", "NutritionOrder").ok(t).stdout
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] == "fl" && strings.Contains(l, " 2 Oct 2026 ") {
			dated = true
		}
	}
	if !dated {
		t.Errorf("records --type NutritionOrder gives the fluid limit no date:\n%s", out)
	}
	pdf := filepath.Join(dir, "s.pdf")
	r.run(t, "summary", "--profile", g, "--from", "2026-09-01", "--to", "2026-11-30", "--out", pdf).ok(t)
	words := strings.Join(strings.Fields(pdfWords(t, pdf)), " ")
	if want := "Diet and fluid orders • Fluid restriction — Fluid 1500 mL: Do not drink more than 1.5 litres in 24 hours. (ordered 2 Oct 2026)"; !strings.Contains(words, want) {
		t.Errorf("summary:\n%s\nwant %q", words, want)
	}
	if strings.Contains(words, "Low-salt") {
		t.Errorf("summary lists the diet that ended:\n%s", words)
	}
}

// pdfWords is the text of a PDF (pdftotext, which CI installs).
func pdfWords(t *testing.T, pdf string) string {
	t.Helper()
	testutil.NeedTool(t, "pdftotext", "poppler-utils")
	b, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(b)
}
