package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/internal/journey"
	"carekeeper/storage"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Importing into a chosen person checks first that the files are about them: a file whose
// Patient has another name or birth date (health.CompareIdentity) is asked about — import as
// a new person, into this person anyway, or cancel — so one person's records never land in
// another's without a word.

// mismatch is a file (or the parts of one multi-part health card) about someone else than
// the chosen person, in words.
type mismatch struct {
	paths []string        // the file, or every part of the card
	who   health.Identity // the person the file is about
	// all are every Patient of the file other than the chosen person (who first): a file of
	// several people adds or files each of them (F346).
	all      []health.Identity
	sentence string // "a.json is for Liz Conn (born 1986), not Mum (born 1950)"
	// also: the file holds the chosen person too ("… as well as Lily"): each of its people's
	// records go to their own person, never the whole file into one of them (F455: a clinic
	// file of twins put Lily's peak flow and weight into Rose's charts).
	also bool
}

// otherPerson is one person the mismatching files are about: someone already in the vault
// (profile set) or a new person the import adds (profile "").
type otherPerson struct {
	who     health.Identity
	profile string // the vault's person they are, "" for a new person
	name    string // the vault's name for them, or the file's
	group   int    // 1, 2, …: the files of one new person go to the person the first one adds
}

// identityQuestion is the dialog asking what to do with files about someone else.
type identityQuestion struct {
	dialog             dialog.Dialog
	text               *widget.Label
	asNew, into, abort *widget.Button
}

// checkIdentity compares the files' Patients with profile in the background, then imports
// (asking first about the files that differ). The parts of a multi-part health card, one QR
// image each, are joined to learn whose card it is.
func (m *mainScreen) checkIdentity(paths []string, profile string) {
	v, ctx := m.v, m.u.ctx
	var (
		found  []mismatch
		people []otherPerson
		err    error
	)
	m.u.goVault(func() {
		var p *storage.Profile
		if p, err = v.Profile(profile); err != nil {
			return
		}
		var all []storage.Profile
		if all, err = v.Profiles(); err != nil {
			return
		}
		person := journey.PersonIdentityOf(v, p) // with the names their records give (F561)
		// name is how the sentence names the file: "liz.json is for Liz Conn (born 1986), not
		// Mum (born 1950)", "… as well as Mum" when the file is Mum's too (every Patient of it
		// is compared: journey.CompareFile).
		check := func(paths []string, name string, patients []byte) {
			if patients == nil {
				return
			}
			if mm := journey.CompareFile(person, patients); mm.Differs() {
				sentence := mm.Sentence(name)
				// A file saying its person (born on another day) died would show the living
				// person chosen as having died and stop their reminders: said before the
				// answers (F145). A read error leaves the question as it was.
				opt := intake.Options{Device: m.u.rem.device}
				if a, _ := intake.AskDeath(v, profile, patients, opt); a != nil {
					sentence += ". " + strings.TrimSuffix(a.Sentence(labelOf(all, profile)), ".")
				}
				all := append([]health.Identity{mm.File}, mm.Others...)
				found = append(found, mismatch{paths: paths, who: mm.File, all: all, sentence: sentence, also: mm.Also})
			}
		}
		var parts intake.Parts
		for _, path := range paths {
			data, err := intake.Patients(ctx, path)
			if err != nil {
				parts.Add(path, err) // a part of a card: checked with the others below
				continue
			}
			check([]string{path}, filepath.Base(path), data)
		}
		if in, err := parts.Join(); err == nil && in != nil {
			names := make([]string, len(parts.Paths()))
			for i, p := range parts.Paths() {
				names[i] = filepath.Base(p)
			}
			// one card in several files: "The health card in part1.png and part2.png is for …"
			check(parts.Paths(), "The health card in "+joinWords(names, "and"), in.PatientFile())
		}
		people = otherPeople(found, all, profile)
	}, func() {
		if !m.current() {
			return
		}
		if err != nil {
			showError(m.u.win, lang.L("Could not import"), err)
			return
		}
		if len(found) == 0 {
			m.runImport(jobsFor(paths, profile))
			return
		}
		m.askIdentity(paths, profile, found, people)
	})
}

// otherPeople are the people the mismatching files are about, each once: files about the same
// person (health.CompareIdentity) are one, and someone already in the vault (other than
// profile) is that person.
func otherPeople(found []mismatch, all []storage.Profile, profile string) []otherPerson {
	var out []otherPerson
	labels := personLabels(all)
	for _, f := range found {
		ids := f.all
		if len(ids) == 0 {
			ids = []health.Identity{f.who}
		}
		for _, who := range ids {
			known := false
			for _, o := range out {
				if samePerson(who, o.who) {
					known = true
					break
				}
			}
			if known {
				continue
			}
			o := otherPerson{who: who, name: who.Name}
			if o.name == "" {
				o.name = "someone without a name"
			}
			// Someone here of the file's very name and birth date comes before someone found by
			// the record number alone: a son's clinic summary carrying his late father's number
			// (same name, another birth date) offered "Import into Kenji Nakamura (born 1946)",
			// the father, beside the son born 1974 (F466).
			best, exact := -1, false
			for i, p := range all {
				person := health.Identity{Name: p.Name, BirthDate: p.BirthDate, Identifiers: p.Identifiers}
				if p.ID == profile || !samePerson(who, person) {
					continue
				}
				byName := who.BirthDate != "" && who.BirthDate == p.BirthDate &&
					!health.CompareIdentity(health.Identity{Name: who.Name, BirthDate: who.BirthDate}, health.Identity{Name: p.Name, BirthDate: p.BirthDate}).Differs()
				if best < 0 || byName && !exact {
					best, exact = i, byName
				}
			}
			if best >= 0 {
				o.profile, o.name = all[best].ID, labels[best] // "Grace Okafor (born 1979)" beside the child of that name (F82)
			}
			out = append(out, o)
		}
	}
	for i := range out {
		out[i].group = i + 1
	}
	return out
}

// samePerson reports whether two identities are one person: a shared identifier, or names
// (and birth dates where both are known) that agree. Without a name nobody is recognised.
func samePerson(a, b health.Identity) bool {
	if health.CompareIdentity(a, b).Differs() {
		return false
	}
	// a number read as the domain reads it: an SSN by its digits, never a placeholder (F488)
	if health.SharesANumber(a.Identifiers, b.Identifiers) {
		return true
	}
	return a.Name != "" && b.Name != ""
}

// personOf is the other person a mismatching file is about. A file of several people is
// imported for whoever each of its Patients is (profile "", no group): someone already here
// or a new person each, not all of them into the first one's.
func personOf(f mismatch, people []otherPerson) otherPerson {
	if len(f.all) > 1 || f.also {
		return otherPerson{}
	}
	for _, o := range people {
		if samePerson(f.who, o.who) {
			return o
		}
	}
	return otherPerson{}
}

// identityWords are the question and its answer button for files about other people than
// into: "Import this file as a new person, or into Mum anyway?" / "Import as a new person";
// "Import these 3 files as 2 new people (Liz Conn, Tom Conn), or into Mum anyway?" / "Import
// as 2 new people"; "Import these 2 files into Dad and a new person (Liz Conn), or into Mum
// anyway?" / "Import into Dad and a new person".
func identityWords(files int, people []otherPerson, into string) (question, button string) {
	existing, newNames := splitPeople(people)
	target := existing
	if len(newNames) == 1 {
		target = append(target, "a new person")
	} else if len(newNames) > 1 {
		target = append(target, health.Count(len(newNames), "new person", "new people"))
	}
	verb := "into "
	if len(existing) == 0 {
		verb = "as "
	}
	button = "Import " + verb + joinWords(target, "and")
	question = "Import " + filesWords(files) + " " + verb + joinWords(target, "and")
	if len(newNames) > 0 && (len(newNames) > 1 || len(existing) > 0) {
		question += " (" + strings.Join(newNames, ", ") + ")"
	}
	question += ", or into " + into + " anyway?"
	return question, button
}

// eachOwnWords are identityWords for files that hold the person chosen (into) as well as
// others: each person's records go to their own person. "Import this file for Rose Lindqvist
// and Lily Lindqvist, each person's records into their own?" / "Import each into their own
// person" (the names are in the question: a button does not wrap); with a new person, "… and
// a new person (Tom Conn)". When
// some file asked about is not the chosen person's (allAlso false), "or all into Lily anyway?"
// is asked too.
func eachOwnWords(files int, people []otherPerson, into string, allAlso bool) (question, button string) {
	names, newNames := splitPeople(people)
	names = append(names, into)
	switch {
	case len(newNames) == 1:
		names = append(names, "a new person")
	case len(newNames) > 1:
		names = append(names, health.Count(len(newNames), "new person", "new people"))
	}
	question = "Import " + filesWords(files) + " for " + joinWords(names, "and")
	if len(newNames) > 0 {
		question += " (" + strings.Join(newNames, ", ") + ")"
	}
	question += ", each person's records into their own"
	if !allAlso {
		question += ", or all into " + into + " anyway"
	}
	return question + "?", "Import each into their own person"
}

// splitPeople are the names of the people already here and of the new people, in order.
func splitPeople(people []otherPerson) (existing, newNames []string) {
	for _, o := range people {
		if o.profile != "" {
			existing = append(existing, o.name)
		} else {
			newNames = append(newNames, o.name)
		}
	}
	return existing, newNames
}

// filesWords is "this file" or "these 3 files".
func filesWords(files int) string {
	if files > 1 {
		return fmt.Sprintf("these %d files", files)
	}
	return "this file"
}

// joinWords is "a", "a and b", "a, b and c".
func joinWords(words []string, and string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

// askIdentity asks whether the files in found go to the people they are about (a person
// already in the vault, or a new one) or to profile anyway (the other files go to profile),
// or whether nothing is imported.
func (m *mainScreen) askIdentity(paths []string, profile string, found []mismatch, people []otherPerson) {
	name := m.personName(profile)
	other := map[string]otherPerson{} // by path
	var lines []string
	files := 0
	for _, f := range found {
		for _, p := range f.paths {
			other[p] = personOf(f, people)
		}
		files += len(f.paths)
		lines = append(lines, f.sentence+".")
	}
	question, button := identityWords(files, people, name)
	// A file that is the chosen person's too is imported for each of its people (personOf):
	// it is said so, and putting it all into the chosen person is not offered when every file
	// asked about is theirs too (F455: either answer put both twins' records into one).
	also, allAlso := false, true
	for _, f := range found {
		also = also || f.also
		allAlso = allAlso && f.also
	}
	if also {
		question, button = eachOwnWords(files, people, name, allAlso)
	}
	lines = append(lines, question)
	q := &identityQuestion{}
	q.text = paragraph(strings.Join(lines, "\n"))
	theirs := func() []importJob {
		var out []importJob
		for _, p := range paths {
			if o, ok := other[p]; ok {
				out = append(out, importJob{path: p, profile: o.profile, group: o.group})
			} else {
				out = append(out, importJob{path: p, profile: profile})
			}
		}
		return out
	}
	answer := func(run []importJob) func() {
		return func() {
			q.dialog.Hide()
			if m.identity == q {
				m.identity = nil
			}
			m.runImport(run)
		}
	}
	q.asNew = widget.NewButtonWithIcon(button, theme.ContentAddIcon(), answer(theirs()))
	q.asNew.Importance = widget.HighImportance
	q.into = widget.NewButton(fmt.Sprintf(lang.L("Into %s anyway"), name), answer(jobsFor(paths, profile)))
	q.abort = widget.NewButton(lang.L("Cancel"), answer(nil)) // nothing is imported
	buttons := container.NewGridWithColumns(1, q.asNew, q.into, q.abort)
	if allAlso {
		q.into.Hide()
		buttons = container.NewGridWithColumns(1, q.asNew, q.abort)
	}
	// The sentences first, the answers below them, scrolling as a whole: at 200 % text on a
	// 1024×600 screen the answers pinned below left the sentences 1½ lines and the question
	// itself out of sight (F128). The column is narrower in a narrower window.
	col := container.New(&upToColumn{width: 440 * min(textScale(), 1.6)}, q.text, buttons)
	scroll := container.NewVScroll(col)
	d := dialog.NewCustomWithoutButtons(lang.L("Whose records are these?"), scroll, m.u.win)
	// As high as the sentences and answers need, at most the window's height (fitDialog).
	chrome := d.MinSize().Height - scroll.MinSize().Height
	q.dialog = d
	m.identity = q
	fitDialog(d, m.u.win, 520, chrome+col.MinSize().Height)
	d.Show()
}
