package sync_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	cksync "carekeeper/sync"
)

func TestPersonName(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, c := range []struct {
		in, want string
		cut      bool
	}{
		{"Aroha Ngata", "Aroha Ngata", false},
		{"  Ann \r\n  Injected:\tline ", "Ann Injected: line", false},
		{"Evil\x1b]0;pwned\x07\u202eRTL", "Evil ]0;pwned RTL", false},
		{long[:200], long[:200], false},
		{long, long[:199] + "…", true},
		{long[:198] + "é" + long, long[:198] + "é…", true},
		{long[:198] + "e\u0301" + long, long[:198] + "…", true}, // e + combining acute: kept or cut together
		{strings.Repeat("王", 250), strings.Repeat("王", 199) + "…", true},
	} {
		got, cut := cksync.PersonName(c.in)
		if got != c.want || cut != c.cut {
			t.Errorf("PersonName(%.30q…) = %.40q…, %v; want %.40q…, %v", c.in, got, cut, c.want, c.cut)
		}
	}
}

// FuzzPersonName: one line of at most MaxPersonName characters, valid UTF-8 when the name is,
// the name itself (its spaces collapsed) when it is short, else its start and "…".
func FuzzPersonName(f *testing.F) {
	for _, s := range []string{"Aroha Ngata", "Ann\r\nX", strings.Repeat("e\u0301", 150), "\u202e" + strings.Repeat("ab ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, cut := cksync.PersonName(name)
		if utf8.RuneCountInString(got) > cksync.MaxPersonName {
			t.Fatalf("%d characters", utf8.RuneCountInString(got))
		}
		if utf8.ValidString(name) && !utf8.ValidString(got) {
			t.Fatal("not UTF-8")
		}
		if strings.ContainsFunc(got, unicode.IsControl) || strings.Contains(got, "  ") || got != strings.TrimSpace(got) {
			t.Fatalf("not one clean line: %q", got)
		}
		if cut != strings.HasSuffix(got, "…") && !strings.HasSuffix(name, "…") {
			t.Fatalf("cut %v: %q", cut, got)
		}
		if again, cut2 := cksync.PersonName(got); again != got || cut2 {
			t.Fatalf("not stable: %q -> %q", got, again)
		}
	})
}

// A portal's name is one line of at most 200 characters, as it heads the portal's rows.
func TestAddPortalNameBounded(t *testing.T) {
	v, _ := newVault(t)
	for _, name := range []string{strings.Repeat("Clinic ", 40), "Clinic\nInjected"} {
		if _, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: name, FHIR: "https://fhir.example.org/r4"}, time.Now()); err == nil || !strings.Contains(err.Error(), "one line of at most 200 characters") {
			t.Errorf("portal named %.20q…: %v", name, err)
		}
	}
	if _, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "Te Whatu Ora", FHIR: "https://fhir.example.org/r4"}, time.Now()); err != nil {
		t.Error(err)
	}
}
