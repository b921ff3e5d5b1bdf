package journey

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"carekeeper/storage"
)

// Card severities.
const (
	SeverityInfo      = "info"
	SeverityAttention = "attention"
)

// Card is one insight for the Today screen.
type Card struct {
	// ID is stable for the same data: dismissing a card hides it until the data it is about
	// changes. It carries no health data.
	ID       string       `json:"id"`
	Kind     string       `json:"kind"` // the rule that made it
	Title    string       `json:"title"`
	Body     string       `json:"body"`
	Why      []string     `json:"why"`   // the data used, in words ("why am I seeing this")
	Links    []storage.ID `json:"links"` // the records it is about
	Severity string       `json:"severity"`
	// Date is when the thing the card is about happened (newest first within a severity).
	Date time.Time `json:"date,omitzero"`
	// Action is what the app offers to do on the person's say-so (nil: nothing but dismiss).
	Action *Action `json:"action,omitempty"`
}

// Action kinds.
const (
	// ActionMoveReminder moves one reminder time of a medicine (ApplyTiming applies it).
	ActionMoveReminder = "move-reminder"
	// ActionCheckIn opens the check-in of a guide (Slug).
	ActionCheckIn = "check-in"
	// ActionAddMeasurement opens the home measurement form (Measure: bp, weight, ...).
	ActionAddMeasurement = "add-measurement"
	// ActionSignIn opens the portal's sign-in (Portal).
	ActionSignIn = "sign-in"
)

// Action is what accepting a card does. Nothing is applied without the person's say-so.
type Action struct {
	Kind    string `json:"kind"`
	Label   string `json:"label"`
	Profile string `json:"profile"`
	// move-reminder: the medicine ("MedicationRequest/<id>"), its remind key, and the
	// reminder time to move From → To (HH:MM, the person's wall clock).
	Medicine string `json:"medicine,omitempty"`
	MedKey   string `json:"medKey,omitempty"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Slug     string `json:"slug,omitempty"`    // check-in
	Measure  string `json:"measure,omitempty"` // add-measurement
	Portal   string `json:"portal,omitempty"`  // sign-in
}

// Rule is one insight rule: it reads the person's data and returns cards (without IDs set
// from the table: cardID fills them from the rule and the parts it names).
type Rule struct {
	ID   string // stable; the prefix of its cards' IDs and their Kind
	Doc  string // what it looks for, in words
	Eval func(d *Data) []Card
}

// cardID is the rule id and a short hash of the parts that identify the data the card is
// about (so the ID itself holds no health data).
func cardID(rule string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rule + "/" + hex.EncodeToString(h.Sum(nil)[:8])
}

// Engine computes a person's cards.
type Engine struct {
	Rules []Rule // nil: Rules()
	Load  LoadOptions
}

// Cards returns the person's cards as of now, without those dismissed or snoozed: attention
// first, then newest first.
func (e *Engine) Cards(ctx context.Context, v *storage.Vault, profile string, now time.Time) ([]Card, error) {
	opt := e.Load
	if opt.Types == nil {
		opt.Types = CardTypes
	}
	opt.cards = true
	d, err := Load(ctx, v, profile, now, opt)
	if err != nil {
		return nil, err
	}
	hidden, err := hiddenCards(ctx, v, profile, now)
	if err != nil {
		return nil, err
	}
	return e.CardsFor(d, hidden), nil
}

// CardsFor runs the rules over loaded data; cards whose IDs are in hidden are left out.
func (e *Engine) CardsFor(d *Data, hidden map[string]bool) []Card {
	rules := e.Rules
	if rules == nil {
		rules = Rules()
	}
	if d.Death.Deceased {
		// No cards for a person who died, as the app's Today shows none: a result card spoke
		// to her ("Your hemoglobin is below its range … contact your care team") in
		// `insights` (F373).
		return nil
	}
	var out []Card
	for _, r := range rules {
		for _, c := range r.Eval(d) {
			c.Kind = r.ID
			if c.Severity == "" {
				c.Severity = SeverityInfo
			}
			if !hidden[c.ID] {
				out = append(out, c)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Severity == SeverityAttention) != (out[j].Severity == SeverityAttention) {
			return out[i].Severity == SeverityAttention
		}
		return out[i].Date.After(out[j].Date)
	})
	return out
}

// cardState is a dismissed (Until zero) or snoozed card.
type cardState struct {
	Dismissed bool      `json:"dismissed,omitempty"`
	Until     time.Time `json:"until,omitzero"`
}

func cardKey(profile, id string) string { return "journey/card/" + profile + "/" + id }

var errBadCard = errors.New("not a card id")

func checkCard(profile, id string) error {
	if profile == "" || id == "" || strings.ContainsAny(profile, "/\x00") || strings.ContainsAny(id, "\x00") || len(id) > 200 {
		return errBadCard
	}
	return nil
}

// Dismiss hides a card until the data it is about changes (its ID changes then).
func Dismiss(ctx context.Context, v *storage.Vault, profile, id string) error {
	return putCardState(ctx, v, profile, id, cardState{Dismissed: true})
}

// Snooze hides a card until a time.
func Snooze(ctx context.Context, v *storage.Vault, profile, id string, until time.Time) error {
	return putCardState(ctx, v, profile, id, cardState{Until: until.UTC()})
}

// Restore shows a dismissed or snoozed card again.
func Restore(ctx context.Context, v *storage.Vault, profile, id string) error {
	if err := checkCard(profile, id); err != nil {
		return err
	}
	return v.UpdateState(ctx, storage.StateOp{Key: cardKey(profile, id), Delete: true})
}

func putCardState(ctx context.Context, v *storage.Vault, profile, id string, s cardState) error {
	if err := checkCard(profile, id); err != nil {
		return err
	}
	b, _ := json.Marshal(s)
	if err := v.UpdateState(ctx, storage.StateOp{Key: cardKey(profile, id), Value: b}); err != nil {
		return fmt.Errorf("saving the card state: %w", err)
	}
	return nil
}

// hiddenCards returns the ids of the person's cards dismissed, or snoozed past now.
func hiddenCards(ctx context.Context, v *storage.Vault, profile string, now time.Time) (map[string]bool, error) {
	out := map[string]bool{}
	pfx := "journey/card/" + profile + "/"
	err := v.ScanState(ctx, pfx, func(k string, b []byte) error {
		var s cardState
		if json.Unmarshal(b, &s) != nil {
			return nil
		}
		if s.Dismissed || s.Until.After(now) {
			out[strings.TrimPrefix(k, pfx)] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the card states: %w", err)
	}
	return out, nil
}
