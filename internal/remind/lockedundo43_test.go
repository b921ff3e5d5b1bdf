package remind

import (
	"context"
	"slices"
	"testing"

	"carekeeper/storage"
)

// doseChange is the change of Dad's dose answer among a's changes, and its record's identity.
func doseChange(t *testing.T, changes []storage.Change) (storage.Change, storage.ID) {
	t.Helper()
	for _, c := range changes {
		if c.Kind == storage.KindDose {
			id, ok := storage.ParseRecordKey(c.Key)
			if !ok {
				t.Fatalf("a dose change's key %q", c.Key)
			}
			return c, id
		}
	}
	t.Fatalf("no dose answer among %d changes", len(changes))
	return storage.Change{}, storage.ID{}
}

// changesSince are a's changes after cursor.
func changesSince(t *testing.T, a *storage.Vault, cursor uint64) []storage.Change {
	t.Helper()
	ch, _, err := a.Changes(context.Background(), cursor, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// F558's rest: Anna's computer, locked, withdrew the alert for Dad's 08:00 dose when his answer
// was heard from the household at 08:32; the answer was then undone on another device (its
// record removed, or marked deleted) while Anna's computer was still locked, and the alert
// did not come back: the dose stayed answered there until the unlock. Now it comes back at
// once, in the locked words, and is remembered as shown at the unlock. Heard before the
// alert's time, the undone answer lets it come at its time. A person deleted gets none.
func TestLockedCarerAlertComesBackWhenTheAnswerIsUndone(t *testing.T) {
	undo := map[string]func(ctx context.Context, a *storage.Vault, id storage.ID) error{
		"removed": func(ctx context.Context, a *storage.Vault, id storage.ID) error {
			_, err := a.Write(ctx, &storage.Batch{Remove: []storage.ID{id}, Durable: true})
			return err
		},
		"marked deleted": func(ctx context.Context, a *storage.Vault, id storage.ID) error {
			_, err := a.Write(ctx, &storage.Batch{Deleted: []storage.ID{id}, Durable: true})
			return err
		},
	}
	for _, name := range []string{"marked deleted", "removed"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a, b, dad, ref, e, n, step, day := lockedCarer(t)
			ms := step(day(8, 30))
			if len(ms) != 1 {
				t.Fatalf("locked at 08:30: %+v", ms)
			}
			tag, title := ms[0].Tag, ms[0].Title
			answered := dadAnswers(t, a, dad, ref, day(8, 32), false)
			_, cursor, err := a.Changes(ctx, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			e.HeardAnswers(ctx, answered)
			if !slices.Equal(n.withdrawn, []string{tag}) {
				t.Fatalf("withdrawn %v, want the alert %s", n.withdrawn, tag)
			}
			_, id := doseChange(t, answered)
			if err := undo[name](ctx, a, id); err != nil {
				t.Fatal(err)
			}
			e.HeardAnswers(ctx, changesSince(t, a, cursor))
			ms = n.take()
			if len(ms) != 1 || ms[0].Tag != tag || ms[0].Title != title {
				t.Fatalf("after the answer was undone: %+v, want the alert %q back", ms, title)
			}
			if ms := step(day(8, 40)); len(ms) != 0 {
				t.Fatalf("raised twice: %+v", ms)
			}
			if err := e.Unlock(ctx, b); err != nil {
				t.Fatal(err)
			}
			if _, err := b.GetState(alertKey(tag)); err != nil {
				t.Fatalf("the alert raised again while locked is not remembered as shown: %v", err)
			}
			if ms := step(day(8, 45)); len(ms) != 0 {
				t.Fatalf("after the unlock: %+v", ms)
			}
		})
	}

	t.Run("undone before the alert's time", func(t *testing.T) {
		ctx := context.Background()
		a, _, dad, ref, e, _, step, day := lockedCarer(t)
		answered := dadAnswers(t, a, dad, ref, day(8, 5), false)
		_, cursor, _ := a.Changes(ctx, 0, 1000)
		e.HeardAnswers(ctx, answered)
		_, id := doseChange(t, answered)
		if _, err := a.Write(ctx, &storage.Batch{Remove: []storage.ID{id}, Durable: true}); err != nil {
			t.Fatal(err)
		}
		e.HeardAnswers(ctx, changesSince(t, a, cursor))
		if ms := step(day(8, 29)); len(ms) != 0 {
			t.Fatalf("alerted early: %+v", ms)
		}
		if ms := step(day(8, 30)); len(ms) != 1 || ms[0].Title != "No answer yet for Dad's 08:00 medicines" {
			t.Fatalf("at 08:30: %+v, want the alert", ms)
		}
	})

	t.Run("the person deleted", func(t *testing.T) {
		ctx := context.Background()
		a, _, dad, ref, e, n, step, day := lockedCarer(t)
		if len(step(day(8, 30))) != 1 {
			t.Fatal("no alert at 08:30")
		}
		answered := dadAnswers(t, a, dad, ref, day(8, 32), false)
		_, cursor, _ := a.Changes(ctx, 0, 1000)
		e.HeardAnswers(ctx, answered)
		if _, err := a.DeleteProfile(ctx, dad); err != nil {
			t.Fatal(err)
		}
		e.HeardAnswers(ctx, changesSince(t, a, cursor))
		if ms := n.take(); len(ms) != 0 {
			t.Fatalf("an alert for a person deleted: %+v", ms)
		}
		if ms := step(day(20, 30)); len(ms) != 0 {
			t.Fatalf("the evening alert of a person deleted: %+v", ms)
		}
	})
}
