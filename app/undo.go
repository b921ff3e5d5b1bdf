package app

import (
	"context"
	"log"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// undoTime is how long an answer to a dose on Today can be undone. The answer is saved when
// it runs out (or at once when the vault locks or the app closes), so Undo never has to
// take back what was written; the desktop notification is withdrawn when it is saved.
const undoTime = 10 * time.Second

// pendingAnswer is an answer to a dose waiting out undoTime.
type pendingAnswer struct {
	words string // "taken at 08:02", "skipped", "snoozed until 08:10"
	// put off is an answer that does not settle the dose (a snooze): shown without the ✓
	// and the green of a dose taken (F162).
	putOff bool
	// skipped: a dose skipped, shown with the skip sign, not the ✓ and green of one taken (F450)
	skipped bool
	save    func(ctx context.Context, eng *remind.Engine, now time.Time) error
	cancel  func() bool // stops the timer
}

// answer keeps an answer to r for undoTime, showing it with Undo, then saves it.
func (p *todayPage) answer(r remind.Reminder, words string, save func(ctx context.Context, eng *remind.Engine, now time.Time) error) {
	p.answerKey(r.StateKey(), words, save)
}

// putOff keeps a snooze of r for undoTime like answer, shown as put off, not done.
func (p *todayPage) putOff(r remind.Reminder, words string, save func(ctx context.Context, eng *remind.Engine, now time.Time) error) {
	p.keep(r.StateKey(), &pendingAnswer{words: words, save: save, putOff: true})
}

// asNeededKey is the key of a dose of an as-needed medicine waiting out its undo time (one at
// a time per medicine): a person's state key, so that dropAnswersOf finds it.
func asNeededKey(med *remind.Medicine) string {
	return "remind/occ/" + med.Profile + "/" + med.Key() + "/as-needed"
}

// answerKey keeps an answer (a dose's, or an as-needed dose logged: asNeededKey) for undoTime,
// showing it with Undo, then saves it.
func (p *todayPage) answerKey(key, words string, save func(ctx context.Context, eng *remind.Engine, now time.Time) error) {
	p.keep(key, &pendingAnswer{words: words, save: save})
}

// keep keeps an answer under key for undoTime, showing it with Undo, then saves it.
func (p *todayPage) keep(key string, a *pendingAnswer) {
	u := p.s.u
	u.auto.poke()
	if u.rem.engine() == nil {
		return
	}
	if old := p.pending[key]; old != nil {
		old.cancel()
	}
	a.cancel = u.auto.clock.AfterFunc(undoTime, func() {
		u.post(func() {
			if p.pending[key] == a {
				p.commit(key)
			}
		})
	})
	p.pending[key] = a
	p.reveal = key // its row stays in sight (F525 item 9)
	p.redraw()
}

// undo drops an answer before it was saved: the dose is waiting again.
func (p *todayPage) undo(key string) {
	p.s.u.auto.poke()
	if a := p.pending[key]; a != nil {
		a.cancel()
		delete(p.pending, key)
		p.reveal = key
		p.redraw()
	}
}

// dropAnswersOf drops the waiting answers of a person about to be deleted: saved after the
// delete, they would write records for nobody.
func (p *todayPage) dropAnswersOf(profile string) {
	for key, a := range p.pending {
		if storage.IsPersonStateKey(key, profile) {
			a.cancel()
			delete(p.pending, key)
		}
	}
}

// commit saves one waiting answer now (in the background).
func (p *todayPage) commit(key string) {
	a := p.pending[key]
	if a == nil {
		return
	}
	a.cancel()
	delete(p.pending, key)
	p.act(a.save)
}

// flushAnswers saves every waiting answer now, on the calling (UI) goroutine: the vault is
// about to lock or the app to close. It returns when they are written.
func (p *todayPage) flushAnswers() {
	u := p.s.u
	eng := u.rem.engine()
	for key, a := range p.pending {
		a.cancel()
		delete(p.pending, key)
		if eng == nil || u.ctx == nil {
			continue
		}
		if err := a.save(context.WithoutCancel(u.ctx), eng, u.rem.now()); err != nil {
			log.Printf("carekeeper: saving an answer to a dose before locking: %v", err)
		}
	}
}

// redraw recomputes Today to show the answers waiting and the doses.
func (p *todayPage) redraw() {
	s := p.s
	s.stale[scToday] = true
	if s.current == scToday {
		s.refresh(scToday)
	}
}
