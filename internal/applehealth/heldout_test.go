package applehealth

import (
	"context"
	"io"
	"strings"
	"testing"
)

// zeros reads n zero bytes without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), z.n)]
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

// An export.xml that is a sparse file (its header, then gigabytes of NUL bytes) or that holds
// long runs of dropped control characters gets a clear error, never the reader's "multiple
// Read calls return no data or error" (held-out check of issue 15).
func TestScanNULAndControlRuns(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<HealthData locale="en_US">` + "\n"
	for _, tc := range []struct {
		name string
		r    io.Reader
		want string // "" for no error
	}{
		{"sparse", io.MultiReader(strings.NewReader(head), &zeros{n: 64 << 20}), "NUL bytes"},
		{"control run in text", strings.NewReader(head + `<ExportDate value="2024-03-01 20:00:00 -0800"/>` + strings.Repeat("\v", 600<<10) + "</HealthData>"), ""},
	} {
		_, err := Scan(context.Background(), tc.r, Options{}, nil)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
