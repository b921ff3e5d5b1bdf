package health

import "testing"

// F510: Rafael's home oximetry gave a range, "92 % or more", with the reading of 29 Nov only.
// Results said "No reference range in the records." and left his 91 % and 88 % unmarked. The
// series' range is now the newest reading's that gives one, said as of its day, and the
// readings that give none of their own are judged by it; one with its own range keeps it.
func TestRangeOfAnEarlierReadingJudgesTheOthers(t *testing.T) {
	rng := `,"referenceRange":[{"low":{"value":92,"unit":"%"},"text":"objetivo 92% o más"}]`
	var rs []Resource
	for i, c := range []struct{ day, v, extra string }{
		{"2026-11-29", "93", rng}, {"2026-11-30", "94", ""}, {"2026-12-03", "91", ""},
		{"2026-12-05", "88", ""}, {"2026-12-06", "93", ""},
	} {
		rs = append(rs, obsQ(string(rune('a'+i)), "59408-5", "Oxygen saturation", c.day+"T20:00:00+01:00", c.v, "%", "%", c.extra))
	}
	series := Results(NewSet(rs, nil))
	if len(series) != 1 {
		t.Fatalf("%d series", len(series))
	}
	se := series[0]
	if se.Range.Low == nil || *se.Range.Low != 92 || se.Range.Typical || se.RangeFrom != "29 Nov 2026" {
		t.Fatalf("range %+v from %q", se.Range, se.RangeFrom)
	}
	var flags []Flag
	for _, p := range se.Points().All() {
		flags = append(flags, p.Flag)
	}
	want := []Flag{FlagNone, FlagNone, FlagLow, FlagLow, FlagNone}
	for i := range want {
		if flags[i] != want[i] {
			t.Errorf("flags %q, want %q", flags, want)
			break
		}
	}
	// The newest giving its own range: that one, as before, and no RangeFrom.
	own := Results(NewSet(append(rs, obsQ("z", "59408-5", "Oxygen saturation", "2026-12-07T20:00:00+01:00", "90", "%", "%",
		`,"referenceRange":[{"low":{"value":88,"unit":"%"}}]`)), nil))[0]
	if *own.Range.Low != 88 || own.RangeFrom != "" || own.Latest().Flag != FlagNone {
		t.Errorf("newest's own range: %+v from %q, flag %q", own.Range, own.RangeFrom, own.Latest().Flag)
	}
}
