package health

import (
	"math"
	"sort"
	"strings"
	"time"
)

// Contact is a practitioner or organisation the person has seen.
type Contact struct {
	Key     Key
	Kind    string // "Practitioner" or "Organization"
	Name    string
	Role    string // e.g. "General practitioner" for Patient.generalPractitioner
	GP      bool
	Phone   string
	Email   string
	Address string
	Visits  []Appointment // their visits with the person, newest first
	Last    string        // YYYY-MM-DD of the last visit
	// Named: the records name them (a visit's reference gives its display name) but hold no
	// record of them, so there are no contact details.
	Named bool
}

type contactJSON struct {
	Telecom []ContactPoint `json:"telecom"`
	Address []Address      `json:"address"`
}

// CareTeam lists the person's GP first, then the practitioners and organisations seen,
// most recently seen first, each with contact details and their visits. loc is the person's
// clock: a contact's last visit is on its day there, as Timeline and Appointments date the
// visit (F288); nil keeps the record's own day.
func CareTeam(s *Set, loc *time.Location) []Contact {
	byKey := map[Key]*Contact{}
	var order []Key
	get := func(t *Resource) *Contact {
		if c := byKey[t.Key]; c != nil {
			return c
		}
		c := &Contact{Key: t.Key, Kind: t.Type, Name: nameOf(t)}
		if c.Name == "" {
			c.Name = map[string]string{"Practitioner": "Unnamed practitioner", "Organization": "Unnamed organisation"}[t.Type]
		}
		var cj contactJSON
		if decode(t, &cj) {
			for _, tp := range cj.Telecom {
				switch tp.System {
				case "phone":
					c.Phone = firstNonEmpty(c.Phone, tp.Value)
				case "email":
					c.Email = firstNonEmpty(c.Email, tp.Value)
				}
			}
			if len(cj.Address) > 0 {
				c.Address = cj.Address[0].String()
			}
		}
		byKey[t.Key] = c
		order = append(order, t.Key)
		return c
	}
	// A reference the records do not resolve still names someone: Synthea's bundles refer to
	// their doctors and clinics by identifier, in files of their own that a person seldom
	// imports, and Care team said 'No care team yet' for a child whose visits name them (F134).
	named := func(kind string, ref Ref) *Contact {
		name := strings.Join(strings.Fields(ref.Display), " ")
		if name == "" {
			return nil
		}
		k := Key{Type: kind, ID: "named:" + strings.ToLower(name)}
		if c := byKey[k]; c != nil {
			return c
		}
		c := &Contact{Key: k, Kind: kind, Name: name, Named: true}
		byKey[k] = c
		order = append(order, k)
		return c
	}
	for _, p := range s.OfType("Patient") {
		var j struct {
			GP                   []Ref `json:"generalPractitioner"`
			ManagingOrganization *Ref  `json:"managingOrganization"`
		}
		if !decode(p, &j) {
			continue
		}
		for _, ref := range j.GP {
			var c *Contact
			if t := s.Resolve(p, ref.Reference, ""); t != nil && (t.Type == "Practitioner" || t.Type == "Organization") {
				c = get(t)
			} else if t == nil {
				kind := "Practitioner"
				if strings.HasPrefix(ref.Reference, "Organization") {
					kind = "Organization"
				}
				c = named(kind, ref)
			}
			if c != nil {
				c.GP, c.Role = true, "General practitioner"
			}
		}
	}
	_, visits, _ := Appointments(s, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, v := range visits {
		r := s.Get(v.Key)
		if r == nil || r.Type != "Encounter" || v.AfterDeath { // not a visit of the person's (F227)
			continue
		}
		var e encounterJSON
		if !decode(r, &e) {
			continue
		}
		var targets []*Contact
		for _, p := range e.Participant {
			if t := s.Resolve(r, p.Individual.Reference, "Practitioner"); t != nil {
				targets = append(targets, get(t))
			} else if p.Individual.Reference == "" || strings.Contains(p.Individual.Reference, "Practitioner") {
				targets = append(targets, named("Practitioner", p.Individual))
			}
		}
		if e.ServiceProvider != nil {
			if t := s.Resolve(r, e.ServiceProvider.Reference, "Organization"); t != nil {
				targets = append(targets, get(t))
			} else {
				targets = append(targets, named("Organization", *e.ServiceProvider))
			}
		}
		for _, c := range targets {
			if c == nil {
				continue
			}
			c.Visits = append(c.Visits, v)
			start := v.Start
			if loc != nil {
				start = start.In(loc)
			}
			if d := start.Format("2006-01-02"); d > c.Last {
				c.Last = d
			}
		}
	}
	out := make([]Contact, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].GP != out[j].GP {
			return out[i].GP
		}
		if out[i].Last != out[j].Last {
			return out[i].Last > out[j].Last
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// Bill is one claim or explanation of benefit: what a visit cost and who paid.
type Bill struct {
	Profile  string // the person
	Date     string // YYYY-MM-DD of the service
	Title    string // the visit or the first billed item
	Provider string
	Insurer  string
	Total    float64 // billed
	Paid     float64 // by the insurer
	Share    float64 // the person's share, as the statement gives it (ShareStated)
	// ShareStated says the statement gives the person's share (copay, coinsurance,
	// deductible or member liability, in its totals or its lines). A statement without it
	// has no share to show: it is never made up as the total less what the insurer paid
	// (F114: Synthea's statements pay more than their 'submitted' total, and their lines give
	// the coinsurance).
	ShareStated bool
	Currency    string
	Status      string
	Key         Key
	Claim       bool // from a Claim (no payment information), not an ExplanationOfBenefit
}

// YearTotal sums the bills of one year.
type YearTotal struct {
	Year               string
	Total, Paid, Share float64
	Count              int
	Currency           string
	// ShareUnstated counts the year's statements that do not give the person's share: Share
	// sums the others.
	ShareUnstated int
}

// ShareWords is the person's share in words: "$319.95", or "not stated".
func (b Bill) ShareWords() string {
	if !b.ShareStated {
		return "not stated"
	}
	return MoneyWords(b.Share, b.Currency)
}

// ShareWords is the year's share in words: the sum of the shares the statements give,
// "at least" it when some do not give one, "not stated" when none does.
func (y YearTotal) ShareWords() string {
	return yearShareWords(y.Share, y.Currency, y.Count-y.ShareUnstated, y.ShareUnstated)
}

func yearShareWords(share float64, cur string, stated, unstated int) string {
	switch {
	case stated == 0:
		return "not stated"
	case unstated > 0:
		return "at least " + MoneyWords(share, cur)
	}
	return MoneyWords(share, cur)
}

// patientShareCodes are the adjudication categories of the person's own share: FHIR's
// (copay, deductible), CARIN Blue Button's (coinsurance, memberliability: the whole of it)
// and CMS Blue Button's line variables (Synthea's statements).
var patientShareCodes = []string{"copay", "deductible", "coinsurance", "line_coinsrnc_amt", "line_bene_ptb_ddctbl_amt"}

// shareOf adds a category's amount to the person's share: member liability is the whole
// share (the others are its parts), the other categories add up.
type shareOf struct {
	sum, liability float64
	parts, whole   bool
}

func (sh *shareOf) add(c Concept, v float64) {
	if hasCodeOrURL(c, "memberliability") {
		sh.liability += v
		sh.whole = true
		return
	}
	for _, code := range patientShareCodes {
		if hasCodeOrURL(c, code) {
			sh.sum += v
			sh.parts = true
			return
		}
	}
}

// hasCodeOrURL says whether a coding's code is code, or a URL ending in it — Synthea writes
// Blue Button's variables as their whole URL in the code
// ("https://bluebutton.cms.gov/resources/variables/line_coinsrnc_amt").
func hasCodeOrURL(c Concept, code string) bool {
	for _, cd := range c.Coding {
		if cd.Code == code || strings.HasSuffix(cd.Code, "/"+code) {
			return true
		}
	}
	return false
}

func (sh *shareOf) value() (float64, bool) {
	if sh.whole {
		return sh.liability, true
	}
	return sh.sum, sh.parts
}

// Cover is one insurance coverage; its Status is in words ("Active", "Cancelled").
type Cover struct {
	Payor, Type, Status, Start, End, Member string
	Key                                     Key
}

// Billing is what the person's bills and insurance look like.
type Billing struct {
	Bills    []Bill      // newest first: explanations of benefit, and claims that have none
	Years    []YearTotal // newest first
	Coverage []Cover
}

type eobJSON struct {
	Status         string `json:"status"`
	Created        string `json:"created"`
	BillablePeriod Period `json:"billablePeriod"`
	Provider       Ref    `json:"provider"`
	Insurer        Ref    `json:"insurer"`
	Claim          *Ref   `json:"claim"`
	Total          []struct {
		Category Concept `json:"category"`
		Amount   Money   `json:"amount"`
	} `json:"total"`
	TotalMoney *Money `json:"-"`
	Payment    *struct {
		Amount Money `json:"amount"`
	} `json:"payment"`
	Insurance []struct {
		Coverage Ref `json:"coverage"`
	} `json:"insurance"`
	Prescription *Ref `json:"prescription"`
	Item         []struct {
		ProductOrService Concept `json:"productOrService"`
		Net              *Money  `json:"net"`
		Adjudication     []struct {
			Category Concept `json:"category"`
			Amount   *Money  `json:"amount"`
		} `json:"adjudication"`
	} `json:"item"`
	Type Concept `json:"type"`
}

// Bills collects the person's explanations of benefit (and claims without one), totals per
// year and insurance coverage. loc is the person's clock: a bill is dated on the day its
// visit is there, as Timeline and Appointments date the visit (F288: a visit at 17:09 in
// Massachusetts was 15 Feb on Timeline and 14 Feb on its bill for a person on Kolkata's
// clock); nil keeps the record's own day.
func Bills(s *Set, loc *time.Location) Billing {
	var b Billing
	explained := map[string]bool{} // claim ids with an EOB
	for _, typ := range []string{"ExplanationOfBenefit", "Claim"} {
		for _, r := range s.OfType(typ) {
			if r.Deleted || (typ == "Claim" && explained[r.ID]) {
				continue
			}
			// Claim.total is Money; EOB.total is a list. Decode each shape on its own.
			var j eobJSON
			if typ == "Claim" {
				var c struct {
					eobJSON
					Total *Money `json:"total"`
				}
				if !decode(r, &c) {
					continue
				}
				j = c.eobJSON
				j.TotalMoney = c.Total
				j.Total = nil
			} else if !decode(r, &j) {
				continue
			}
			if typ == "ExplanationOfBenefit" && j.Claim != nil {
				ref := j.Claim.Reference
				explained[ref[strings.LastIndexAny(ref, "/:")+1:]] = true
			}
			bill := Bill{Profile: r.Profile, Key: r.Key, Claim: typ == "Claim", Status: j.Status}
			bill.Date = DayIn(firstNonEmpty(j.BillablePeriod.Start, j.Created, r.Date), loc)
			bill.Provider = refName(s, r, j.Provider)
			bill.Insurer = refName(s, r, j.Insurer)
			if bill.Insurer == "" && len(j.Insurance) > 0 {
				bill.Insurer = refName(s, r, j.Insurance[0].Coverage)
			}
			bill.Title = j.Type.Label()
			if len(j.Item) > 0 {
				if l := j.Item[0].ProductOrService.Label(); l != "" {
					bill.Title = l
				}
			}
			if j.Prescription != nil || j.Type.Has("pharmacy") {
				// a pharmacy claim is for its medicine, not the visit its item names: Synthea's
				// say 'Encounter for problem' beside the visit's own bill (F226)
				bill.Title = prescriptionTitle(s, r, j.Prescription)
			}
			if bill.Title == "" {
				bill.Title = "Bill"
			}
			if j.TotalMoney != nil {
				bill.Total, bill.Currency = j.TotalMoney.Value, j.TotalMoney.Currency
			}
			var totalShare, lineShare shareOf
			for _, t := range j.Total {
				switch {
				case t.Category.Has("submitted"):
					bill.Total, bill.Currency = t.Amount.Value, t.Amount.Currency
				case t.Category.Has("benefit"):
					bill.Paid = t.Amount.Value
				default:
					totalShare.add(t.Category, t.Amount.Value)
				}
			}
			if bill.Paid == 0 && j.Payment != nil {
				bill.Paid = j.Payment.Amount.Value
			}
			var itemNet, itemPaid float64
			for _, it := range j.Item {
				if it.Net != nil {
					itemNet += it.Net.Value
				}
				for _, a := range it.Adjudication {
					if a.Amount == nil {
						continue
					}
					if a.Category.Has("benefit") {
						itemPaid += a.Amount.Value
					} else {
						lineShare.add(a.Category, a.Amount.Value)
					}
				}
			}
			if bill.Total == 0 {
				bill.Total = itemNet
			}
			if bill.Paid == 0 {
				bill.Paid = itemPaid
			}
			if !bill.Claim {
				if bill.Share, bill.ShareStated = totalShare.value(); !bill.ShareStated {
					bill.Share, bill.ShareStated = lineShare.value()
				}
				bill.Share = math.Round(bill.Share*100) / 100
			}
			b.Bills = append(b.Bills, bill)
		}
	}
	sort.SliceStable(b.Bills, func(i, j int) bool { return b.Bills[i].Date > b.Bills[j].Date })
	years := map[string]*YearTotal{}
	for _, bill := range b.Bills {
		y := "unknown"
		if len(bill.Date) >= 4 {
			y = bill.Date[:4]
		}
		t := years[y]
		if t == nil {
			t = &YearTotal{Year: y, Currency: bill.Currency}
			years[y] = t
		}
		t.Total += bill.Total
		t.Paid += bill.Paid
		t.Share += bill.Share
		if !bill.ShareStated {
			t.ShareUnstated++
		}
		t.Count++
	}
	for _, t := range years {
		b.Years = append(b.Years, *t)
	}
	sort.Slice(b.Years, func(i, j int) bool { return b.Years[i].Year > b.Years[j].Year })
	for _, r := range s.OfType("Coverage") {
		var j struct {
			Status     string  `json:"status"`
			Type       Concept `json:"type"`
			Payor      []Ref   `json:"payor"`
			Period     Period  `json:"period"`
			Subscriber string  `json:"subscriberId"`
		}
		if !decode(r, &j) {
			continue
		}
		c := Cover{Key: r.Key, Type: coverTypeWords(j.Type), Status: CodeWords("http://hl7.org/fhir/fm-status", j.Status, ""), Start: Day(j.Period.Start), End: Day(j.Period.End), Member: j.Subscriber}
		for _, p := range j.Payor {
			c.Payor = firstNonEmpty(c.Payor, refName(s, r, p))
		}
		b.Coverage = append(b.Coverage, c)
	}
	return b
}

// coverTypeWords is a coverage's type in words: the record's text or display; given by a code
// alone, the code in words where CareKeeper knows it, else nothing (F305: a C-CDA's policy
// coded 'SELF', the subscriber's relationship, read 'Good Health Insurance · SELF · Active').
func coverTypeWords(c Concept) string {
	if t := CleanName(c.Text); t != "" {
		return c.Label()
	}
	for _, cd := range c.Coding {
		if d := CleanName(cd.Display); d != "" && d != strings.TrimSpace(cd.Code) {
			return d
		}
	}
	for _, cd := range c.Coding {
		code := strings.TrimSpace(cd.Code)
		if w := coverRelationship[strings.ToUpper(code)]; w != "" {
			return w
		}
		if w := CodeWords(cd.System, code, ""); w != "" && w != code {
			return w
		}
	}
	return ""
}

// coverRelationship: the subscriber's relationship to the person (HL7 v3 RoleClassRelationship
// and RoleCode), which C-CDA documents give as a policy's code, in words.
var coverRelationship = map[string]string{
	"SELF":   "you are the policyholder",
	"FAMDEP": "covered as a family member",
	"SPS":    "covered through a spouse",
	"CHILD":  "covered through a parent",
}

// prescriptionTitle names a pharmacy bill by its medicine: "Allopurinol 100 mg tablet —
// prescription", or "Prescription" when the record does not say which medicine.
func prescriptionTitle(s *Set, from *Resource, ref *Ref) string {
	if ref == nil {
		return "Prescription"
	}
	name := ""
	if t := s.Resolve(from, ref.Reference, ""); t != nil && medicineTypes[t.Type] {
		var m medRecord
		if decode(t, &m) {
			if e := newMedEntry(s, t, m, time.UTC); e.name != "Unnamed medicine" {
				name = e.name
			}
		}
	}
	if name == "" {
		name = CleanName(ref.Display)
	}
	if name == "" {
		return "Prescription"
	}
	return MedicineName(name) + " — prescription"
}

// refName is the name of what ref points at, else its display.
func refName(s *Set, from *Resource, ref Ref) string {
	if t := s.Resolve(from, ref.Reference, ""); t != nil {
		if n := nameOf(t); n != "" {
			return n
		}
		if t.Type == "Coverage" {
			var c struct {
				Payor []Ref `json:"payor"`
			}
			if decode(t, &c) && len(c.Payor) > 0 {
				return c.Payor[0].Display
			}
		}
	}
	return ref.Display
}

// BillRow is one bill in words for the bills table.
type BillRow struct {
	Date  string // "17 Aug 2018"
	Visit string
	Total string // "$1,234.50"
	Paid  string // by the insurer
	Share string // the person's share ("—" for a claim without payment information)
	Bill  Bill
}

// BillYear is one year's table: its bills (newest first) and totals, in words.
type BillYear struct {
	Year  string
	Rows  []BillRow
	Count string // "12 bills"
	// Totals are "" when the year's bills are in several currencies (they are not added up).
	Total, Paid, Share string
}

// ByYear is the bills as the Bills screen shows them: a table per year, newest first, with
// dates in words, amounts with their currency, and the year's totals. Call it on one
// person's Bills: totals never add up two people's bills (a household view shows a table per
// person).
func (b Billing) ByYear() []BillYear {
	var out []BillYear
	idx := map[string]int{}
	currencies := map[string]map[string]bool{}
	for _, bill := range b.Bills {
		y := "Date unknown"
		if len(bill.Date) >= 4 {
			y = bill.Date[:4]
		}
		i, ok := idx[y]
		if !ok {
			i = len(out)
			idx[y] = i
			out = append(out, BillYear{Year: y})
			currencies[y] = map[string]bool{}
		}
		currencies[y][strings.ToUpper(bill.Currency)] = true
		row := BillRow{Date: DayWords(bill.Date), Visit: bill.Title, Total: MoneyWords(bill.Total, bill.Currency),
			Paid: MoneyWords(bill.Paid, bill.Currency), Share: bill.ShareWords(), Bill: bill}
		if bill.Claim {
			row.Paid, row.Share = "—", "—"
		}
		out[i].Rows = append(out[i].Rows, row)
	}
	for i := range out {
		y := &out[i]
		y.Count = Count(len(y.Rows), "bill", "")
		if len(currencies[y.Year]) != 1 {
			continue
		}
		var total, paid, share float64
		stated, unstated := 0, 0
		cur := ""
		for _, r := range y.Rows {
			total += r.Bill.Total
			paid += r.Bill.Paid
			share += r.Bill.Share
			if r.Bill.ShareStated {
				stated++
			} else {
				unstated++
			}
			cur = r.Bill.Currency
		}
		y.Total, y.Paid, y.Share = MoneyWords(total, cur), MoneyWords(paid, cur), yearShareWords(share, cur, stated, unstated)
	}
	return out
}
