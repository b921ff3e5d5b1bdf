package health

import (
	"encoding/json"
	"strconv"
	"strings"

	"carekeeper/internal/guides"
)

// A check-in (internal/journey) is a QuestionnaireResponse to one of CareKeeper's own
// questionnaires, one per guide; these name them.
const (
	// CheckInQuestionnaire + a guide's slug is the canonical URL of its check-in questionnaire.
	CheckInQuestionnaire = "urn:carekeeper:questionnaire:"
	// CheckInSeverity is the link id of a check-in's "how much is it bothering you (0–10)".
	CheckInSeverity = "severity"
)

// questionnaireResponseWords is a questionnaire's answers in words for the Timeline and the
// record's title: "Asthma check-in: A whistling sound when breathing (wheezing); bothered 4
// of 10" — not "QuestionnaireResponse/d5413…" (F90). Answers given as words or numbers are
// listed (free text is not: it is in the record's details).
func questionnaireResponseWords(f map[string]json.RawMessage) string {
	var url string
	_ = json.Unmarshal(f["questionnaire"], &url)
	title := "Questionnaire answers"
	if slug, ok := strings.CutPrefix(url, CheckInQuestionnaire); ok {
		title = "Check-in"
		if g := guides.BySlug(slug); g != nil {
			title = g.Title + " check-in"
		}
	}
	type item struct {
		LinkID string `json:"linkId"`
		Answer []struct {
			ValueCoding  *Coding  `json:"valueCoding"`
			ValueInteger *int64   `json:"valueInteger"`
			ValueDecimal *float64 `json:"valueDecimal"`
			Item         []item   `json:"item"`
		} `json:"answer"`
		Item []item `json:"item"`
	}
	var items []item
	_ = json.Unmarshal(f["item"], &items)
	var words []string
	var walk func(items []item, depth int)
	walk = func(items []item, depth int) {
		for _, it := range items {
			if depth > 8 || len(words) >= 12 {
				return
			}
			for _, a := range it.Answer {
				switch {
				case a.ValueCoding != nil && a.ValueCoding.Words() != "":
					words = append(words, a.ValueCoding.Words())
				case a.ValueInteger != nil && it.LinkID == CheckInSeverity && strings.HasPrefix(url, CheckInQuestionnaire):
					words = append(words, "bothered "+strconv.FormatInt(*a.ValueInteger, 10)+" of 10")
				case a.ValueInteger != nil:
					words = append(words, strconv.FormatInt(*a.ValueInteger, 10))
				case a.ValueDecimal != nil:
					words = append(words, strconv.FormatFloat(*a.ValueDecimal, 'f', -1, 64))
				}
				walk(a.Item, depth+1)
			}
			walk(it.Item, depth+1)
		}
	}
	walk(items, 0)
	if len(words) == 0 {
		return title
	}
	return title + ": " + strings.Join(words, "; ")
}
