package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Page is one page of a search (or history) Bundle.
type Page struct {
	Resources  [][]byte  // entry[].resource with search.mode match or include (compact JSON, verbatim)
	Deleted    []string  // "Type/id" for entries with request.method DELETE / response 410 (history), if any
	Next, Self string    // link urls (absolute)
	Total      int       // -1 when absent
	ServerTime time.Time // from the Date response header (watermarks use the server's clock)
	// Warnings are the issues of OperationOutcome entries with search.mode "outcome" (or an
	// OperationOutcome entry without a mode), redacted like OutcomeError.Issues, e.g. Epic's
	// "warning suppressed: Client not authorized for CarePlan - Dental CarePlan. …".
	Warnings []string
}

type bundleJSON struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Total        *int   `json:"total"`
	Link         []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
	Entry []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
		Search   *struct {
			Mode string `json:"mode"`
		} `json:"search"`
		Request *struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
		Response *struct {
			Status string `json:"status"`
		} `json:"response"`
	} `json:"entry"`
}

// ParsePage parses a searchset (or history) Bundle. Entries with search.mode match or
// include (or no mode) become Resources, verbatim but compacted; OperationOutcome entries
// with mode outcome (or no mode) become Warnings, never Resources; history entries that
// record a deletion become Deleted. Links are returned as written (Client.Search resolves
// and checks them). Errors never quote the body.
func ParsePage(body []byte) (*Page, error) {
	var b bundleJSON
	if err := json.Unmarshal(body, &b); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("fhir: the page is not valid JSON (at byte %d)", se.Offset)
		}
		return nil, errors.New("fhir: the page is not a valid FHIR Bundle")
	}
	if b.ResourceType != "Bundle" {
		if b.ResourceType == "OperationOutcome" {
			return nil, newOutcomeError(200, body)
		}
		return nil, errors.New("fhir: the page is not a Bundle")
	}
	p := &Page{Total: -1}
	if b.Total != nil {
		p.Total = *b.Total
	}
	for _, l := range b.Link {
		switch l.Relation {
		case "next":
			p.Next = l.URL
		case "self":
			p.Self = l.URL
		}
	}
	for i, e := range b.Entry {
		if e.Request != nil && strings.EqualFold(e.Request.Method, "DELETE") ||
			e.Response != nil && strings.HasPrefix(strings.TrimSpace(e.Response.Status), "410") {
			if ref := deletedRef(e.Request, e.FullURL); ref != "" {
				p.Deleted = append(p.Deleted, ref)
			}
			continue
		}
		raw := bytes.TrimSpace(e.Resource)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		rt := resourceTypeOf(raw)
		if rt == "" {
			return nil, fmt.Errorf("fhir: page entry %d is not a FHIR resource", i)
		}
		mode := ""
		if e.Search != nil {
			mode = e.Search.Mode
		}
		if mode == "outcome" || (mode == "" && rt == "OperationOutcome") {
			p.Warnings = append(p.Warnings, outcomeIssues(raw)...)
			continue
		}
		if mode != "" && mode != "match" && mode != "include" {
			continue
		}
		if !bytes.ContainsAny(raw, " \t\r\n") {
			// Already compact (json.Unmarshal copied it out of the body).
			p.Resources = append(p.Resources, raw)
			continue
		}
		var buf bytes.Buffer
		buf.Grow(len(raw))
		if err := json.Compact(&buf, raw); err != nil {
			return nil, fmt.Errorf("fhir: page entry %d is not valid JSON", i)
		}
		p.Resources = append(p.Resources, buf.Bytes())
	}
	return p, nil
}

// resourceTypeOf returns the resourceType of a JSON object ("" if it is not an object with
// a string resourceType). It stops at the key, which is usually the first.
func resourceTypeOf(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return ""
		}
		if k == "resourceType" {
			v, err := dec.Token()
			if s, ok := v.(string); ok && err == nil {
				return s
			}
			return ""
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}

// deletedRef gives "Type/id" from a history entry's request.url ("Type/id" or
// "Type/id/_history/n") or its fullUrl.
func deletedRef(req *struct {
	Method string `json:"method"`
	URL    string `json:"url"`
}, fullURL string) string {
	s := fullURL
	if req != nil && req.URL != "" {
		s = req.URL
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "/_history"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(strings.TrimRight(s, "/"), "/")
	if len(parts) < 2 {
		return ""
	}
	typ, id := parts[len(parts)-2], parts[len(parts)-1]
	if typ == "" || id == "" || typ[0] < 'A' || typ[0] > 'Z' {
		return ""
	}
	return typ + "/" + id
}
