package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"carekeeper/internal/health"
	"carekeeper/internal/identity"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"
)

// Two people of the vault who may be one person recorded twice ("Lucía Herrera Martín" from
// one portal, "Lucia Herrera" from another, born the same day) stayed two, each reminded of
// the same insulin, and nothing said so (F513). 'profile list' says it, with the command;
// 'profile join' joins them, as 'household same-person' does (hhvault.JoinPeople). CareKeeper
// never joins two people by itself.

// joinCommand is the command that joins a pair, as said.
func joinCommand(p identity.Pair) string {
	return "carekeeper profile join --keep " + p.Keep.ID + " --from " + p.From.ID + " --yes"
}

// mayBeOneLine says a pair: "Lucia Herrera may be the same person as Lucía Herrera Martín (both
// born 19 Jul 1992): if so, join them with `carekeeper profile join --keep K --from F --yes`
// (Lucia Herrera's records move to Lucía Herrera Martín). CareKeeper does not join two people by
// itself". label names a person as the list does.
func mayBeOneLine(p identity.Pair, label func(string) string) string {
	if p.OtherGivenNames {
		// F520: "Peggy O'Brien" beside "Margaret Mary O'Brien": a short name, or twins.
		return fmt.Sprintf("%s and %s have one birth date (%s), sex and family name, and other given names: one person by another name, or two (twins)? "+
			"If one, join them with `carekeeper profile join --keep %s --from %s --other-names --yes` (%s's records move to %s); "+
			"if two, say so with `carekeeper profile apart --profile %s --other %s` (not asked again). CareKeeper does not join two people by itself.",
			label(p.From.ID), label(p.Keep.ID), health.DayWords(p.Keep.BirthDate), p.Keep.ID, p.From.ID, label(p.From.ID), label(p.Keep.ID), p.Keep.ID, p.From.ID)
	}
	if p.Undated {
		// F520: a file whose Patient gives no birth date, beside a person of its names.
		return fmt.Sprintf("%s may be the same person as %s (%s): if so, join them with `%s` (%s's records move to %s); "+
			"if two, say so with `carekeeper profile apart --profile %s --other %s` (not asked again). CareKeeper does not join two people by itself.",
			label(p.From.ID), label(p.Keep.ID), undatedWords(p, label), joinCommand(p), label(p.From.ID), label(p.Keep.ID), p.Keep.ID, p.From.ID)
	}
	return fmt.Sprintf("%s may be the same person as %s (both born %s): if so, join them with `%s` (%s's records move to %s). CareKeeper does not join two people by itself.",
		label(p.From.ID), label(p.Keep.ID), health.DayWords(p.Keep.BirthDate), joinCommand(p), label(p.From.ID), label(p.Keep.ID))
}

// undatedWords says which of an Undated pair has no birth date: "Peggy O'Brien's records give
// no birth date; Margaret Mary O'Brien was born 14 Aug 1942", "neither's records give a birth
// date".
func undatedWords(p identity.Pair, label func(string) string) string {
	if p.Keep.BirthDate == "" {
		return "neither's records give a birth date"
	}
	return label(p.From.ID) + "'s records give no birth date; " + label(p.Keep.ID) + " was born " + health.DayWords(p.Keep.BirthDate)
}

// mayBeOneOf are the ids each person may be the same person as (profile list --json).
func mayBeOneOf(pairs []identity.Pair) map[string][]string {
	out := map[string][]string{}
	for _, p := range pairs {
		out[p.Keep.ID] = append(out[p.Keep.ID], p.From.ID)
		out[p.From.ID] = append(out[p.From.ID], p.Keep.ID)
	}
	return out
}

// runProfileJoin joins --from into --keep: every record of --from, with their reminder settings
// where --keep has none, moves to --keep, and --from is deleted (hhvault.JoinPeople). In a
// household it goes through the household (this computer must manage both) and cannot be
// undone; refused, with nothing changed, for two people of other birth dates or names.
func runProfileJoin(ctx context.Context, c *call) error {
	var keep, from string
	var yes, otherNames bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.BoolVar(&otherNames, "other-names", false, "they are one person by other given names (the same family name, birth date and sex: 'profile list' asks)")
		fs.StringVar(&keep, "keep", "", "the person who stays")
		fs.StringVar(&from, "from", "", "the person joined into them: their records move to --keep, then they go")
		fs.BoolVar(&yes, "yes", false, "join them without asking")
	}); err != nil {
		return err
	}
	if keep == "" || from == "" {
		return usagef("--keep and --from are required ('profile list' says who may be one person, with the command)")
	}
	if !yes && c.env.ReadPassword == nil {
		return usagef("joining moves every record of --from to --keep and deletes --from; it cannot be undone: add --yes (no terminal to ask on)")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	pk, err := v.Profile(keep)
	if err != nil {
		return fmt.Errorf("--keep: %w", err)
	}
	pf, err := v.Profile(from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if !yes {
		n, err := recordCount(ctx, v, from)
		if err != nil {
			return err
		}
		textf(c.env.Stderr, "Join %s into %s? Only if they are the same person: two people can have one name and birth date. %s of %s move to %s, and %s is deleted. It cannot be undone.\nType yes to join them: ",
			pf.Name, pk.Name, health.Count(n, "record", ""), pf.Name, pk.Name, pf.Name)
		line, _ := bufio.NewReader(c.env.Stdin).ReadString('\n')
		if strings.TrimSpace(strings.ToLower(line)) != "yes" {
			return errors.New("nothing joined")
		}
	}
	// In a household, through it: the household's own same-person path (a shared person is
	// deleted on every device, and this computer must manage both).
	return joinPeopleAndSay(ctx, c, v, keep, from, otherNames, func(j hhvault.JoinedPeople) string {
		return j.KeepName + " (" + j.Keep + ")"
	})
}

// joinPeopleAndSay joins from into keep (hhvault.JoinPeopleOf, through the household when
// this computer is in one) and says so: "A and B are one person now: 6 records moved to
// <to(j)>", and that the household learns it; the JSON gives keep, from and the records moved.
// 'profile join' and 'household same-person' both answer with it.
func joinPeopleAndSay(ctx context.Context, c *call, v *storage.Vault, keep, from string, otherNames bool, to func(hhvault.JoinedPeople) string) error {
	h, err := householdOrNone(ctx, c, v, "join them")
	if err != nil {
		return err
	}
	// Two of one name are told apart by their birth dates: "Maxime Leblanc-Nguyen (born 11 Feb
	// 2015) and Maxime Leblanc-Nguyen (no birth date) are one person now" (F520).
	born := map[string]string{}
	for _, id := range []string{keep, from} {
		if p, err := v.Profile(id); err == nil {
			born[id] = "no birth date"
			if p.BirthDate != "" {
				born[id] = "born " + health.DayWords(p.BirthDate)
			}
		}
	}
	j, err := hhvault.JoinPeopleOf(ctx, v, h, keep, from, otherNames)
	if errors.Is(err, hhvault.ErrNotJoined) {
		return &sayErr{err.Error(), err}
	}
	if err != nil {
		return err
	}
	if c.json {
		if err := c.printJSON(struct {
			Keep    string `json:"keep"`
			From    string `json:"from"`
			Records int    `json:"records"`
		}{j.Keep, j.From, j.Records}); err != nil {
			return err
		}
	} else {
		learns := ""
		if h != nil {
			learns = "; the household learns it at the next exchange"
		}
		kn, fn := j.KeepName, j.FromName
		if kn == fn {
			kn, fn = kn+" ("+born[keep]+")", fn+" ("+born[from]+")"
		}
		textf(c.env.Stdout, "%s and %s are one person now: %s moved to %s%s.\n",
			kn, fn, countOf(j.Records, "record", "records"), to(j), learns)
		// which of their medicines are one now, and which of one ingredient stay two (F536)
		for _, line := range j.MedicineWords("'carekeeper medicines --profile " + j.Keep + "'") {
			textf(c.env.Stdout, "%s\n", line)
		}
	}
	return v.Close()
}

// recordCount counts a person's records.
func recordCount(ctx context.Context, v *storage.Vault, profile string) (int, error) {
	counts, err := v.TypeCounts(ctx, profile)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, k := range counts {
		n += k
	}
	return n, nil
}

// mayBeOnePairs are the people of the vault who may be one (cksync.MayBeOnePeople); a failure
// to read them leaves the lines unsaid, not the list.
func mayBeOnePairs(v *storage.Vault) []identity.Pair {
	ps, err := cksync.MayBeOnePeople(v)
	if err != nil {
		return nil
	}
	return ps
}

// runProfileApart remembers that two people 'profile list' asks about are two ("They are two
// people": twins, or two of one family name and birth date): not asked again (F520).
func runProfileApart(ctx context.Context, c *call) error {
	var a, b string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&a, "profile", "", "one of the two")
		fs.StringVar(&b, "other", "", "the other")
	}); err != nil {
		return err
	}
	if a == "" || b == "" {
		return usagef("--profile and --other are required ('profile list' names the two)")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	pa, err := v.Profile(a)
	if err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	pb, err := v.Profile(b)
	if err != nil {
		return fmt.Errorf("--other: %w", err)
	}
	if err := cksync.KeepApart(ctx, v, a, b); err != nil {
		return err
	}
	if !c.json {
		textf(c.env.Stdout, "%s and %s are two people: CareKeeper will not ask again, on this computer or on the household's devices that hold them.\n", pa.Name, pb.Name)
	}
	return v.Close()
}
