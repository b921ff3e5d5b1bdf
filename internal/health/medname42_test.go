package health

import "testing"

// F567 item 3: the Sato household's medicine names were re-spaced unevenly — "ワーファリン錠
// 1mg" shown "1 mg", "ラタノプロスト点眼液 0.005%" shown "0.005 %" (not how English writes a
// percentage: "Hydrocortisone cream 1%" was "1 %" too), while "セベラマー炭酸塩錠 800mg（リン吸着薬）"
// and "アリセプト錠 5mg（ドネペジル）" stayed as written. All are spaced alike now.
func TestMedicineNamesSpacedAlike(t *testing.T) {
	for in, want := range map[string]string{
		"ワーファリン錠 1mg":               "ワーファリン錠 1 mg",
		"ラタノプロスト点眼液 0.005%":         "ラタノプロスト点眼液 0.005%",
		"セベラマー炭酸塩錠 800mg（リン吸着薬）":    "セベラマー炭酸塩錠 800 mg（リン吸着薬）",
		"アリセプト錠 5mg（ドネペジル）":         "アリセプト錠 5 mg（ドネペジル）",
		"Hydrocortisone cream 1%":   "Hydrocortisone cream 1%",
		"Xalatan 0.005 % eye drops": "Xalatan 0.005% eye drops",
		"Aricept 5mg (donepezil)":   "Aricept 5 mg (donepezil)",
	} {
		if got := MedicineName(in); got != want {
			t.Errorf("MedicineName(%q) = %q, want %q", in, got, want)
		}
	}
}
