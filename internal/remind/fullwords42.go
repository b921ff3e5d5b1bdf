package remind

import (
	"context"
	"maps"
	"slices"
)

// fullWords gives the dose reminders shown in a locked computer's words, and still on screen
// and unanswered at the unlock, their full words at once, in place (F567 item 5: the Tokyo
// tablet's "佐藤 健一 — 06:10 medicines / Open CareKeeper for details." stayed so for 7 minutes
// and more after the unlock; one shown while locked never got its medicine's name). shown are
// the tags and doses' state keys the locked engine showed (lockedState.shown).
func (e *Engine) fullWords(ctx context.Context, shown map[string][]string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return
	}
	h, _ := e.n.(Handles)
	for _, tag := range slices.Sorted(maps.Keys(shown)) {
		if h != nil && h.Handle(ctx, tag) == "" {
			continue // closed by the person, or withdrawn: not shown again
		}
		var items []Reminder
		for _, k := range shown[tag] {
			if r, ok := e.reminderFor(k, e.states[k]); ok && r.Kind == KindDose && !e.model.answered(e.states, r) && !e.heard[k] {
				items = append(items, r)
			}
		}
		if len(items) == 0 {
			continue
		}
		p := e.model.Person(items[0].Profile)
		if p == nil || p.Held || p.Settings.Off {
			continue
		}
		ask := groupAsksAmount(&group{Items: items})
		full := withAsk(notificationText(p, items, p.Settings.Private), ask)
		locked := withAsk(notificationText(p, items, true), ask)
		if full == locked {
			continue
		}
		if err := e.send(ctx, Message{Tag: tag, Title: full.Title, Body: full.Body, Actions: actionsFor(ask)}, locked); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		}
	}
}
