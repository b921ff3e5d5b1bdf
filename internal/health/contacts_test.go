package health

import "testing"

func TestPhoneWords(t *testing.T) {
	for in, want := range map[string][2]string{
		"555-123-4567":      {"(555) 123-4567", "tel:5551234567"},
		"(555) 123 4567":    {"(555) 123-4567", "tel:5551234567"},
		"+1 555 123 4567":   {"+1 (555) 123-4567", "tel:+15551234567"},
		"1-555-123-4567":    {"+1 (555) 123-4567", "tel:15551234567"},
		"+44  20 7946 0958": {"+44 20 7946 0958", "tel:+442079460958"},
		"call the desk":     {"call the desk", ""},
	} {
		if got := PhoneWords(in); got != want[0] {
			t.Errorf("PhoneWords(%q) = %q, want %q", in, got, want[0])
		}
		if got := PhoneURI(in); got != want[1] {
			t.Errorf("PhoneURI(%q) = %q, want %q", in, got, want[1])
		}
	}
}

func TestOwnContacts(t *testing.T) {
	recs := []Resource{
		{Key: Key{"carekeeper", "Organization", "o1"}, JSON: OwnContactJSON("o1", "Pharmacy", "Corner Pharmacy", "555-123-4567", "", "1 Main St")},
		{Key: Key{"carekeeper", "Practitioner", "p1"}, JSON: OwnContactJSON("p1", "General practitioner", "Dr Ada Lovelace", "", "ada@example.org", "")},
		{Key: Key{"https://portal.example", "Practitioner", "p2"}, JSON: OwnContactJSON("p2", "Other contact", "From a portal", "", "", "")},
	}
	got := OwnContacts(NewSet(recs, nil))
	if len(got) != 2 {
		t.Fatalf("%d own contacts: %+v", len(got), got)
	}
	if got[0].Name != "Dr Ada Lovelace" || !got[0].GP || got[0].Email != "ada@example.org" {
		t.Errorf("GP first: %+v", got[0])
	}
	if got[1].Name != "Corner Pharmacy" || got[1].Role != "Pharmacy" || got[1].Phone != "555-123-4567" || got[1].Address != "1 Main St" {
		t.Errorf("pharmacy: %+v", got[1])
	}
}
