package fhir

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// OutcomeError is an HTTP error status from the server, with the issues of its
// OperationOutcome body (if it sent one).
//
// Redaction. Each issue reads "severity code: diagnostics (text)", where text is
// details.text (or the first coding's display); either part alone when the other is absent. Because servers echo the
// request in these texts ("Resource Condition/A0000…-K57.80 is not known"), the text is
// redacted before it is kept: URLs become "<url>", the id in a "Type/id" reference becomes
// "…", and any word containing a digit (ids, dates, codes, values) becomes "#"; each part is
// cut at 200 characters. What remains is the server's wording ("Invalid Token Scope", "Must
// have either code or category."), which is what a person or a support desk needs. The
// request URL is never part of the error.
type OutcomeError struct {
	Status int
	Issues []string // severity/code/diagnostics, no data
}

func (e *OutcomeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fhir: the portal answered %d", e.Status)
	if t := http.StatusText(e.Status); t != "" {
		fmt.Fprintf(&b, " %s", t)
	}
	if len(e.Issues) == 0 {
		b.WriteString(" (no OperationOutcome)")
		return b.String()
	}
	b.WriteString(": ")
	b.WriteString(strings.Join(e.Issues, "; "))
	return b.String()
}

func newOutcomeError(status int, body []byte) *OutcomeError {
	return &OutcomeError{Status: status, Issues: outcomeIssues(body)}
}

type outcomeJSON struct {
	ResourceType string `json:"resourceType"`
	Issue        []struct {
		Severity    string `json:"severity"`
		Code        string `json:"code"`
		Diagnostics string `json:"diagnostics"`
		Details     *struct {
			Text   string `json:"text"`
			Coding []struct {
				Display string `json:"display"`
			} `json:"coding"`
		} `json:"details"`
	} `json:"issue"`
}

// outcomeIssues renders an OperationOutcome's issues, redacted; nil for anything else.
func outcomeIssues(body []byte) []string {
	var oo outcomeJSON
	if json.Unmarshal(body, &oo) != nil || oo.ResourceType != "OperationOutcome" {
		return nil
	}
	var out []string
	for _, is := range oo.Issue {
		text := ""
		if is.Details != nil {
			text = is.Details.Text
			if text == "" {
				for _, c := range is.Details.Coding {
					if c.Display != "" {
						text = c.Display
						break
					}
				}
			}
		}
		diag := strings.TrimSpace(is.Diagnostics)
		text = strings.TrimSpace(text)
		switch {
		case diag == "" || diag == text:
			text = Redact(text)
		case text == "":
			text = Redact(diag)
		default: // the diagnostics are usually the specific part
			text = Redact(diag) + " (" + Redact(text) + ")"
		}
		head := strings.TrimSpace(word(is.Severity) + " " + word(is.Code))
		switch {
		case head == "" && text == "":
			continue
		case text == "":
			out = append(out, head)
		case head == "":
			out = append(out, text)
		default:
			out = append(out, head+": "+text)
		}
	}
	return out
}

// word keeps a FHIR code token (severity, issue type) if it looks like one.
func word(s string) string {
	if len(s) > 40 {
		return ""
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return ""
		}
	}
	return s
}

var (
	reURL     = regexp.MustCompile(`(?i)\b(?:https?|urn):[^\s"'<>)\]]+|\S*://\S*`)
	reRef     = regexp.MustCompile(`\b([A-Z][A-Za-z]{2,63})/[A-Za-z0-9\-.]{1,64}`)
	reDigitWd = regexp.MustCompile(`[^\s,;:()\[\]"'<>]*[0-9][^\s,;:()\[\]"'<>]*`)
	reLongTok = regexp.MustCompile(`[A-Za-z0-9_\-.~+/=]{24,}`)
	reSpace   = regexp.MustCompile(`\s+`)
)

// Redact removes what may identify a person or a record from a server message: URLs, the
// ids of "Type/id" references, every word containing a digit (ids, dates, times, values,
// codes) and every run of 24 or more token characters (opaque ids and tokens without
// digits). The result is at most 200 characters.
func Redact(s string) string {
	s = reURL.ReplaceAllString(s, "<url>")
	s = reRef.ReplaceAllString(s, "$1/…")
	s = reDigitWd.ReplaceAllString(s, "#")
	s = reLongTok.ReplaceAllString(s, "#")
	s = strings.TrimSpace(reSpace.ReplaceAllString(s, " "))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}
