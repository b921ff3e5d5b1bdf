package journey

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The visit summary's IPS Bundle listed as "active" the medicines its own text says ended — at
// a death, or a finished course — so the doctor's system reading the coded entries took ten
// medicines as current for a man who died (F359). An ended medicine's entry now says
// "stopped" (stopped, or taken until the death) or "completed", with the summary's words as
// its statusReason; a record whose own status already says it ended keeps it.
func TestIPSMedicinesEndedAsTheTextSays(t *testing.T) {
	v, ps := vault(t)
	now := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := BuildSummary(context.Background(), v, ps["fletcher"], time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Entry []struct {
			Resource struct {
				ResourceType string `json:"resourceType"`
				Status       string `json:"status"`
				Medication   struct {
					Text string `json:"text"`
				} `json:"medicationCodeableConcept"`
				StatusReason *struct {
					Text string `json:"text"`
				} `json:"statusReason"`
			} `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		t.Fatal(err)
	}
	n, changed := 0, 0
	for _, e := range bundle.Entry {
		r := e.Resource
		if r.ResourceType != "MedicationRequest" {
			continue
		}
		n++
		if r.Status == "active" {
			t.Errorf("%s is 'active' in the Bundle of a man who died in 1996", r.Medication.Text)
		}
		if r.StatusReason != nil {
			changed++
			if !strings.HasPrefix(r.StatusReason.Text, "CareKeeper: ") || r.Status != "stopped" && r.Status != "completed" {
				t.Errorf("%s: status %q, reason %q", r.Medication.Text, r.Status, r.StatusReason.Text)
			}
		}
	}
	if n == 0 || changed == 0 {
		t.Fatalf("%d medicine entries, %d of them set as ended by the summary", n, changed)
	}
}
