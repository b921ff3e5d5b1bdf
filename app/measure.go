package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Home measurements are FHIR Observations with CareKeeper as their source, in the vital-signs
// category, with LOINC codes and UCUM units, so that the charts show them beside the results
// from the records.

// measureKind is a kind of home measurement.
type measureKind struct {
	kind    string // the guides' name of it (journey.HomeKind): bp, weight, glucose, peak-flow, temperature
	label   string
	code    string // LOINC
	display string
	unit    string // UCUM code (also shown)
	pair    bool   // blood pressure: systolic and diastolic components
	lo, hi  float64
}

// The peak flow code is the one the asthma guide tracks (assets/guides/asthma.md).
var measureKinds = []measureKind{
	{kind: "bp", label: "Blood pressure", code: "85354-9", display: "Blood pressure panel with all children optional", unit: "mm[Hg]", pair: true, lo: 30, hi: 300},
	{kind: "weight", label: "Weight", code: "29463-7", display: "Body weight", unit: "kg", lo: 0.5, hi: 500},
	{kind: "glucose", label: "Blood glucose", code: "2339-0", display: "Glucose [Mass/volume] in Blood", unit: "mg/dL", lo: 10, hi: 1000},
	{kind: "peak-flow", label: "Peak flow", code: "19935-6", display: "Maximum expiratory gas flow Respiratory system airway by Peak flow meter", unit: "L/min", lo: 30, hi: 1000},
	{kind: "temperature", label: "Body temperature", code: "8310-5", display: "Body temperature", unit: "Cel", lo: 30, hi: 45},
	// typed as people write it: "168 cm", "1.68 m", "66 in", "5 ft 6 in" (health.ParseHeight, F400)
	{kind: "height", label: "Height", code: "8302-2", display: "Body height", unit: health.HeightCm, lo: 20, hi: 275},
}

// inchHeight is the bounds of a height in inches.
var inchHeight = measureKind{unit: health.HeightIn, lo: 8, hi: 108}

// parse reads a value typed for k: a height as people write it (health.ParseHeight), else a
// number with a decimal point or comma.
func (k measureKind) parse(t string) (float64, error) {
	if k.kind == "height" {
		return health.ParseHeight(t, k.unit)
	}
	// a baby's weight as a US scale reads it, "20 lb 9 oz" (20.56 lb): refused as "lb 9 oz is
	// not a unit of weight" (F471 item 8)
	if k.kind == "weight" {
		if m := poundsOunces.FindStringSubmatch(strings.ToLower(strings.TrimSpace(t))); m != nil {
			lb, err1 := parseNumber(m[1])
			oz, err2 := parseNumber(m[2])
			if err1 == nil && err2 == nil && oz < 16 {
				if out, ok := health.ConvertUnit(lb+oz/16, "[lb_av]", k.unit, k.code); ok {
					return out, nil
				}
			}
		}
	}
	// a value typed with its unit ("6.2 mmol/L" where the box asks mg/dL, "100 lb" where it
	// asks kg) is converted, as heights are (F447)
	num, unit := splitUnit(t)
	v, err := parseNumber(num)
	if err != nil || unit == "" {
		return v, err
	}
	out, ok := health.ConvertUnit(v, unit, k.unit, k.code)
	if !ok {
		return 0, wrongUnit{fmt.Sprintf(lang.L("%s is not a unit of %s: type the number in %s"), unit, strings.ToLower(k.label), unitLabel(k.unit))}
	}
	return out, nil
}

// poundsOunces is a weight in pounds and ounces: "20 lb 9 oz", "20lbs 9oz", "20 pounds 9 ounces".
var poundsOunces = regexp.MustCompile(`^([0-9]+(?:[.,][0-9]+)?)\s*(?:lb|lbs|pounds?)\s*,?\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:oz|ounces?)$`)

// wrongUnit is a value typed with a unit its measurement is not in ("6 kg" for a glucose).
type wrongUnit struct{ msg string }

func (e wrongUnit) Error() string { return e.msg }

// splitUnit splits "6.2 mmol/L" into the number and the unit after it ("" when none).
func splitUnit(t string) (num, unit string) {
	t = strings.TrimSpace(t)
	i := strings.IndexFunc(t, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.' || r == ',' || r == '-' || r == '+') })
	if i < 0 {
		return t, ""
	}
	return t[:i], strings.TrimSpace(t[i:])
}

// fahrenheitRegions are the countries whose people take temperatures in °F.
var fahrenheitRegions = map[string]bool{"US": true, "LR": true, "BS": true, "BZ": true, "KY": true, "PW": true, "FM": true, "MH": true}

// mmolRegions are regions whose meters and labs give a blood glucose in mmol/L.
var mmolRegions = map[string]bool{"AU": true, "NZ": true, "GB": true, "IE": true, "CA": true, "ZA": true, "CN": true, "HK": true,
	"SE": true, "NO": true, "FI": true, "DK": true, "NL": true, "RU": true}

// measureKindsFor is the kinds offered: body temperature in the unit of the person's own
// temperatures (tempUnit: "Cel" or "[degF]") if they have any, else in °F where the locale's
// region (e.g. "en-US") takes it in °F, else in °C.
func measureKindsFor(locale, tempUnit string) []measureKind {
	out := slices.Clone(measureKinds)
	if i := strings.IndexAny(locale, ".@"); i >= 0 { // "en_AU.UTF-8": not "8" of UTF-8
		locale = locale[:i]
	}
	region := locale[strings.LastIndexAny(locale, "-_")+1:]
	if tempUnit == "[degF]" || tempUnit == "" && fahrenheitRegions[strings.ToUpper(region)] {
		for i := range out {
			if out[i].kind == "temperature" {
				out[i].unit, out[i].lo, out[i].hi = "[degF]", 86, 113
			}
		}
	}
	if mmolRegions[strings.ToUpper(region)] { // a blood glucose in mmol/L there, until the person has readings (F522)
		for i := range out {
			if out[i].kind == "glucose" {
				for _, o := range ownUnits["glucose"] {
					out[i].unit, out[i].lo, out[i].hi = o.unit, o.lo, o.hi
				}
			}
		}
	}
	if fahrenheitRegions[strings.ToUpper(region)] { // where heights are in feet and inches
		for i := range out {
			if out[i].kind == "height" {
				out[i].unit, out[i].lo, out[i].hi = inchHeight.unit, inchHeight.lo, inchHeight.hi
			}
		}
	}
	return out
}

// recordsTempUnit is the unit of profile's body temperatures on Results ("Cel" or "[degF]"),
// or "" when none is shown.
func (s *shell) recordsTempUnit(profile string) string {
	se := s.recordsSeries(profile, "8310-5")
	if se == nil {
		return ""
	}
	switch strings.ToLower(se.Unit) {
	case "[degf]", "degf", "°f", "f":
		return "[degF]"
	case "cel", "degc", "°c", "c":
		return "Cel"
	}
	return ""
}

// recordsSeries is profile's series of the LOINC code on Results (nil when none is shown).
func (s *shell) recordsSeries(profile, code string) *health.Series {
	want := health.AnalyteCode(code)
	if ss := s.resultsSeries(profile, func(se *health.Series) bool {
		return health.AnalyteCode(se.Code[strings.LastIndexByte(se.Code, '|')+1:]) == want
	}); len(ss) > 0 {
		return ss[0]
	}
	return nil
}

// recordsSeriesOfKind is the series on Results with the most readings of profile's of a kind of
// home measurement (journey.HomeKind): a meter's glucose (LOINC 14743-9, 41653-7) decides the
// unit a glucose is entered in, as its chart is drawn in it (F447: Ada's readings and chart in
// mmol/L, and the box asked mg/dL). nil when there is none.
func (s *shell) recordsSeriesOfKind(profile, kind string) *health.Series {
	var best *health.Series
	for _, se := range s.resultsSeries(profile, func(se *health.Series) bool { return journey.HomeKind([]string{se.Code}) == kind }) {
		if best == nil || se.Len() > best.Len() {
			best = se
		}
	}
	return best
}

// resultsSeries are profile's series on Results, not told apart (Series.Apart), that match, in
// the order Results lists them: recordsSeries, recordsSeriesOfKind and meterGlucose each went
// over them in a loop of its own.
func (s *shell) resultsSeries(profile string, match func(*health.Series) bool) []*health.Series {
	rp, ok := s.pages[scResults].(*resultsPage)
	if !ok {
		return nil
	}
	var out []*health.Series
	for _, se := range rp.series {
		if se != nil && se.Profile == profile && !se.Apart && match(se) {
			out = append(out, se)
		}
	}
	return out
}

// ownUnits are the units a measurement may be entered in besides its first one, with the
// bounds of a value in them: a weight in pounds, a blood glucose in mmol/L.
var ownUnits = map[string][]measureKind{
	"weight":  {{unit: "[lb_av]", lo: 1, hi: 1100}},
	"glucose": {{unit: "mmol/L", lo: 0.5, hi: 55}},
	"height":  {inchHeight, {unit: health.HeightCm, lo: 20, hi: 275}},
}

// kindsOf is the kinds offered for profile: each in the unit of the person's own readings of
// it on Results (a child weighed in pounds is weighed in pounds: a 47 typed for her 46 lb was
// kept as 47 kg, F400), else as measureKindsFor gives them.
func (s *shell) kindsOf(profile string) []measureKind {
	kinds := measureKindsFor(string(lang.SystemLocale()), s.recordsTempUnit(profile))
	for i, k := range kinds {
		se := s.recordsSeries(profile, k.code)
		meter := k.kind == "glucose" && s.meterGlucose(profile) != nil
		if meter {
			se = s.meterGlucose(profile)
		}
		if se == nil {
			se = s.recordsSeriesOfKind(profile, k.kind)
		}
		var u string
		switch {
		case se != nil:
			u = health.UCUMOf("", se.Unit)
		case k.kind == "glucose":
			// Results shows someone else: the person's own readings say it, from the vault
			// (F522: Ren's mmol/L asked in mg/dL while Results showed his grandmother)
			u, meter = glucoseUnitIn(s.u.ctx, s.v, profile)
			if u == "" {
				continue
			}
		default:
			continue
		}
		for _, o := range ownUnits[k.kind] {
			if u == o.unit {
				kinds[i].unit, kinds[i].lo, kinds[i].hi = o.unit, o.lo, o.hi
			}
		}
		if meter {
			kinds[i] = kinds[i].asMeter()
		}
	}
	return kinds
}

// asMeter is a glucose written as a meter's reading. A glucose added at home is a finger-prick,
// as the meter's readings are: written as one (LOINC's "… in Capillary blood by Glucometer"),
// it joins their chart. Written as the lab's blood glucose, Ada's 6.2 mmol/L after dinner
// joined her lab's fasting 5.8 mmol/L and its 3.5–5.5 range, not her meter's 27 readings
// (F448).
func (k measureKind) asMeter() measureKind {
	k.code, k.display = "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer"
	if k.unit == "mmol/L" {
		k.code, k.display = "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer"
	}
	return k
}

// meterCodes are the LOINC codes of a glucose meter's readings, as records carry them.
var meterCodes = map[string]bool{loinc + "|41653-7": true, loinc + "|14743-9": true}

// hasMeterGlucose says whether profile's records hold a glucose meter's reading. The Add
// measurement dialog knows the meter's series only when Results shows that person: Lucía's
// 135 mg/dL, added while Results showed her father, was written as the lab's blood glucose, a
// chart of its own beside her meter's 12 readings (F511).
func hasMeterGlucose(ctx context.Context, v *storage.Vault, profile string) (bool, error) {
	found := errors.New("found")
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "Observation", MetaOnly: true}, func(rec *storage.Record) error {
		for _, c := range rec.Meta.Codes {
			if meterCodes[c] {
				return found
			}
		}
		return nil
	})
	if err == found {
		return true, nil
	}
	return false, err
}

// glucoseCodes are the LOINC codes of a blood glucose in the vault, by whether their readings
// are in mmol/L (Moles/volume) or mg/dL (Mass/volume), and whether a meter's.
var glucoseCodes = map[string]struct {
	unit  string
	meter bool
}{
	loinc + "|14743-9": {"mmol/L", true}, loinc + "|41653-7": {"mg/dL", true},
	loinc + "|15074-8": {"mmol/L", false}, loinc + "|2339-0": {"mg/dL", false},
	loinc + "|14749-6": {"mmol/L", false}, loinc + "|2345-7": {"mg/dL", false},
}

// glucoseUnitIn is the unit of profile's newest blood glucose in the vault ("mmol/L",
// "mg/dL"; "" when none), and whether they have a meter's readings, read from the records'
// codes alone (no resource is decoded).
func glucoseUnitIn(ctx context.Context, v *storage.Vault, profile string) (unit string, meter bool) {
	if v == nil || profile == "" {
		return "", false
	}
	// a person's records come in date order: the last glucose is the newest
	_ = v.Records(ctx, storage.Query{Profile: profile, Type: "Observation", MetaOnly: true}, func(rec *storage.Record) error {
		for _, c := range rec.Meta.Codes {
			if g, ok := glucoseCodes[c]; ok {
				unit, meter = g.unit, meter || g.meter
			}
		}
		return nil
	})
	return unit, meter
}

// meterGlucose is profile's glucose meter series on Results (LOINC 41653-7 / 14743-9, one
// series), nil when there is none.
func (s *shell) meterGlucose(profile string) *health.Series {
	return s.recordsSeries(profile, "41653-7") // 14743-9 (mmol/L) is the same analyte
}

const (
	loinc         = "http://loinc.org"
	ucum          = "http://unitsofmeasure.org"
	obsCategories = "http://terminology.hl7.org/CodeSystem/observation-category"
)

// unitLabel is how a UCUM unit is shown.
func unitLabel(u string) string {
	switch u {
	case "mm[Hg]":
		return "mmHg"
	case "Cel":
		return "°C"
	case "[degF]":
		return "°F"
	case "[lb_av]":
		return "lb"
	case "[in_i]":
		return "in"
	}
	return u
}

func measureQuantity(v float64, unit string) map[string]any {
	return map[string]any{"value": v, "unit": unitLabel(unit), "system": ucum, "code": unit}
}

func loincCode(code, display string) map[string]any {
	return map[string]any{"coding": []map[string]string{{"system": loinc, "code": code, "display": display}}, "text": display}
}

// measurementResource is the Observation for a measurement: v (systolic for blood pressure)
// and v2 (diastolic) at when.
func measurementResource(k measureKind, id string, v, v2 float64, when time.Time) ([]byte, error) {
	obs := map[string]any{
		"resourceType": "Observation",
		"id":           id,
		"status":       "final",
		"category": []map[string]any{{"coding": []map[string]string{{"system": obsCategories, "code": "vital-signs", "display": "Vital Signs"}},
			"text": "Vital Signs"}},
		"code":              loincCode(k.code, k.display),
		"effectiveDateTime": when.Format(time.RFC3339),
		"issued":            when.UTC().Format(time.RFC3339),
	}
	if k.pair {
		obs["component"] = []map[string]any{
			{"code": loincCode("8480-6", "Systolic blood pressure"), "valueQuantity": measureQuantity(v, k.unit)},
			{"code": loincCode("8462-4", "Diastolic blood pressure"), "valueQuantity": measureQuantity(v2, k.unit)},
		}
	} else {
		obs["valueQuantity"] = measureQuantity(v, k.unit)
	}
	return json.Marshal(obs)
}

// newResourceID is a random id for a resource the person enters.
func newResourceID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// saveMeasurement stores a home measurement for profile, durably.
func saveMeasurement(ctx context.Context, v *storage.Vault, profile string, k measureKind, val, val2 float64, when time.Time) (storage.ID, error) {
	id := storage.ID{Source: storage.AppSource, Type: "Observation", ID: newResourceID()}
	if k.kind == "glucose" && !meterCodes[loinc+"|"+k.code] {
		meter, err := hasMeterGlucose(ctx, v, profile)
		if err != nil {
			return id, err
		}
		if meter {
			k = k.asMeter()
		}
	}
	b, err := measurementResource(k, id.ID, val, val2, when)
	if err != nil {
		return id, err
	}
	rec, err := remind.OwnRecord(v, profile, id, b) // names the person (F401)
	if err != nil {
		return id, err
	}
	_, err = v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Durable: true})
	return id, err
}

// measureDialog enters a home measurement.
type measureDialog struct {
	dialog *formDialog
	people []storage.Profile // those the Person list offers: the living this computer may change (shell.changeablePeople)
	person *widget.Select
	kind   *widget.Select
	kinds  []measureKind
	value  *widget.Entry
	value2 *widget.Entry       // diastolic
	date   *widget.DateEntry   // picked from a calendar
	clock  *widget.SelectEntry // picked from the quarter hours
	items  []*widget.FormItem
	// need says under the form what is still missing or cannot be read, in one line, as Add
	// appointment does (F351: Add stayed off with nothing saying why).
	need *widget.Label
	// asked is the question about a value far from the last reading (askedText its words),
	// once Add was pressed (F400).
	asked     *dialog.ConfirmDialog
	askedText string
	// now is the time now: a measurement is not taken later than it (F352).
	now func() time.Time
	// zone is the chosen person's clock: the Date and Time are read on it (F142), as Results
	// shows them.
	zone func() remind.Zone
}

// parseNumber reads a number typed with a decimal point or comma.
func parseNumber(s string) (float64, error) {
	return strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
}

// openMeasure opens the "Add measurement" dialog for the person shown.
func (s *shell) openMeasure() *measureDialog { return s.openMeasureOf(s.profile, "") }

// openMeasureOf opens the "Add measurement" dialog for profile (or the first person) with kind
// (a measureKind's kind, e.g. "peak-flow"; "" for the first) chosen.
func (s *shell) openMeasureOf(profile, kind string) *measureDialog {
	s.u.auto.poke()
	people, names, viewOnly := s.changeablePeople()
	if len(people) == 0 {
		if viewOnly > 0 {
			s.onlyViewedHere(lang.L("This computer may only view the people here, so it cannot add their measurements. Add them on a computer that manages them."))
			return nil
		}
		dialog.NewInformation(lang.L("Add a person first"), lang.L("Add the person you measure on the People screen."), s.u.win).Show()
		return nil
	}
	// The date and time are the person's, on their clock (their home zone unless they follow
	// this computer's), named while it is not this computer's, as Add appointment reads them
	// and Results shows them (F142).
	dev, now := s.u.rem.device(), s.u.rem.now()
	chosenAt := 0
	for i, pr := range people {
		if pr.ID == profile {
			chosenAt = i
		}
	}
	zoneOf := func(i int) remind.Zone {
		if i < 0 || i >= len(people) {
			return remind.Zone{Loc: dev, Device: dev}
		}
		return personZone(s.v, people[i].ID, dev, now)
	}
	z := zoneOf(chosenAt)
	d := &measureDialog{people: people, value: widget.NewEntry(), value2: widget.NewEntry(), date: newDatePicker(now.In(z.Loc)), clock: newTimePicker(now.In(z.Loc))}
	d.kinds = s.kindsOf(people[chosenAt].ID)
	var kinds []string
	for _, k := range d.kinds {
		kinds = append(kinds, lang.L(k.label))
	}
	d.person = widget.NewSelect(names, nil)
	d.person.SetSelectedIndex(chosenAt)
	d.kind = widget.NewSelect(kinds, func(string) { d.onKind() })
	d.value.Validator = func(t string) error { return d.check(t) }
	d.value2.Validator = func(t string) error {
		if !d.chosen().pair {
			return nil
		}
		return d.check(t)
	}
	d.items = []*widget.FormItem{
		widget.NewFormItem(lang.L("Person"), boxed(d.person, nil)),
		widget.NewFormItem(lang.L("Measurement"), boxed(d.kind, nil)),
		widget.NewFormItem(lang.L("Value"), d.value),
		widget.NewFormItem(lang.L("Diastolic"), d.value2),
		widget.NewFormItem(lang.L("Date"), d.date),
		widget.NewFormItem(lang.L("Time"), d.clock),
	}
	timeItem := d.items[5]
	zoneHint := func(z remind.Zone) {
		timeItem.HintText = ""
		if z.Differs(now) {
			timeItem.HintText = fmt.Sprintf(lang.L("%s, the person's clock"), z.Name(now))
		}
	}
	zoneHint(z)
	d.zone = func() remind.Zone { return zoneOf(d.person.SelectedIndex()) }
	d.now = s.u.rem.now
	d.need = widget.NewLabel("")
	d.need.Wrapping = fyne.TextWrapWord
	d.need.Hide()
	d.dialog = newNeedFormDialog(lang.L("Add measurement"), lang.L("Add"), lang.L("Cancel"), d.items, func(ok bool) { s.onMeasureClosed(d, ok) }, s.u.win, d.need)
	d.dialog.onValidation = d.checkNeeds
	d.value.OnChanged = func(string) { d.dialog.recheck() }
	d.value2.OnChanged = func(string) { d.dialog.recheck() }
	d.clock.OnChanged = func(string) { d.dialog.recheck() }
	onDate(d.date, d.dialog.recheck)
	// Date and Time are now on the chosen person's clock: switching from Courtney (Los
	// Angeles, 17:58 on 5 Dec) to Ned (this computer's clock, 01:58 on 6 Dec) kept her 17:58
	// (F243). A date or time the person typed or picked is theirs and stays.
	shownDate, shownClock := d.date.Text, d.clock.Text
	d.person.OnChanged = func(string) {
		if i := d.person.SelectedIndex(); i >= 0 {
			d.kinds = s.kindsOf(people[i].ID) // her units, not the last person's
			d.onKind()
		}
		z := d.zone()
		zoneHint(z)
		if d.date.Text == shownDate && d.clock.Text == shownClock {
			t := now.In(z.Loc)
			day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			setDay(d.date, day)
			d.clock.SetText(t.Format("15:04"))
			shownDate, shownClock = d.date.Text, d.clock.Text
		}
		d.dialog.form.Refresh()
	}
	for _, e := range []*widget.Entry{d.value, d.value2, &d.date.Entry, &d.clock.Entry} {
		e.OnSubmitted = func(string) { d.dialog.Submit() }
	}
	chosen := 0
	for i, k := range d.kinds {
		if k.kind == kind {
			chosen = i
		}
	}
	d.kind.SetSelectedIndex(chosen)
	fitForm(d.dialog, s.u.win, 460)
	d.dialog.Show()
	s.u.win.Canvas().Focus(d.value)
	return d
}

func (d *measureDialog) chosen() measureKind {
	if i := d.kind.SelectedIndex(); i >= 0 {
		return d.kinds[i]
	}
	return d.kinds[0]
}

// onKind labels the value fields for the kind chosen.
func (d *measureDialog) onKind() {
	k := d.chosen()
	if k.pair {
		d.items[2].Text = lang.L("Systolic") + " (mmHg)"
		d.items[3].Text = lang.L("Diastolic") + " (mmHg)"
		d.value2.Enable()
		d.value2.Show()
		// "e.g.": a bare grey 80 read as a value already entered (F351).
		d.value.SetPlaceHolder(lang.L("e.g. 120"))
		d.value2.SetPlaceHolder(lang.L("e.g. 80"))
	} else {
		d.items[2].Text = lang.L("Value") + " (" + unitLabel(k.unit) + ")"
		// no Diastolic box under a weight: a disabled one with "e.g. 80" looked live (F400)
		d.items[3].Text = ""
		d.value2.SetText("")
		d.value2.SetPlaceHolder("")
		d.value2.Disable()
		d.value2.Hide()
		d.value.SetPlaceHolder("")
		if k.kind == "height" {
			d.value.SetPlaceHolder(lang.L("e.g. 168 cm or 5 ft 6 in"))
		}
	}
	d.dialog.form.Refresh()
	d.dialog.recheck()
}

// checkNeeds says in the line under the form the first thing the measurement still needs
// ("Enter the diastolic pressure."), nothing once it is complete.
func (d *measureDialog) checkNeeds() {
	if d.need == nil {
		return
	}
	k := d.chosen()
	type field struct {
		name  string
		check func(string) error
		text  string
	}
	fs := []field{{"value", d.value.Validator, d.value.Text}}
	if k.pair {
		fs = []field{{"systolic pressure", d.value.Validator, d.value.Text}, {"diastolic pressure", d.value2.Validator, d.value2.Text}}
	}
	fs = append(fs, field{"date", d.date.Validator, d.date.Text}, field{"time", d.clock.Validator, d.clock.Text})
	need := ""
	for _, f := range fs {
		if f.check == nil {
			continue
		}
		if err := f.check(f.text); err != nil {
			if strings.TrimSpace(f.text) == "" {
				need = fmt.Sprintf(lang.L("Enter the %s."), lang.L(f.name))
			} else {
				need = sentence(lang.L(f.name) + ": " + wholeWords(err))
			}
			break
		}
	}
	if need == "" && d.now != nil && d.zone != nil {
		// A time later than now (9pm typed for 9am): saved without a word, it was left out of
		// the chart and its Latest, and called "dated after today" on the same day (F352).
		if when, err := pickedTime(d.date, d.clock, d.zone().Loc); err == nil {
			if now := d.now(); when.After(now.Add(time.Minute)) {
				need = fmt.Sprintf(lang.L("%s is later than now (%s): a measurement is added once it is taken."),
					when.Format("2 Jan 2006, 15:04"), now.In(when.Location()).Format("15:04"))
				d.dialog.confirm.Disable()
			}
		}
	}
	if d.need.Text != need {
		d.need.SetText(need)
	}
	d.need.Hidden = need == ""
}

func (d *measureDialog) check(t string) error {
	k := d.chosen()
	v, err := k.parse(t)
	if k.kind == "height" && err != nil {
		return fmt.Errorf("%s", lang.L(err.Error()))
	}
	if errors.As(err, new(wrongUnit)) {
		return err
	}
	if err != nil || v < k.lo || v > k.hi {
		return fmt.Errorf(lang.L("a number from %g to %g"), k.lo, k.hi)
	}
	return nil
}

func (s *shell) onMeasureClosed(d *measureDialog, ok bool) {
	if !ok || !s.isCurrent() || d.person.SelectedIndex() < 0 {
		return
	}
	profile := d.people[d.person.SelectedIndex()].ID
	k := d.chosen()
	v1, _ := k.parse(d.value.Text)
	v2, _ := parseNumber(d.value2.Text)
	when, werr := pickedTime(d.date, d.clock, d.zone().Loc)
	if werr != nil {
		showError(s.u.win, lang.L("Could not save the measurement"), werr)
		return
	}
	// A value far from the last reading (47 kg for a girl weighed at 46 lb) is asked about
	// before it is kept: it was saved without a word and shown as a gain of 26 kg (F400).
	if !k.pair {
		z := d.zone()
		if ask := health.FarFromLast(s.recordsSeries(profile, k.code), v1, k.unit, s.u.rem.now(), z.Loc); ask != "" {
			cf := dialog.NewConfirm(lang.L("Is this right?"), sentence(ask), func(yes bool) {
				if yes {
					s.saveMeasured(profile, k, v1, v2, when)
					return
				}
				s.reopenMeasure(d, profile, k)
			}, s.u.win)
			cf.SetConfirmText(fmt.Sprintf(lang.L("Add %s"), health.ValueOf(k.code, "", v1, k.unit)))
			cf.SetDismissText(lang.L("Change it"))
			// "Change it" is the one drawn first and focused, so Enter does not keep the value
			// asked about: "Add 187 kg" was the highlighted button (F428).
			cf.SetConfirmImportance(widget.MediumImportance)
			d.asked, d.askedText = cf, sentence(ask)
			cf.Show()
			focusDialogButton(s.u.win, lang.L("Change it"))
			return
		}
	}
	s.saveMeasured(profile, k, v1, v2, when)
}

// reopenMeasure opens Add measurement again with what d held, to change it.
func (s *shell) reopenMeasure(d *measureDialog, profile string, k measureKind) {
	again := s.openMeasureOf(profile, k.kind)
	if again == nil {
		return
	}
	again.value.SetText(d.value.Text)
	again.value2.SetText(d.value2.Text)
	again.date.SetText(d.date.Text)
	again.clock.SetText(d.clock.Text)
	s.u.win.Canvas().Focus(again.value)
}

// saveMeasured stores a measurement and shows it.
func (s *shell) saveMeasured(profile string, k measureKind, v1, v2 float64, when time.Time) {
	v, ctx := s.v, s.u.ctx
	var err error
	s.u.goVault(func() {
		_, err = saveMeasurement(ctx, v, profile, k, v1, v2, when)
	}, func() {
		if err != nil {
			s.m.showError(lang.L("Could not save the measurement"), err)
			return
		}
		s.load()         // the charts show it
		s.u.rem.reload() // a new weight changes what a dose by weight comes to (F436)
	})
}
