package sync

import (
	"encoding/json"
	"fmt"
	"strings"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
)

// searchPage is what a searchset Bundle (a server's answer to a search, saved as a file) says
// of itself beyond its records: how many matched in all (Bundle.total), whether there is a
// next page (a link "next"), and the server's own messages (entries of search.mode
// "outcome", an OperationOutcome), which are not records of the person and are not stored.
// A file that is one page of many imported "9 added" without a word (F186).
type searchPage struct {
	total    int      // Bundle.total (-1: not given)
	next     bool     // a link with relation "next"
	here     int      // the entries of the file that are records (outcomes left out)
	messages []string // the outcomes' words, each once
}

// maxServerMessages is how many of a server's messages the import line says.
const maxServerMessages = 3

// readSearchPage reads what a searchset Bundle's top says of its page (data is the Bundle, or
// its skeleton without entries; nil for anything that is not a searchset).
func readSearchPage(data []byte) *searchPage {
	var top struct {
		Type  string   `json:"type"`
		Total *float64 `json:"total"`
		Link  []struct {
			Relation string `json:"relation"`
		} `json:"link"`
	}
	if json.Unmarshal(data, &top) != nil || top.Type != "searchset" {
		return nil
	}
	pg := &searchPage{total: -1}
	if top.Total != nil && *top.Total >= 0 && *top.Total < 1e12 {
		pg.total = int(*top.Total)
	}
	for _, l := range top.Link {
		if l.Relation == "next" {
			pg.next = true
		}
	}
	return pg
}

// dropOutcomes takes the entries of search.mode "outcome" out of a searchset Bundle's file
// (data is the Bundle), keeping their messages.
func (pg *searchPage) dropOutcomes(data []byte, file *fhirjson.File) {
	var b struct {
		Entry []struct {
			Search *struct {
				Mode string `json:"mode"`
			} `json:"search"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if json.Unmarshal(data, &b) == nil {
		kept := file.Entries[:0]
		for _, e := range file.Entries {
			i := e.Index - 1
			if i >= 0 && i < len(b.Entry) && e.Info.Type == "OperationOutcome" &&
				(b.Entry[i].Search == nil || b.Entry[i].Search.Mode == "outcome" || b.Entry[i].Search.Mode == "") {
				pg.addMessage(e.Resource)
				continue
			}
			kept = append(kept, e)
		}
		file.Entries = kept
	}
	pg.here = len(file.Entries)
}

// addMessage keeps the words of an OperationOutcome's issues.
func (pg *searchPage) addMessage(res []byte) {
	var oo struct {
		Issue []struct {
			Diagnostics string `json:"diagnostics"`
			Details     struct {
				Text string `json:"text"`
			} `json:"details"`
		} `json:"issue"`
	}
	if json.Unmarshal(res, &oo) != nil {
		return
	}
	for _, is := range oo.Issue {
		m := strings.TrimSpace(is.Details.Text)
		if m == "" {
			m = strings.TrimSpace(is.Diagnostics)
		}
		m = strings.Join(strings.FieldsFunc(m, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' || isControl(r) }), " ")
		if m != "" && len(pg.messages) < maxServerMessages && !containsString(pg.messages, m) {
			pg.messages = append(pg.messages, health.Fit(m, 160))
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SearchPage is what an import says of a file that is a server's search answer: one page of
// more (Total in all, Here in the file) and what the server said (its messages, not stored).
type SearchPage struct {
	Total    int      `json:"total,omitempty"`
	Here     int      `json:"here"`
	More     bool     `json:"more,omitempty"` // a next page exists, or Total is above Here
	Messages []string `json:"server_said,omitempty"`
}

func (pg *searchPage) summary() *SearchPage {
	if pg == nil {
		return nil
	}
	more := pg.next || pg.total > pg.here
	if !more && len(pg.messages) == 0 {
		return nil
	}
	t := pg.total
	if t < 0 {
		t = 0
	}
	return &SearchPage{Total: t, Here: pg.here, More: more, Messages: pg.messages}
}

// words says it on the import line.
func (sp *SearchPage) words() []string {
	var out []string
	if sp.More {
		switch {
		case sp.Total > sp.Here:
			out = append(out, fmt.Sprintf("this file is one page of a search (%d in all, %d here): the rest are not in it", sp.Total, sp.Here))
		default:
			out = append(out, fmt.Sprintf("this file is one page of a search (%d here): the rest are not in it", sp.Here))
		}
	}
	for _, m := range sp.Messages {
		out = append(out, "the server that made it said: \""+m+"\" (not kept as a record)")
	}
	return out
}
