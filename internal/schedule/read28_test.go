package schedule

import "testing"

// TestReadClockAsPeopleWriteIt: the times a person types in the app's Times box or the CLI's
// --times are read as the times they are (F208: '8pm' was saved as 'as needed').
func TestReadClockAsPeopleWriteIt(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"8pm", "20:00"}, {"8 pm", "20:00"}, {"8:30am", "08:30"}, {"20.00", "20:00"},
		{"20:00", "20:00"}, {"8:00", "08:00"}, {"08:00:00", "08:00"}, {"12 am", "00:00"},
		{"12pm", "12:00"}, {"8.30 p.m.", "20:30"}, {" 7 AM ", "07:00"}, {"21", "21:00"},
	} {
		got, err := ReadClock(c.in)
		if err != nil || got.String() != c.want {
			t.Errorf("ReadClock(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "x", "25:00", "13pm", "0am", "8:5", "8:60", "8pmm", "twenty"} {
		if c, err := ReadClock(bad); err == nil {
			t.Errorf("ReadClock(%q) = %v, want refused", bad, c)
		}
	}
}
