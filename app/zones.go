package app

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Time zones found by the place a person lives: 'Los Angeles', 'los', 'tokyo' — the box
// refused all of them and asked for 'America/Los_Angeles' (F196).

var (
	zonesOnce sync.Once
	zonesAll  []string
)

// knownZones is every zone this computer lists (zone1970.tab / zone.tab of its time zone
// database) and the common ones the box always offers, sorted.
func knownZones() []string {
	zonesOnce.Do(func() {
		seen := map[string]bool{}
		add := func(z string) {
			if z != "" && !seen[z] {
				seen[z] = true
				zonesAll = append(zonesAll, z)
			}
		}
		for _, z := range commonZones {
			add(z)
		}
		dirs := []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"}
		if d := os.Getenv("ZONEINFO"); d != "" {
			dirs = append([]string{d}, dirs...)
		}
		for _, d := range dirs {
			for _, tab := range []string{"zone1970.tab", "zone.tab"} {
				f, err := os.Open(filepath.Join(d, tab))
				if err != nil {
					continue
				}
				sc := bufio.NewScanner(f)
				for sc.Scan() {
					line := sc.Text()
					if strings.HasPrefix(line, "#") {
						continue
					}
					if fs := strings.Split(line, "\t"); len(fs) >= 3 {
						add(fs[2])
					}
				}
				f.Close()
			}
		}
		slices.Sort(zonesAll)
	})
	return zonesAll
}

// zoneKey is a name as compared: lower case, '_' and '-' as spaces.
func zoneKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// zonePlace is the place a zone is named after, in words: "Los Angeles" for America/Los_Angeles.
func zonePlace(zone string) string {
	return strings.ReplaceAll(zone[strings.LastIndex(zone, "/")+1:], "_", " ")
}

// findZones are the zones the typed text names: a whole zone name, or a place whose name (or
// a word of it) starts with what is typed, in any case and with spaces for '_'. Exact places
// come first.
func findZones(typed string) []string {
	k := zoneKey(typed)
	if k == "" {
		return nil
	}
	var exact, starts, words []string
	for _, z := range knownZones() {
		place := zoneKey(zonePlace(z))
		switch {
		case zoneKey(z) == k || place == k:
			exact = append(exact, z)
		case strings.HasPrefix(place, k) || strings.HasPrefix(zoneKey(z), k):
			starts = append(starts, z)
		case strings.Contains(" "+place, " "+k):
			words = append(words, z)
		}
	}
	return append(append(exact, starts...), words...)
}

// zoneFor is the zone the typed text stands for: a zone name this computer knows, or the one
// place that matches it ('los angeles', 'Los' → America/Los_Angeles). ok is false when
// nothing or more than one place matches.
func zoneFor(typed string) (string, bool) {
	s := strings.TrimSpace(typed)
	if s == "" {
		return "", true
	}
	if strings.EqualFold(s, "local") {
		return "", false
	}
	if _, err := time.LoadLocation(s); err == nil {
		return s, true
	}
	found := findZones(s)
	var exact []string
	for _, z := range found {
		if zoneKey(z) == zoneKey(s) || zoneKey(zonePlace(z)) == zoneKey(s) {
			exact = append(exact, z)
		}
	}
	if len(exact) == 1 {
		found = exact
	}
	if len(found) != 1 {
		return "", false
	}
	if _, err := time.LoadLocation(found[0]); err != nil {
		return "", false
	}
	return found[0], true
}
