package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// F198: Fletcher Hyatt died on 21 Jan 1996; Synthea wrote his cisplatin and paclitaxel orders
// monthly until 6 Sep 1996. The summary said "(stopped or finished, last 6 Sep 1996)", days he
// did not live; it says "(until death, 21 Jan 1996)", as conditions do (F102).
func TestSummaryMedicineUntilDeath(t *testing.T) {
	v, ps := vault(t)
	now := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := BuildSummary(context.Background(), v, ps["fletcher"], time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
	if strings.Contains(text, "1996)") && strings.Contains(text, "last 6 Sep 1996") {
		t.Errorf("a medicine's last day after the death:\n%s", text)
	}
	if !strings.Contains(text, "Cisplatin") || !strings.Contains(text, "(until death, 21 Jan 1996)") {
		t.Errorf("the PDF lacks cisplatin '(until death, 21 Jan 1996)':\n%s", text)
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("last 6 Sep 1996")) {
		t.Error("the IPS Bundle says a medicine's last day after the death")
	}
}
