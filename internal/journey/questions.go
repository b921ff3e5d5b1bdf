package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/storage"
)

// Questions is a person's "questions for my doctor" list: their own questions and the guide
// questions they starred.
type Questions struct {
	Own     []Question `json:"own,omitempty"`
	Starred []Starred  `json:"starred,omitempty"`
}

// Question is one question the person wrote.
type Question struct {
	Text  string    `json:"text"`
	Added time.Time `json:"added"`
}

// Starred is a guide question the person starred.
type Starred struct {
	Slug string `json:"slug"`
	Text string `json:"text"`
}

// Items is the list in order: own questions first, then starred guide questions (those the
// guide still asks).
func (q Questions) Items() []string {
	var out []string
	for _, o := range q.Own {
		out = append(out, o.Text)
	}
	for _, s := range q.Starred {
		if g := guides.BySlug(s.Slug); g != nil && contains(g.Questions, s.Text) {
			out = append(out, s.Text)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func questionsKey(profile string) string { return "journey/questions/" + profile }

// LoadQuestions reads a person's questions (none stored: an empty list).
func LoadQuestions(v *storage.Vault, profile string) (Questions, error) {
	var q Questions
	b, err := v.GetState(questionsKey(profile))
	if errors.Is(err, storage.ErrNotFound) {
		return q, nil
	}
	if err != nil {
		return q, fmt.Errorf("reading the questions: %w", err)
	}
	if err := json.Unmarshal(b, &q); err != nil {
		return Questions{}, errors.New("the stored questions are damaged")
	}
	return q, nil
}

func saveQuestions(ctx context.Context, v *storage.Vault, profile string, q Questions) error {
	if _, err := v.Profile(profile); err != nil {
		return err
	}
	b, err := json.Marshal(q)
	if err != nil {
		return err
	}
	if err := v.UpdateState(ctx, storage.StateOp{Key: questionsKey(profile), Value: b}); err != nil {
		return fmt.Errorf("saving the questions: %w", err)
	}
	return nil
}

// AddQuestion adds a question of the person's own.
func AddQuestion(ctx context.Context, v *storage.Vault, profile, text string, now time.Time) error {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return errors.New("the question is empty")
	}
	if len(text) > 2000 {
		return errors.New("the question is too long")
	}
	q, err := LoadQuestions(v, profile)
	if err != nil {
		return err
	}
	q.Own = append(q.Own, Question{Text: text, Added: now.UTC()})
	return saveQuestions(ctx, v, profile, q)
}

// RemoveQuestion removes the person's own question at index i (of Questions.Own).
func RemoveQuestion(ctx context.Context, v *storage.Vault, profile string, i int) error {
	q, err := LoadQuestions(v, profile)
	if err != nil {
		return err
	}
	if i < 0 || i >= len(q.Own) {
		return errors.New("no such question")
	}
	q.Own = append(q.Own[:i], q.Own[i+1:]...)
	return saveQuestions(ctx, v, profile, q)
}

// StarQuestion stars (on) or unstars a question of a guide.
func StarQuestion(ctx context.Context, v *storage.Vault, profile, slug, text string, on bool) error {
	g := guides.BySlug(slug)
	if g == nil || !contains(g.Questions, text) {
		return errors.New("the guide has no such question")
	}
	q, err := LoadQuestions(v, profile)
	if err != nil {
		return err
	}
	kept := q.Starred[:0]
	for _, s := range q.Starred {
		if s.Slug != slug || s.Text != text {
			kept = append(kept, s)
		}
	}
	q.Starred = kept
	if on {
		q.Starred = append(q.Starred, Starred{Slug: slug, Text: text})
	}
	return saveQuestions(ctx, v, profile, q)
}
