package guides

import (
	"strings"
	"unicode"
)

// QuestionsAbout are the guide's questions for the next visit as someone else asks them about
// the person named name — a carer looking at Ren's page: "What blood pressure should Ren Tanaka
// aim for, and how often should they measure at home?", "Is Ren Tanaka's home monitor
// accurate?" — not in the person's own words ("should I", "my"), which the carer would be
// asking about themselves (F505). The person is named the first time, "they" after; a verb
// after the person agrees with them ("what Ren Tanaka eats", "does Ren Tanaka need"). name ""
// gives the questions as written.
func (g *Guide) QuestionsAbout(name string) []string {
	if name == "" {
		return g.Questions
	}
	out := make([]string, len(g.Questions))
	for i, q := range g.Questions {
		out[i] = AboutThePerson(q, name)
	}
	return out
}

// auxiliaries are the words after which "I" keeps its verb as written ("should I aim").
var auxiliaries = map[string]bool{"should": true, "can": true, "could": true, "would": true, "will": true,
	"may": true, "might": true, "must": true, "shall": true, "do": true, "does": true, "did": true}

// AboutThePerson is a question in the first person ("Should I change what I eat?") asked about
// name: "Should Ren Tanaka change what they eat?" (QuestionsAbout).
func AboutThePerson(q, name string) string {
	ws := strings.Fields(q)
	named := false
	subject := func() string { // the person as the subject of a verb
		if named {
			return "they"
		}
		named = true
		return name
	}
	for i := 0; i < len(ws); i++ {
		w, tail := splitTail(ws[i])
		prev := ""
		if i > 0 {
			prev = strings.ToLower(strings.Trim(ws[i-1], ",;:?"))
		}
		switch strings.ToLower(w) {
		case "i":
			s := subject()
			switch {
			case prev == "do" || prev == "am" || prev == "have":
				// "Do I need" → "Does Ren need" / "do they need"; "am I" → "is Ren" / "are they"
				ws[i-1] = keepCase(ws[i-1], agree(prev, s))
			case !auxiliaries[prev] && i+1 < len(ws):
				// "what I eat" → "what Ren eats" / "what they eat"
				if v, vt := splitTail(ws[i+1]); isWord(v) && !auxiliaries[v] { // "I can join" stays "can"
					ws[i+1] = agree(v, s) + vt
				}
			}
			ws[i] = s + tail
			if i == 0 {
				ws[i] = capital(ws[i])
			}
		case "me", "myself":
			if named {
				ws[i] = "them" + tail
			} else {
				named = true
				ws[i] = name + tail
			}
		case "my":
			p := "their"
			if !named {
				named = true
				p = name + "'s"
			}
			if i == 0 {
				p = capital(p)
			}
			ws[i] = p + tail
		}
	}
	return strings.Join(ws, " ")
}

// agree is verb v as said with subject s: "they" keeps it ("am" is "are"), a name takes the
// third person ("do" → "does", "have" → "has", "am" → "is", "need" → "needs").
func agree(v, s string) string {
	lv := strings.ToLower(v)
	if s == "they" {
		if lv == "am" {
			return "are"
		}
		return v
	}
	switch lv {
	case "am":
		return "is"
	case "do", "go":
		return v + "es"
	case "have":
		return "has"
	}
	switch {
	case strings.HasSuffix(lv, "s") || strings.HasSuffix(lv, "sh") || strings.HasSuffix(lv, "ch") || strings.HasSuffix(lv, "x"):
		return v + "es"
	case strings.HasSuffix(lv, "y") && len(lv) > 1 && !strings.ContainsRune("aeiou", rune(lv[len(lv)-2])):
		return v[:len(v)-1] + "ies"
	}
	return v + "s"
}

// splitTail splits a word from the punctuation after it ("I?" → "I", "?").
func splitTail(w string) (string, string) {
	i := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || r == '\'' })
	return w[:i+1], w[i+1:]
}

func isWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLower(r) }) < 0
}

func keepCase(old, w string) string {
	if old != "" && unicode.IsUpper(rune(old[0])) {
		return capital(w)
	}
	return w
}

func capital(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}
