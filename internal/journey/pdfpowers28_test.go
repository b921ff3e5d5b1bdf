package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// F204: the summary printed white cells "6.7 ×10?/L" (the font has ¹²³, not ⁹): a power the
// font cannot print is written "×10^9/L"; "×10¹²/L" stays as it is, and no letter is said to be
// missing.
func TestSummaryPDFPrintsPowersOfTen(t *testing.T) {
	r := richPerson(t)
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		observation("wbc", "6690-2", "Leukocytes [#/volume] in Blood by Automated count", 6.7, "10*9/L", "2026-03-01T09:00:00Z", ""),
		observation("rbc", "789-8", "Erythrocytes [#/volume] in Blood by Automated count", 4.21, "10*12/L", "2026-03-01T09:00:00Z", ""))
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
	// F315: one notation for every power, in words: "×10^9/L" (a caret) was written beside
	// "×10¹²/L".
	for _, want := range []string{"6.7 billion per litre", "4.21 trillion per litre"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "10?/L") || strings.Contains(text, "Some letters") || strings.Contains(text, "^") || strings.Contains(text, "×10") {
		t.Errorf("a power of ten printed as '?':\n%s", text)
	}
}
