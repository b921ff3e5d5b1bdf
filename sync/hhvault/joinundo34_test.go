package hhvault

import (
	"context"
	"errors"
	"testing"
	"time"

	"carekeeper/storage"
)

// F395: the Import screen's "Join them…" (Lily Moreno of a health card into Lily Rose Moreno)
// had no undo. On a computer in no household the join is undone: Lily Moreno is a person again,
// with her name, birth date and her records, and the settings copied to Lily Rose go back to
// her; a record of Lily Rose's own stays hers. In a household it cannot be undone.
func TestJoinUndoneOnAComputerInNoHousehold(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	here, err := v.AddProfile("Lily Rose Moreno", "2019-04-14")
	if err != nil {
		t.Fatal(err)
	}
	card, err := v.AddProfile("Lily Moreno", "2019-04-14")
	if err != nil {
		t.Fatal(err)
	}
	rec := func(profile, id, text string) storage.Record {
		r, err := storage.NewRecord(profile, storage.ID{Source: "https://card.example/shc", Type: "Immunization", ID: id},
			[]byte(`{"resourceType":"Immunization","id":"`+id+`","status":"completed","vaccineCode":{"text":"`+text+`"},"occurrenceDateTime":"2026-10-01"}`))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if _, err := v.Write(ctx, &storage.Batch{File: "lily-card.json", Now: time.Now(), Records: []storage.Record{rec(card.ID, "covid", "COVID-19 vaccine")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec(here.ID, "mmr", "MMR vaccine")}}); err != nil {
		t.Fatal(err)
	}
	label := "remind/settings/" + card.ID
	if err := v.UpdateState(ctx, storage.StateOp{Key: label, Value: []byte(`{"label":"Lily"}`)}); err != nil {
		t.Fatal(err)
	}
	j, err := JoinPeople(ctx, v, nil, here.ID, card.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !j.Undoable() {
		t.Fatal("a join on a computer in no household cannot be undone")
	}
	if b, err := v.GetState("remind/settings/" + here.ID); err != nil || string(b) != `{"label":"Lily"}` {
		t.Fatalf("Lily Rose did not take the card's Lily's settings: %q %v", b, err)
	}
	back, err := UndoJoin(ctx, v, j)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := v.Profiles()
	if err != nil || len(ps) != 2 || back.Name != "Lily Moreno" || back.BirthDate != "2019-04-14" || back.ID == here.ID {
		t.Fatalf("people after the undo: %+v (made again: %+v) %v", ps, back, err)
	}
	of := func(profile string) (ids []string) {
		v.Records(ctx, storage.Query{Profile: profile}, func(r *storage.Record) error { ids = append(ids, r.ID.ID); return nil })
		return ids
	}
	if got := of(back.ID); len(got) != 1 || got[0] != "covid" {
		t.Errorf("Lily Moreno's records after the undo: %v, want the card's vaccination", got)
	}
	if got := of(here.ID); len(got) != 1 || got[0] != "mmr" {
		t.Errorf("Lily Rose Moreno's records after the undo: %v, want her own", got)
	}
	if r, err := v.Get(storage.ID{Source: "https://card.example/shc", Type: "Immunization", ID: "covid"}); err != nil || r.Meta.File != "lily-card.json" {
		t.Errorf("the card's vaccination: %+v %v, want it still from lily-card.json", r, err)
	}
	if _, err := v.GetState("remind/settings/" + here.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Lily Rose keeps the settings copied from the card's Lily: %v", err)
	}
	if b, err := v.GetState("remind/settings/" + back.ID); err != nil || string(b) != `{"label":"Lily"}` {
		t.Errorf("Lily Moreno's settings after the undo: %q %v", b, err)
	}
	if _, err := UndoJoin(ctx, v, JoinedPeople{}); !errors.Is(err, ErrNoUndo) {
		t.Errorf("a join with nothing to undo: %v", err)
	}
}
