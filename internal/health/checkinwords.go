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
				case a.ValueCoding != nil && codingAnswer(*a.ValueCoding) != "" && codingAnswer(*a.ValueCoding) != codeOnlyAnswer:
					words = append(words, codingAnswer(*a.ValueCoding)) // not its code ("LA6560-2")
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

// codeOnlyAnswer is what a coded answer without words reads as: its code would mean nothing
// to the person ("LA6560-2", "1"), and leaving it out would hide that there was an answer.
const codeOnlyAnswer = "an answer given as a code only"

// codingAnswer is a coded answer in words: its display, or FHIR's own words for its code
// ("Y" of yes/no is "Yes"), else codeOnlyAnswer.
func codingAnswer(c Coding) string {
	w := c.Words()
	if w == "" {
		return ""
	}
	if CleanName(c.Display) == "" && w == strings.TrimSpace(c.Code) && !isWordCode(w) {
		return codeOnlyAnswer
	}
	return w
}

// qrItem is an item of a QuestionnaireResponse: a question with its answers (an answer may
// have follow-up questions of its own), or a group of items.
type qrItem struct {
	LinkID string     `json:"linkId"`
	Text   string     `json:"text"`
	Answer []qrAnswer `json:"answer"`
	Item   []qrItem   `json:"item"`
}

type qrAnswer struct {
	ValueBoolean    *bool     `json:"valueBoolean"`
	ValueDecimal    *float64  `json:"valueDecimal"`
	ValueInteger    *int64    `json:"valueInteger"`
	ValueDate       string    `json:"valueDate"`
	ValueDateTime   string    `json:"valueDateTime"`
	ValueTime       string    `json:"valueTime"`
	ValueString     string    `json:"valueString"`
	ValueURI        string    `json:"valueUri"`
	ValueCoding     *Coding   `json:"valueCoding"`
	ValueQuantity   *Quantity `json:"valueQuantity"`
	ValueReference  *Ref      `json:"valueReference"`
	ValueAttachment *struct {
		Title string `json:"title"`
	} `json:"valueAttachment"`
	Item []qrItem `json:"item"`
}

// words is the answer in words ("" for none): a date in words, yes/no, a number, a coded
// answer's words (codingAnswer), free text as written.
func (a *qrAnswer) words(name func(string) string) string {
	switch {
	case a.ValueBoolean != nil && *a.ValueBoolean:
		return "Yes"
	case a.ValueBoolean != nil:
		return "No"
	case a.ValueDecimal != nil:
		return FormatNumber(*a.ValueDecimal)
	case a.ValueInteger != nil:
		return strconv.FormatInt(*a.ValueInteger, 10)
	case a.ValueDate != "":
		return DayWords(a.ValueDate)
	case a.ValueDateTime != "":
		return DayWords(a.ValueDateTime)
	case a.ValueTime != "":
		if len(a.ValueTime) >= 5 {
			return a.ValueTime[:5]
		}
		return a.ValueTime
	case strings.TrimSpace(a.ValueString) != "":
		return strings.TrimSpace(a.ValueString)
	case a.ValueURI != "":
		return a.ValueURI
	case a.ValueCoding != nil:
		return codingAnswer(*a.ValueCoding)
	case a.ValueQuantity != nil && a.ValueQuantity.Value != nil && usable(a.ValueQuantity.Value):
		return Value(a.ValueQuantity.Comparator, *a.ValueQuantity.Value, a.ValueQuantity.UnitLabel())
	case a.ValueReference != nil && a.ValueReference.Display != "":
		return a.ValueReference.Display
	case a.ValueReference != nil && a.ValueReference.Reference != "" && name != nil:
		return name(a.ValueReference.Reference)
	case a.ValueAttachment != nil:
		if t := CleanName(a.ValueAttachment.Title); t != "" {
			return "a file: " + t
		}
		return "a file"
	}
	return ""
}

// maxAnswerLines bounds the lines of one question's answers in a record's details (a
// questionnaire from elsewhere may nest without end).
const maxAnswerLines = 200

// questionnaireFields are the questions of a QuestionnaireResponse and their answers, in
// order, for its details: "Question 1" "Which of these have you noticed?\nWheezing, Coughing
// at night"; a group of questions is a "Part" with its questions below its title, one a line,
// "Name of child: Cameron" (indented under the answer a follow-up question belongs to).
// Questions without an answer are left out; no link id or code is shown.
func questionnaireFields(raw json.RawMessage, name func(string) string) []Field {
	var items []qrItem
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []Field
	questions, parts := 0, 0
	for i := range items {
		it := &items[i]
		var lines []string
		answers := answerWords(it.Answer, name)
		text := strings.TrimSpace(it.Text)
		switch {
		case answers != "":
			if text != "" {
				lines = append(lines, text)
			}
			lines = append(lines, answers)
			for _, a := range it.Answer {
				lines = itemLines(lines, a.Item, 1, name)
			}
			lines = itemLines(lines, it.Item, 1, name)
			if len(lines) == 0 {
				continue
			}
			questions++
			out = append(out, Field{Label: "Question " + strconv.Itoa(questions), Value: strings.Join(lines, "\n")})
		default:
			if text != "" {
				lines = append(lines, text)
			}
			n := len(lines)
			lines = itemLines(lines, it.Item, 1, name)
			if len(lines) == n { // nothing answered in it
				continue
			}
			parts++
			out = append(out, Field{Label: "Part " + strconv.Itoa(parts), Value: strings.Join(lines, "\n")})
		}
	}
	return out
}

// answerWords are an item's answers in words, joined.
func answerWords(answers []qrAnswer, name func(string) string) string {
	var ws []string
	for i := range answers {
		if w := answers[i].words(name); w != "" {
			ws = append(ws, w)
		}
	}
	return strings.Join(ws, ", ")
}

// itemLines adds the lines of nested items, indented by depth: "Name of child: Cameron", a
// group's title alone, a follow-up question under its answer.
func itemLines(lines []string, items []qrItem, depth int, name func(string) string) []string {
	if depth > 8 {
		return lines
	}
	indent := strings.Repeat("    ", depth-1)
	for i := range items {
		if len(lines) >= maxAnswerLines {
			return lines
		}
		it := &items[i]
		text := strings.TrimSpace(it.Text)
		answers := answerWords(it.Answer, name)
		switch {
		case answers != "" && text != "":
			lines = append(lines, indent+questionAnswer(text, answers))
		case answers != "":
			lines = append(lines, indent+answers)
		}
		n := len(lines)
		if answers == "" && text != "" {
			lines = append(lines, indent+text) // a group's title, kept only when something in it is answered
		}
		for _, a := range it.Answer {
			lines = itemLines(lines, a.Item, depth+1, name)
		}
		lines = itemLines(lines, it.Item, depth+1, name)
		if answers == "" && text != "" && len(lines) == n+1 {
			lines = lines[:n]
		}
	}
	return lines
}

// questionAnswer is a question and its answer on one line: "Name of child: Cameron", "Angina?
// Yes" (a question or a label that ends in its own mark takes no colon).
func questionAnswer(question, answer string) string {
	if strings.HasSuffix(question, "?") || strings.HasSuffix(question, ":") {
		return question + " " + answer
	}
	return question + ": " + answer
}
