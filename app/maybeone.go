package app

import (
	"context"
	"fmt"

	"carekeeper/internal/identity"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Two people who may be one person recorded twice ("Lucía Herrera Martín" from one portal,
// "Lucia Herrera" from another, born the same day: identity.MayBeOne) stayed two, each
// reminded of the same insulin, and nothing said so (F513). The People screen says it, with
// Join them…, asked first in plain words; CareKeeper never joins two people by itself. The join
// is the import's (joinSame: hhvault.JoinPeople, in a household through it, undoable right after
// on a computer in no household).

// maybeOne is a pair said on People, with what a join would move.
type maybeOne struct {
	pair    identity.Pair
	records int // From's records, which move to Keep
}

// findMaybeOne reads who may be one person (sync.MayBeOnePeople) and their records to move: for
// the People screen, in the background. A failure leaves the line out.
func findMaybeOne(ctx context.Context, v *storage.Vault) []maybeOne {
	pairs, err := cksync.MayBeOnePeople(v)
	if err != nil {
		return nil
	}
	var out []maybeOne
	for _, p := range pairs {
		counts, err := v.TypeCounts(ctx, p.From.ID)
		if err != nil {
			return nil
		}
		n := 0
		for _, k := range counts {
			n += k
		}
		out = append(out, maybeOne{pair: p, records: n})
	}
	return out
}

// maybeOneLine is the People screen's line about two people who may be one.
type maybeOneLine struct {
	box *fyne.Container
}

func newMaybeOneLine() *maybeOneLine {
	l := &maybeOneLine{box: container.NewVBox()}
	l.box.Hide()
	return l
}

// show says each pair, "Lucía Herrera Martín and Lucia Herrera may be one person (same birth
// date)", with Join them… (off, and said why, when this computer only views one of them).
// name names a person as the screen does.
func (l *maybeOneLine) show(m *mainScreen, ms []maybeOne, name func(string) string) {
	l.box.Objects = nil
	for _, x := range ms {
		words := fmt.Sprintf(lang.L("%s and %s may be one person (same birth date)."), name(x.pair.Keep.ID), name(x.pair.From.ID))
		if x.pair.OtherGivenNames {
			// F520: "Peggy O'Brien" beside "Margaret Mary O'Brien" — a short name, or twins.
			words = fmt.Sprintf(lang.L("%s and %s have one birth date, sex and family name: one person by another name, or two people (twins)?"), name(x.pair.Keep.ID), name(x.pair.From.ID))
		}
		if x.pair.Undated {
			// F520: a file whose Patient gives no birth date, beside a person of its names.
			words = fmt.Sprintf(lang.L("%s and %s may be one person: the names agree, and %s's records give no birth date."), name(x.pair.Keep.ID), name(x.pair.From.ID), name(x.pair.From.ID))
		}
		text := lowText(words)
		text.Importance = widget.WarningImportance
		place := container.NewVBox()
		bt := widget.NewButtonWithIcon(lang.L("Join them…"), theme.AccountIcon(), nil)
		bt.OnTapped = func() { m.confirmMaybeOne(x, name, place) }
		row := container.NewHBox(bt)
		var apart *widget.Button
		if x.pair.OtherGivenNames || x.pair.Undated {
			apart = widget.NewButtonWithIcon(lang.L("They are two people"), theme.CancelIcon(), func() { m.keepApart(x, place) })
			row.Add(apart)
		}
		place.Add(row)
		if m != nil && (m.v.ViewOnly(x.pair.Keep.ID) || m.v.ViewOnly(x.pair.From.ID)) {
			bt.Disable()
			place.Add(lowText(lang.L("Shared with you to view: join them on a computer that manages both.")))
		}
		l.box.Add(text)
		l.box.Add(place)
	}
	if len(ms) == 0 {
		l.box.Hide()
	} else {
		l.box.Show()
	}
	l.box.Refresh()
}

// confirmMaybeOne asks, in plain words, whether the two are one person and says exactly what
// moves, and whether it can be undone; yes joins From into Keep (joinSame), saying it in place.
func (m *mainScreen) confirmMaybeOne(x maybeOne, name func(string) string, place *fyne.Container) {
	u := m.u
	keep, from := name(x.pair.Keep.ID), name(x.pair.From.ID)
	var last string
	if u.hh.live.Load() == nil && m.v.Device() == "" {
		last = fmt.Sprintf(lang.L("You can undo it on this screen until CareKeeper is locked or closed, as long as nothing new is recorded for %s."), keep)
	} else {
		last = fmt.Sprintf(lang.L("%s is deleted on every device of the household. This cannot be undone."), from)
	}
	what := fmt.Sprintf(lang.L("Only if they are the same person: two people can have names this alike and one birth date. Everything recorded for %s (%s), and their reminder settings where %s has none, moves to %s, and %s is deleted. The same medicine from both is then reminded once."),
		from, recordsWords(x.records), keep, keep, from)
	c := dialog.NewCustomConfirm(lang.L("One person?"), lang.L("Join them"), lang.L("Cancel"),
		container.New(columnLayout{width: 440}, paragraph(what+" "+last)),
		func(ok bool) {
			if ok {
				m.joinSame(cksync.MaybeSame{New: x.pair.From.ID, NewName: x.pair.From.Name, Here: x.pair.Keep.ID, HereName: x.pair.Keep.Name, BirthDate: x.pair.Keep.BirthDate, OtherNames: x.pair.OtherGivenNames}, place)
			}
		}, u.win)
	c.SetConfirmImportance(widget.DangerImportance)
	m.joining = c
	c.Show()
}

// keepApart remembers, on this computer, that the two are two people (sync.KeepApart): not
// asked again (F520).
func (m *mainScreen) keepApart(x maybeOne, place *fyne.Container) {
	u := m.u
	ctx, v := u.ctx, m.v
	var err error
	u.goVault(func() { err = cksync.KeepApart(ctx, v, x.pair.Keep.ID, x.pair.From.ID) }, func() {
		if err != nil {
			showError(u.win, lang.L("Could not save it"), err)
			return
		}
		place.Objects = []fyne.CanvasObject{lowText(lang.L("Two people: CareKeeper will not ask again."))}
		place.Refresh()
	})
}
