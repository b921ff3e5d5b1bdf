package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/internal/journey"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A file imported for whoever it is about that the import refuses because its person has the
// record number of a person here but another first name (cksync.ErrRecordNumberAnotherName:
// Rose's clinic summary carrying her twin Lily's number, F459) was an error line ending "import
// it with --profile ID". The app asks instead, in plain words, whose records they are: into
// the person of the file's name who is here (or as a new person), into the holder of the
// number anyway, or nothing.

// numberClash is such a refused file, with the people the question names.
type numberClash struct {
	path       string
	who        health.Identity // the file's person
	holder     string          // the person here holding the record number
	holderName string
	// mine is the person here of the file's name and birth date (not the holder): "" when
	// there is none, and the file's person is imported as a new person.
	mine, mineName string
	// birth: the holder has another birth date, not another first name
	// (cksync.ErrRecordNumberAnotherBirth: the son's file with his late father's number, F466).
	birth bool
	// people are every person of a file of several (who among them), nil for a file of one:
	// such a file is imported for each of its people, or all of it into one person (the
	// command line's --profile ID --force); who's records cannot be put apart from the
	// others' to go elsewhere.
	people []health.Identity
}

// findNumberClash reads whom the refused file at path is about and who here holds its record
// number (health.CompareIdentity's rule: a shared identifier, given names none of which is
// the other's). nil when the file is not one person's, or no holder is found: the error line
// stays.
func findNumberClash(ctx context.Context, v *storage.Vault, path string, refusal error) *numberClash {
	data, err := intake.Patients(ctx, path)
	if err != nil || data == nil {
		return nil
	}
	if data, err = fhirjson.Decompress(data); err != nil {
		return nil
	}
	file, err := fhirjson.ParseFile(data)
	if err != nil {
		return nil
	}
	var who []health.Identity
	for _, e := range file.Entries {
		if e.Info.Type != "Patient" {
			continue
		}
		if id, ok := health.PatientIdentity(e.Resource); ok {
			who = append(who, id)
		}
	}
	if len(who) == 0 || slices.ContainsFunc(who, func(w health.Identity) bool { return w.Name == "" }) {
		return nil
	}
	ps, err := v.Profiles()
	if err != nil {
		return nil
	}
	labels := personLabels(ps)
	birth := errors.Is(refusal, cksync.ErrRecordNumberAnotherBirth)
	// A file of several people (twins in one clinic file): the question is about the one whose
	// record number is another's here, and says what can be done with the whole file (F459: its
	// refusal stayed an error line naming the command line's --profile).
	for _, w := range who {
		c := &numberClash{path: path, who: w, birth: birth}
		if c.find(ps, labels) {
			if len(who) > 1 {
				c.people = who
			}
			return c
		}
	}
	return nil
}

// find fills in the holder of c.who's record number here and the person of its name (mine),
// reporting whether there is such a holder.
func (c *numberClash) find(ps []storage.Profile, labels []string) bool {
	var mine []int
	for i := range ps {
		person := journey.PersonIdentity(&ps[i])
		shares := health.SharesANumber(c.who.Identifiers, person.Identifiers) // an SSN by its digits, never a placeholder (F488)
		// the holder: another first name (F459), or another birth date (F466; CompareIdentity
		// takes a shared number over a birth date, so the dates are compared here)
		otherBirth := c.who.BirthDate != "" && person.BirthDate != "" && c.who.BirthDate != person.BirthDate
		switch m := health.CompareIdentity(c.who, person); {
		case shares && c.holder == "" && (!c.birth && m.Name || c.birth && otherBirth):
			c.holder, c.holderName = ps[i].ID, labels[i]
		case !m.Differs() && !shares && person.Name != "" && (!c.birth || !otherBirth):
			mine = append(mine, i)
		}
	}
	if c.holder == "" {
		return false
	}
	if len(mine) == 1 { // two of that name: neither is chosen for the person
		c.mine, c.mineName = ps[mine[0]].ID, labels[mine[0]]
	}
	return true
}

// isNumberClash reports whether an import error is the refusal numberClash asks about.
func isNumberClash(err error) bool {
	return errors.Is(err, cksync.ErrRecordNumberAnotherName) || errors.Is(err, cksync.ErrRecordNumberAnotherBirth)
}

// words are the sentences of the question and the answer that puts the file with its own
// person: "rose.xml is for Rose Lindqvist, born 3 May 2019. It has the same record number as
// Lily Lindqvist, who is here, but another first name: twins, or a mix-up at the clinic?
// Nothing from it was imported." / "Import it for Rose Lindqvist as a new person, or into
// Lily Lindqvist anyway?"
//
// Of a file of several people they say who is in it, whose record number one of them has, and
// what can be done: "twins.json is for Lily Lindqvist (born 3 May 2019) and Rose Lindqvist
// (born 3 May 2019). Rose Lindqvist has the same record number as Lily Lindqvist, who is here,
// but another first name: … Nothing from it was imported." / "A file of several people is
// imported for each of them, and Rose Lindqvist's records cannot be kept apart here: it can
// only go all into one person, with everyone's records in it. A file from the clinic for each
// person keeps them apart. Import all of it into Rose Lindqvist as a new person, or into Lily
// Lindqvist, anyway?"
func (c *numberClash) words() (text, own string) {
	name := headingName(c.who.Name)
	several := c.people != nil
	people, holds := c.people, name
	if !several {
		people, holds = []health.Identity{c.who}, lang.L("It")
	}
	var all []string
	for _, w := range people {
		n := headingName(w.Name)
		if w.BirthDate != "" {
			born := fmt.Sprintf(lang.L("born %s"), birthWords(w.BirthDate))
			if several {
				n += " (" + born + ")"
			} else {
				n += ", " + born
			}
		}
		all = append(all, n)
	}
	text = fmt.Sprintf(lang.L("%s is for %s."), filepath.Base(c.path), joinWords(all, lang.L("and"))) + " "
	if c.birth {
		text += fmt.Sprintf(lang.L("%s has the same record number as %s, who is here, but another birth date: a parent and child of one name, or a mix-up at the clinic? Nothing from it was imported."), holds, c.holderName)
	} else {
		text += fmt.Sprintf(lang.L("%s has the same record number as %s, who is here, but another first name: twins, or a mix-up at the clinic? Nothing from it was imported."), holds, c.holderName)
	}
	text += "\n"
	if several {
		text += fmt.Sprintf(lang.L("A file of several people is imported for each of them, and %s's records cannot be kept apart here: it can only go all into one person, with everyone's records in it. A file from the clinic for each person keeps them apart."), name) + " "
	}
	// The answer and the question, [a file of several][for a new person], of the person the
	// file goes to as its own: the one of its name here, or a new one.
	q := [2][2]struct{ own, ask string }{
		{{lang.L("Import into %s"), lang.L("Import it into %s, who is here too, or into %s anyway?")},
			{lang.L("Import for %s as a new person"), lang.L("Import it for %s as a new person, or into %s anyway?")}},
		{{lang.L("All of it into %s"), lang.L("Import all of it into %s, or into %s, anyway?")},
			{lang.L("All of it into %s as a new person"), lang.L("Import all of it into %s as a new person, or into %s, anyway?")}},
	}[b2i(several)][b2i(c.mine == "")]
	to := c.mineName
	if c.mine == "" {
		to = name
	}
	return text + fmt.Sprintf(q.ask, to, c.holderName), fmt.Sprintf(q.own, to)
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clashQuestion is the open question about a refused file.
type clashQuestion struct {
	dialog          dialog.Dialog
	own, into, stop *widget.Button
}

// askNumberClash asks whose records the refused file holds, and imports it as answered.
func (m *mainScreen) askNumberClash(c *numberClash) {
	text, own := c.words()
	q := &clashQuestion{}
	answer := func(jobs []importJob) func() {
		return func() {
			q.dialog.Hide()
			if m.clash == q {
				m.clash = nil
			}
			m.runImport(jobs)
		}
	}
	job := importJob{path: c.path, profile: c.mine}
	if c.mine == "" {
		who := c.who
		job.newPerson = &who
	}
	icon := theme.ContentAddIcon() // a new person
	if c.mine != "" {
		icon = theme.AccountIcon()
	}
	q.own = widget.NewButtonWithIcon(own, icon, answer([]importJob{job}))
	into := fmt.Sprintf(lang.L("Into %s anyway"), c.holderName)
	if c.people == nil {
		q.own.Importance = widget.HighImportance
	} else {
		into = fmt.Sprintf(lang.L("All of it into %s"), c.holderName) // everyone's records: nothing is the clear answer
	}
	q.into = widget.NewButton(into, answer(jobsFor([]string{c.path}, c.holder)))
	q.stop = widget.NewButton(lang.L("Cancel"), answer(nil)) // nothing is imported
	// As the identity question: the sentences, then the answers, scrolling as a whole (F128).
	col := container.New(&upToColumn{width: 440 * min(textScale(), 1.6)}, paragraph(text),
		container.NewGridWithColumns(1, q.own, q.into, q.stop))
	scroll := container.NewVScroll(col)
	d := dialog.NewCustomWithoutButtons(lang.L("Whose records are these?"), scroll, m.u.win)
	chrome := d.MinSize().Height - scroll.MinSize().Height
	q.dialog = d
	m.clash = q
	escapePresses(d, q.stop)
	fitDialog(d, m.u.win, 520, chrome+col.MinSize().Height)
	d.Show()
}

// importAsNew imports job's file for a new person made of the file's name and birth date
// (job.newPerson): the import cannot add them itself, as it puts the file with the holder of
// its record number. The person is removed again when nothing could be imported.
func importAsNew(ctx context.Context, v *storage.Vault, in *intake.Input, job importJob, opt intake.Options) (*intake.Summary, error) {
	birth := job.newPerson.BirthDate
	if len(birth) != len("2006-01-02") {
		birth = "" // a year or a month alone: the import sets what the record says
	}
	p, err := v.AddProfile(job.newPerson.Name, birth)
	if err != nil {
		return nil, err
	}
	opt.Profile = p.ID
	s, err := in.Import(ctx, v, opt)
	if err != nil {
		// The person made is empty; one that could not be removed again is said, not left
		// behind without a word (it was best effort, its error dropped).
		if derr := removeNewPerson(context.WithoutCancel(ctx), v, p.ID); derr != nil {
			return s, fmt.Errorf("%w; the new person made for this file could not be removed again (remove them on People): %w", err, derr)
		}
		return s, err
	}
	if s != nil && !slices.Contains(s.NewPeople, p.ID) {
		s.NewPeople = append(s.NewPeople, p.ID) // "for Rose Lindqvist (new)", as the import says of its own
	}
	return s, nil
}

// removeNewPerson removes the person importAsNew made when nothing could be imported (a
// variable: a test makes it fail).
var removeNewPerson = func(ctx context.Context, v *storage.Vault, id string) error {
	_, err := v.DeleteProfile(ctx, id)
	return err
}

// clashButton is the results' way to the question, under the line of a refused file among
// several.
func (m *mainScreen) clashButton(c *numberClash) *fyne.Container {
	bt := widget.NewButtonWithIcon(lang.L("Choose whose records…"), theme.AccountIcon(), func() {
		if m.results != nil {
			m.results.dialog.Hide()
		}
		m.askNumberClash(c)
	})
	return container.NewHBox(bt)
}
