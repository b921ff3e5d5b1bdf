package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// F212: a summary asked of a person who died, for a period after the death (the app's "last
// 6 months", counted back from today), is of the last months of their life: the period ends
// at the death, their medicines are listed, and nothing asks questions "for my doctor" of a
// visit that will not be.
func TestSummaryOfDeceasedEndsAtDeath(t *testing.T) {
	v, ps := vault(t)
	now := utc("2026-12-06T01:00:00Z")
	s, err := BuildSummary(context.Background(), v, ps["fletcher"], now.AddDate(0, 0, -182), now.Add(time.Minute), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.To.Add(-time.Second).In(s.Loc).Format("2006-01-02"); got != "1996-01-21" {
		t.Errorf("the period ends %s, not on the day of the death (21 Jan 1996)", got)
	}
	if got := s.From.In(s.Loc).Format("2006-01-02"); got != "1995-07-23" {
		t.Errorf("the period starts %s, not six months (182 days) before the death", got)
	}
	if len(s.Medicines) == 0 {
		t.Error("no medicines in the last six months of his life")
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Period: 23 Jul 1995 to 21 Jan 1996, up to the death", "Died 21 Jan 1996"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	rest := strings.ReplaceAll(text, "on 6 Dec 2026", "") // the footer: the day it was printed
	for _, bad := range []string{"For the visit", "Questions for the doctor", "No medicines recorded", "2026"} {
		if strings.Contains(rest, bad) {
			t.Errorf("the PDF says %q of a person who died in 1996", bad)
		}
	}
}

// F212: a period without the medicines the records hold elsewhere said "No medicines
// recorded": it says none were in the period, and how many are recorded outside it.
func TestSummaryNoMedicinesInPeriodSaysTheOthers(t *testing.T) {
	v, ps := vault(t)
	now := utc("2026-12-06T01:00:00Z")
	s, err := BuildSummary(context.Background(), v, ps["courtney"], utc("1930-01-01T00:00:00Z"), utc("1931-01-01T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Medicines) != 0 {
		t.Fatalf("%d medicines in 1930: the test covers nothing", len(s.Medicines))
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	if strings.Contains(text, "No medicines recorded") || !strings.Contains(text, "None in this period (") {
		t.Errorf("the PDF's medicines: %s", text[strings.Index(text, "Medicines"):][:120])
	}
}
