package health

import (
	"testing"

	"carekeeper/internal/testutil"
)

// F114: the person's share is what the statement gives — its totals' copay, deductible,
// coinsurance or member liability, else the sum of its lines' — and "not stated" when it gives
// none; never the total less what the insurer paid ('Your share $0.00' beside an insurer that
// paid more than the total, where the lines gave $319.95 of coinsurance).
func TestBillShareAsTheStatementGivesIt(t *testing.T) {
	const head = `{"resourceType":"ExplanationOfBenefit","billablePeriod":{"start":"2025-02-06"},`
	total := func(code string, v string) string {
		return `{"category":{"coding":[{"code":"` + code + `"}]},"amount":{"value":` + v + `,"currency":"USD"}}`
	}
	line := func(code, v string) string {
		return `{"category":{"coding":[{"system":"https://bluebutton.cms.gov/resources/variables/` + code + `","code":"https://bluebutton.cms.gov/resources/variables/` + code + `"}]},"amount":{"value":` + v + `,"currency":"USD"}}`
	}
	for _, tc := range []struct {
		name, json, share string
	}{
		{"total and paid only", head + `"total":[` + total("submitted", "1200") + `,` + total("benefit", "1000") + `]}`, "not stated"},
		{"paid more than the total, coinsurance on the lines",
			head + `"total":[` + total("submitted", "1230.56") + `],"payment":{"amount":{"value":1279.792,"currency":"USD"}},"item":[` +
				`{"net":{"value":136,"currency":"USD"},"adjudication":[` + line("line_coinsrnc_amt", "27.200000000000003") + `,` + line("line_prvdr_pmt_amt", "108.8") + `,` + line("line_bene_ptb_ddctbl_amt", "0") + `]},` +
				`{"net":{"value":390.36,"currency":"USD"},"adjudication":[` + line("line_coinsrnc_amt", "78.072") + `,` + line("line_prvdr_pmt_amt", "312.288") + `]}]}`,
			"$105.27"},
		{"copay and deductible in the totals", head + `"total":[` + total("submitted", "300") + `,` + total("copay", "20") + `,` + total("deductible", "50") + `]}`, "$70.00"},
		{"member liability is the whole share", head + `"total":[` + total("submitted", "300") + `,` + total("memberliability", "80") + `,` + total("copay", "20") + `]}`, "$80.00"},
		{"a stated share of nothing", head + `"total":[` + total("submitted", "300") + `,` + total("copay", "0") + `]}`, "$0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Bills(NewSet([]Resource{{Key: Key{LocalSource, "ExplanationOfBenefit", "1"}, JSON: []byte(tc.json)}}, nil), nil)
			if len(b.Bills) != 1 {
				t.Fatalf("%d bills", len(b.Bills))
			}
			if got := b.Bills[0].ShareWords(); got != tc.share {
				t.Errorf("share %q, want %q", got, tc.share)
			}
			if got := b.ByYear()[0].Rows[0].Share; got != tc.share {
				t.Errorf("row's share %q, want %q", got, tc.share)
			}
			if got := b.Years[0].ShareWords(); got != tc.share {
				t.Errorf("year's share %q, want %q", got, tc.share)
			}
		})
	}
	// A year with a stated share and one that is not: at least the stated one.
	b := Bills(NewSet([]Resource{
		{Key: Key{LocalSource, "ExplanationOfBenefit", "1"}, JSON: []byte(head + `"total":[` + total("submitted", "300") + `,` + total("copay", "20") + `]}`)},
		{Key: Key{LocalSource, "ExplanationOfBenefit", "2"}, JSON: []byte(head + `"total":[` + total("submitted", "100") + `]}`)},
	}, nil), nil)
	if got, row := b.Years[0].ShareWords(), b.ByYear()[0].Share; got != "at least $20.00" || row != got {
		t.Errorf("year's share %q, table's %q, want 'at least $20.00'", got, row)
	}
}

// The Synthea statement vapp27 saw: Lola's well child visit of 6 Feb 2025.
func TestBillShareOfASyntheaStatement(t *testing.T) {
	s := loadBundle(t, testutil.Fixture(t, "synthea/Lola232_*.json"))
	found := false
	for _, bill := range Bills(s, nil).Bills {
		if bill.Date != "2025-02-06" || bill.Claim {
			continue
		}
		found = true
		if got := bill.ShareWords(); got != "$319.95" {
			t.Errorf("6 Feb 2025: share %q, want $319.95 (the lines' coinsurance)", got)
		}
	}
	if !found {
		t.Fatal("no statement of 6 Feb 2025 in Lola's records: the test no longer covers it")
	}
}
