package guides

import "testing"

// F505: a carer looking at Ren's page read the guide's questions in Ren's own words — "What
// blood pressure should I aim for?", "Is my home monitor accurate?" — as questions about
// themselves. QuestionsAbout asks them about the person.
func TestQuestionsAboutThePerson(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"Should I change what I eat?", "Should Ren Tanaka change what they eat?"},
		{"What kind of anxiety do I have, and which treatments suit it?", "What kind of anxiety does Ren Tanaka have, and which treatments suit it?"},
		{"Do I need a chest examination or an X-ray?", "Does Ren Tanaka need a chest examination or an X-ray?"},
		{"Is my home monitor accurate? Can I bring it to check against yours?", "Is Ren Tanaka's home monitor accurate? Can they bring it to check against yours?"},
		{"Are my pain medicines still right for me?", "Are Ren Tanaka's pain medicines still right for them?"},
		{"Which medicines, including ones I buy, should I avoid or check with you first?", "Which medicines, including ones Ren Tanaka buys, should they avoid or check with you first?"},
		{"What should I do about my medicines on days I am ill and cannot eat?", "What should Ren Tanaka do about their medicines on days they are ill and cannot eat?"},
		{"What should I do if I feel unwell between appointments, and who do I call?", "What should Ren Tanaka do if they feel unwell between appointments, and who do they call?"},
		{"Is there a pain-management programme or physiotherapy I can join?", "Is there a pain-management programme or physiotherapy Ren Tanaka can join?"},
		{"Is it safe for me to drive?", "Is it safe for Ren Tanaka to drive?"},
		{"How much weight gain should make me call you?", "How much weight gain should make Ren Tanaka call you?"},
		{"When should I have a blood sugar test after the birth, and how often after that?", "When should Ren Tanaka have a blood sugar test after the birth, and how often after that?"},
	} {
		if got := AboutThePerson(c.q, "Ren Tanaka"); got != c.want {
			t.Errorf("AboutThePerson(%q)\n got %q\nwant %q", c.q, got, c.want)
		}
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range all {
		for i, q := range g.QuestionsAbout("Ren Tanaka") {
			if ws := firstPerson(q); ws != "" {
				t.Errorf("%s question %d still says %q: %q", g.Slug, i, ws, q)
			}
		}
		if got := g.QuestionsAbout(""); len(got) != len(g.Questions) || len(got) > 0 && got[0] != g.Questions[0] {
			t.Errorf("%s: QuestionsAbout(\"\") is not the questions as written", g.Slug)
		}
	}
}

// firstPerson is a first-person word of q ("I", "my", "me"), "" for none.
func firstPerson(q string) string {
	for _, w := range splitWords(q) {
		switch w {
		case "I", "my", "My", "me", "myself", "I'm", "I've":
			return w
		}
	}
	return ""
}

func splitWords(q string) []string {
	var out []string
	cur := ""
	for _, r := range q + " " {
		if r == ' ' || r == ',' || r == '?' || r == '.' || r == ';' {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
			continue
		}
		cur += string(r)
	}
	return out
}
