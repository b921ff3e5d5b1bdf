package journey

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/storage"
)

// QuestionnaireURL is the canonical URL of a guide's check-in Questionnaire.
func QuestionnaireURL(slug string) string { return questionnairePrefix + slug }

const (
	questionnairePrefix = health.CheckInQuestionnaire
	symptomSystem       = "urn:carekeeper:symptom:" // + slug
	// Link ids of the check-in items.
	linkSymptoms = "symptoms"
	linkSeverity = health.CheckInSeverity
	linkNote     = "note"
)

// CheckIn is one symptom check-in.
type CheckIn struct {
	ID       storage.ID `json:"id"`
	Slug     string     `json:"condition"` // the guide
	At       time.Time  `json:"at"`
	Symptoms []string   `json:"symptoms"` // the guide's symptom keys
	Severity int        `json:"severity"` // 0–10: how the condition bothers the person
	Note     string     `json:"note,omitempty"`
}

// NewCheckIn is what the person answers.
type NewCheckIn struct {
	Profile  string
	Slug     string
	At       time.Time
	Symptoms []string
	Severity int
	Note     string
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// QuestionnaireID is the id of a guide's Questionnaire record (CareKeeper source, shared profile).
func QuestionnaireID(slug string) storage.ID {
	return storage.ID{Source: storage.AppSource, Type: "Questionnaire", ID: "checkin-" + slug}
}

// Questionnaire returns the FHIR Questionnaire of a guide's check-in.
func Questionnaire(g *guides.Guide) []byte {
	var opts []map[string]any
	for _, s := range g.Symptoms {
		opts = append(opts, map[string]any{"valueCoding": map[string]string{"system": symptomSystem + g.Slug, "code": s.Key, "display": s.Text}})
	}
	q := map[string]any{
		"resourceType": "Questionnaire",
		"id":           "checkin-" + g.Slug,
		"url":          QuestionnaireURL(g.Slug),
		"name":         "CheckIn" + camel(g.Slug),
		"title":        g.Title + " check-in",
		"status":       "active",
		"subjectType":  []string{"Patient"},
		"publisher":    "CareKeeper",
		"item": []map[string]any{
			{"linkId": linkSymptoms, "text": "Which of these have you noticed?", "type": "choice", "repeats": true, "answerOption": opts},
			{"linkId": linkSeverity, "text": "How much is it bothering you today, from 0 (not at all) to 10 (very much)?", "type": "integer", "required": true},
			{"linkId": linkNote, "text": "Anything else you want to note?", "type": "text"},
		},
	}
	b, _ := json.Marshal(q)
	return b
}

// AddCheckIn stores a check-in (and, the first time, the guide's Questionnaire) durably and
// returns it.
func AddCheckIn(ctx context.Context, v *storage.Vault, c NewCheckIn) (CheckIn, error) {
	g := guides.BySlug(c.Slug)
	if g == nil {
		return CheckIn{}, errors.New("no guide with that name")
	}
	p, err := v.Profile(c.Profile)
	if err != nil {
		return CheckIn{}, err
	}
	if c.Severity < 0 || c.Severity > 10 {
		return CheckIn{}, errors.New("the severity must be between 0 and 10")
	}
	if c.At.IsZero() {
		return CheckIn{}, errors.New("no time given for the check-in")
	}
	texts := map[string]string{}
	for _, s := range g.Symptoms {
		texts[s.Key] = s.Text
	}
	var syms []string
	seen := map[string]bool{}
	for _, k := range c.Symptoms {
		k = strings.TrimSpace(k)
		if k == "" || seen[k] {
			continue
		}
		if _, ok := texts[k]; !ok {
			return CheckIn{}, fmt.Errorf("the %s guide has no symptom %q", g.Slug, k)
		}
		seen[k] = true
		syms = append(syms, k)
	}
	note := strings.TrimSpace(c.Note)
	if len(note) > 4000 {
		return CheckIn{}, errors.New("the note is too long")
	}
	id := storage.ID{Source: storage.AppSource, Type: "QuestionnaireResponse", ID: newID()}
	var answers []map[string]any
	for _, k := range syms {
		answers = append(answers, map[string]any{"valueCoding": map[string]string{"system": symptomSystem + g.Slug, "code": k, "display": texts[k]}})
	}
	items := []map[string]any{}
	if len(answers) > 0 {
		items = append(items, map[string]any{"linkId": linkSymptoms, "text": "Which of these have you noticed?", "answer": answers})
	}
	items = append(items, map[string]any{"linkId": linkSeverity, "text": "How much is it bothering you today (0–10)?",
		"answer": []map[string]any{{"valueInteger": c.Severity}}})
	if note != "" {
		items = append(items, map[string]any{"linkId": linkNote, "text": "Note", "answer": []map[string]any{{"valueString": note}}})
	}
	res := map[string]any{
		"resourceType":  "QuestionnaireResponse",
		"id":            id.ID,
		"questionnaire": QuestionnaireURL(g.Slug),
		"status":        "completed",
		"authored":      c.At.Format(time.RFC3339),
		"item":          items,
	}
	var made []storage.Record // a Patient made for a person added by hand
	var profiles []storage.Profile
	if len(p.Patients) == 0 {
		pat, err := handPatient(p)
		if err != nil {
			return CheckIn{}, err
		}
		made = append(made, pat)
		cp := *p
		cp.Patients = append([]storage.ID(nil), pat.ID)
		profiles = append(profiles, cp)
		p = &cp
	}
	subject, patient := subjectOf(p)
	res["subject"] = subject
	res["author"] = subject
	b, err := json.Marshal(res)
	if err != nil {
		return CheckIn{}, err
	}
	rec, err := storage.NewRecord(c.Profile, id, b)
	if err != nil {
		return CheckIn{}, err
	}
	rec.Meta.Links = nil
	if patient != nil {
		rec.Meta.Links = []storage.ID{*patient}
	}
	qrec, err := storage.NewRecord(storage.SharedProfile, QuestionnaireID(g.Slug), Questionnaire(g))
	if err != nil {
		return CheckIn{}, err
	}
	if _, err := v.Write(ctx, &storage.Batch{Now: c.At, Records: append(made, qrec, rec), Profiles: profiles, Durable: true}); err != nil {
		return CheckIn{}, fmt.Errorf("saving the check-in: %w", err)
	}
	return CheckIn{ID: id, Slug: g.Slug, At: c.At, Symptoms: syms, Severity: c.Severity, Note: note}, nil
}

// handPatient is the Patient record made for a person added by hand (no record names them)
// when they first get a record of their own that must reference them (a check-in): their name
// and birth date, so that an export of their records, imported elsewhere, is theirs.
func handPatient(p *storage.Profile) (storage.Record, error) {
	id := storage.ID{Source: storage.AppSource, Type: "Patient", ID: "person-" + p.ID}
	res := map[string]any{"resourceType": "Patient", "id": id.ID, "name": []map[string]string{{"text": p.Name}}}
	if health.CheckBirthDate(p.BirthDate, time.Now()) == nil && p.BirthDate != "" {
		res["birthDate"] = p.BirthDate
	}
	b, err := json.Marshal(res)
	if err != nil {
		return storage.Record{}, err
	}
	return storage.NewRecord(p.ID, id, b)
}

// subjectOf is the reference to the person's Patient record (the first one), or a display.
func subjectOf(p *storage.Profile) (map[string]string, *storage.ID) {
	if len(p.Patients) == 0 {
		return map[string]string{"display": p.Name}, nil
	}
	id := p.Patients[0]
	ref := "Patient/" + id.ID
	if isPortal(id.Source) {
		ref = strings.TrimRight(id.Source, "/") + "/" + ref
	}
	return map[string]string{"reference": ref, "display": p.Name}, &id
}

type qrJSON struct {
	Questionnaire string `json:"questionnaire"`
	Status        string `json:"status"`
	Authored      string `json:"authored"`
	Item          []struct {
		LinkID string `json:"linkId"`
		Answer []struct {
			ValueCoding  *health.Coding `json:"valueCoding"`
			ValueInteger *int           `json:"valueInteger"`
			ValueString  string         `json:"valueString"`
		} `json:"answer"`
	} `json:"item"`
}

// readCheckIn reads a check-in from a QuestionnaireResponse record.
func readCheckIn(r *health.Resource) (CheckIn, bool) {
	var q qrJSON
	if json.Unmarshal(r.JSON, &q) != nil || !strings.HasPrefix(q.Questionnaire, questionnairePrefix) || q.Status == "entered-in-error" {
		return CheckIn{}, false
	}
	at, ok := health.ParseTime(q.Authored)
	if !ok {
		return CheckIn{}, false
	}
	c := CheckIn{ID: storageID(r.Key), Slug: strings.TrimPrefix(q.Questionnaire, questionnairePrefix), At: at, Severity: -1}
	for _, it := range q.Item {
		for _, a := range it.Answer {
			switch it.LinkID {
			case linkSymptoms:
				if a.ValueCoding != nil {
					c.Symptoms = append(c.Symptoms, a.ValueCoding.Code)
				}
			case linkSeverity:
				if a.ValueInteger != nil {
					c.Severity = *a.ValueInteger
				}
			case linkNote:
				c.Note = a.ValueString
			}
		}
	}
	return c, c.Severity >= 0
}

func checkInsOf(rs []*health.Resource) []CheckIn {
	var out []CheckIn
	for _, r := range rs {
		if c, ok := readCheckIn(r); ok {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// CheckIns lists a person's check-ins, oldest first (slug "" for every condition).
func CheckIns(ctx context.Context, v *storage.Vault, profile, slug string) ([]CheckIn, error) {
	var rs []*health.Resource
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "QuestionnaireResponse"}, func(r *storage.Record) error {
		if r.Meta.Deleted.IsZero() {
			rs = append(rs, &health.Resource{Key: key(r.ID), JSON: r.Resource})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the check-ins: %w", err)
	}
	all := checkInsOf(rs)
	if slug == "" {
		return all, nil
	}
	out := all[:0]
	for _, c := range all {
		if c.Slug == slug {
			out = append(out, c)
		}
	}
	return out, nil
}

// SeverityPoint is the severity of a condition on one day (the day's last check-in).
type SeverityPoint struct {
	Day      string `json:"day"` // YYYY-MM-DD in the person's zone
	At       time.Time
	Severity int `json:"severity"`
}

// SeverityByDay returns, per condition (guide slug), the severity per day, oldest first.
func SeverityByDay(checkins []CheckIn, loc *time.Location) map[string][]SeverityPoint {
	out := map[string][]SeverityPoint{}
	for _, c := range checkins {
		day := c.At.In(loc).Format("2006-01-02")
		pts := out[c.Slug]
		if n := len(pts); n > 0 && pts[n-1].Day == day {
			pts[n-1] = SeverityPoint{Day: day, At: c.At, Severity: c.Severity}
		} else {
			pts = append(pts, SeverityPoint{Day: day, At: c.At, Severity: c.Severity})
		}
		out[c.Slug] = pts
	}
	return out
}

// Chart is what the app draws for a condition: the check-in severities and, beside them, the
// person's results the guide tracks.
type Chart struct {
	Slug     string
	Severity []SeverityPoint
	Related  []*health.Series
}

// ChartFor builds the check-in chart of one of the person's guides from loaded data.
func (d *Data) ChartFor(slug string) Chart {
	ch := Chart{Slug: slug, Severity: SeverityByDay(d.CheckIns, d.Loc)[slug]}
	g := guides.BySlug(slug)
	if g == nil {
		return ch
	}
	for _, s := range d.Series() {
		for _, t := range g.Tracks {
			if s.Code == t || strings.HasSuffix(t, "|"+codeOf(s)) {
				ch.Related = append(ch.Related, s)
				break
			}
		}
	}
	return ch
}

// camel joins the words of an ASCII slug ("low-back-pain") with a capital each ("LowBackPain").
func camel(slug string) string {
	var b strings.Builder
	for _, w := range strings.Split(slug, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
