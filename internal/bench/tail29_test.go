package bench

import (
	"strings"
	"testing"
)

// A command's output is kept only as its last 4 KiB: enough for the line its error names.
func TestTailWriterKeepsTheLastLine(t *testing.T) {
	for _, tc := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"short", []string{"one\n", "carekeeper: no such person"}, "carekeeper: no such person"},
		{"long listing, then the error", []string{strings.Repeat("x", 10000) + "\n", strings.Repeat("{},\n", 3000), "carekeeper: reading: disk"}, "carekeeper: reading: disk"},
		{"one write larger than kept", []string{strings.Repeat("y", 9000) + "\nlast line"}, "last line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w tailWriter
			for _, s := range tc.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if len(w.b) > 4<<10 {
				t.Errorf("kept %d bytes", len(w.b))
			}
			if got := lastLine([]byte(w.String())); got != tc.want {
				t.Errorf("last line %q, want %q", got, tc.want)
			}
		})
	}
}
