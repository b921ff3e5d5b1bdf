package journey

import (
	"context"
	"reflect"
	"testing"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"
)

// Load for the cards keeps only the observations the rules may read: every code the result
// rule can follow for anyone must count (TestCardsStreamedLikeLoaded compares the cards).
func TestMayFollowEveryWatchedCode(t *testing.T) {
	all, err := guides.All()
	if err != nil {
		t.Fatal(err)
	}
	codes := append([]string{health.CodeBPPanel, "55284-4", health.CodeDiastolic}, commonResults...)
	for _, g := range all {
		codes = append(codes, g.Tracks...)
	}
	for _, c := range codes {
		if !mayFollow([]string{"urn:other|x", health.LOINC + "|" + lastPart(c)}) {
			t.Errorf("%s is not followed", c)
		}
	}
	for _, c := range [][]string{nil, {health.LOINC + "|72166-2"}, {"urn:other|x"}} {
		if mayFollow(c) {
			t.Errorf("%v is followed", c)
		}
	}
}

func lastPart(c string) string {
	for i := len(c) - 1; i >= 0; i-- {
		if c[i] == '|' {
			return c[i+1:]
		}
	}
	return c
}

// Each distinct list of codes is kept once; lists that only join alike stay apart.
func TestCodeLists(t *testing.T) {
	var cl codeLists
	a := cl.of([]string{"s|a", "s|b"})
	b := cl.of([]string{"s|a", "s|b"})
	c := cl.of([]string{"s|as|b"})
	d := cl.of([]string{"s|a"})
	if &a[0] != &b[0] {
		t.Error("an equal list is kept twice")
	}
	for _, tc := range []struct {
		got, want []string
	}{{a, []string{"s|a", "s|b"}}, {c, []string{"s|as|b"}}, {d, []string{"s|a"}}, {cl.of(nil), nil}} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Load for the cards keeps the resources of the types the rules read (cardResources) and of
// the others only what rulePortalNew reads: TestCardsStreamedLikeLoaded compares the cards,
// among them a portal card counting a medicine.
func TestCardsLoadKeepsOnlyWhatTheRulesRead(t *testing.T) {
	r := richPerson(t)
	d, err := Load(context.Background(), r.v, r.profile, richNow, LoadOptions{Device: time.UTC, cards: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range d.Set.Records {
		if !cardResources[rec.Type] {
			t.Errorf("%s is kept", rec.Type)
		}
	}
	if n := len(d.OfType("Condition")); n != 2 {
		t.Errorf("%d conditions kept, want 2", n)
	}
	portal := map[string]int{}
	for _, w := range d.portal {
		portal[w.key.Type]++
	}
	if portal["MedicationRequest"] != 1 || portal["Condition"] != 2 {
		t.Errorf("portal records %v, want the medicine and the two conditions", portal)
	}
}
