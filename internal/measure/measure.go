// Package measure says which measured values no measurement of their kind can have, for every
// import format to leave them out alike (F195: a C-CDA weight of -108.9 kg and a FHIR glucose
// of -5 mg/dL were shown as the person's latest).
package measure

// positive are the measurements (LOINC) a living person's value of is above zero: body weight,
// height, head circumference, BMI, temperature, pulse, breathing rate, blood pressure, oxygen
// saturation, blood glucose, HbA1c.
var positive = map[string]bool{
	"29463-7": true, "3141-9": true, "8302-2": true, "8306-3": true, "8308-9": true, "9843-4": true, "8287-5": true,
	"39156-5": true, "8310-5": true, "8331-1": true, "8332-9": true, "8333-7": true, "8867-4": true, "8889-8": true,
	"9279-1": true, "8480-6": true, "8462-4": true, "2708-6": true, "59408-5": true, "20564-1": true,
	"2339-0": true, "2345-7": true, "2340-8": true, "2341-6": true, "41653-7": true, "14743-9": true, "14749-6": true,
	"15074-8": true, "1558-6": true, "4548-4": true, "17856-6": true,
}

// Reason is why such a value is left out, in plain words.
const Reason = "a value no measurement of its kind can have: zero or below, a percentage over 100, or over a million million"

// most is the largest value a measurement checked can have (health.MaxReadable: Results
// counts one beyond it as a result that could not be read). A heart rate of 1.2e38 from a
// broken file was imported as "1 added" and then shown as "1 result could not be read".
const most = 1e12

// Checked reports whether values of the measurement loinc (a LOINC code) are checked.
func Checked(loinc string) bool { return positive[loinc] }

// Possible reports whether v, of the measurement loinc in unit, is a value such a measurement
// can have: above zero and at most a million million for the measurements checked, and a
// percentage at most 100 (as Apple
// Health's samples are read, internal/applehealth). Any value of another measurement is.
func Possible(loinc, unit string, v float64) bool {
	if !positive[loinc] {
		return true
	}
	return v > 0 && v <= most && !(unit == "%" && v > 100)
}
