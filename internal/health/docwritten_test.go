package health

import "testing"

// A C-CDA document dated without a zone offset has no DocumentReference.date (an instant); its
// day is its attachment's creation. Its details and Document tab said nothing of when it was
// written; they say "Written" with that day. A document with a date says that one.
func TestRecordFields_DocumentWrittenDay(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"a day only", `{"resourceType":"DocumentReference","status":"current","content":[{"attachment":{"contentType":"application/xml","creation":"2023-11-12"}}]}`, "12 Nov 2023"},
		{"an instant", `{"resourceType":"DocumentReference","status":"current","date":"2024-03-12T09:30:00-05:00","content":[{"attachment":{"contentType":"application/xml","creation":"2024-03-12T09:30:00-05:00"}}]}`, "12 Mar 2024"},
	} {
		written := 0
		for _, f := range RecordFields("DocumentReference", []byte(tc.doc), nil, Clock{}) {
			if f.Label == "Written" {
				written++
				if f.Value != tc.want || !f.Date {
					t.Errorf("%s: Written %q, want %q", tc.name, f.Value, tc.want)
				}
			}
		}
		if written != 1 {
			t.Errorf("%s: %d Written fields, want 1", tc.name, written)
		}
	}
}
