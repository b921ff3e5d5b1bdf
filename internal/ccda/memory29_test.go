package ccda

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F178: a C-CDA document of 10 MB peaked at 318 MB of RSS on import. Its conversion copied
// the document's base64 (kept in its DocumentReference) three more times — as a string, escaped
// into the encoder, grown into the bundle — and held the document's tree while the bundle was
// written. Converting an 8 MB document now allocates a bounded multiple of its size, and the
// DocumentReference still holds the document byte for byte.
func TestLargeDocumentConvertsInBoundedMemory(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	// A long note: one paragraph of 8 MiB in the first section's narrative.
	at := bytes.Index(doc, []byte("<text>"))
	if at < 0 {
		t.Fatal("the fixture has no narrative")
	}
	note := "<paragraph>" + strings.Repeat("Patient walked 2 km today without pain. ", 8<<20/40) + "</paragraph>"
	big := append(append(append([]byte{}, doc[:at+len("<text>")]...), note...), doc[at+len("<text>"):]...)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Convert(context.Background(), bytes.NewReader(big), Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("a %d MB document: %d MB allocated, a bundle of %d MB", len(big)>>20, allocated>>20, len(res.Bundle)>>20)
	if limit := uint64(9 * len(big)); allocated > limit {
		t.Errorf("converting a %d MB document allocated %d MB, want at most %d MB", len(big)>>20, allocated>>20, limit>>20)
	}

	var b struct {
		Entry []struct {
			Resource struct {
				ResourceType string
				Content      []struct{ Attachment struct{ Data string } }
			}
		}
	}
	if err := json.Unmarshal(res.Bundle, &b); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range b.Entry {
		if e.Resource.ResourceType != "DocumentReference" {
			continue
		}
		n++
		got, err := base64.StdEncoding.DecodeString(e.Resource.Content[0].Attachment.Data)
		if err != nil || !bytes.Equal(got, big) {
			t.Errorf("the DocumentReference does not hold the document byte for byte (%v)", err)
		}
	}
	if n != 1 {
		t.Errorf("%d DocumentReferences", n)
	}
}
