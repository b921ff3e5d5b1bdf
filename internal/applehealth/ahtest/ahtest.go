// Package ahtest writes synthetic Apple Health export.xml files for tests and benchmarks. They
// follow Apple's published export format: the DTD in every export.xml header ("HealthKit Export
// Version: 11", as in the public sample opendroid/hk public/sampleexport-2.xml, MIT) with the
// attribute forms, date format, units and device strings of real exports. The values are made up.
package ahtest

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// DTD is the DOCTYPE of a HealthKit Export Version 11 export.xml, shortened to the elements
// these files use.
const DTD = `<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 11 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|Audiogram|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
`

// brokenTail is how iOS 16 (Export Version 12) ends its DTD: an ATTLIST without its '>'.
const brokenTail = `<!ATTLIST VisionPrescription
  type CDATA #REQUIRED
  dateIssued CDATA #REQUIRED
]>
`

// Options shape a synthetic export.
type Options struct {
	Days      int       // days of data
	PerDay    int       // heart rate samples a day (besides the daily vitals)
	Start     time.Time // first day (default 2024-01-01 -0800)
	BrokenDTD bool      // the iOS 16 DTD
	VT        bool      // a U+000B in a source name, as real exports have
	Clinical  []Clinical
}

// Clinical is a ClinicalRecord element.
type Clinical struct{ Type, Path, URL, FHIRVersion string }

const watch = `&lt;&lt;HKDevice: 0x2820680f0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch4,2, software:7.2&gt;`

// Write writes an export.xml. Per day: PerDay heart rates (Watch), one blood pressure
// correlation (with its two records repeated at top level), weight (lb), glucose (mmol/L),
// oxygen saturation (%), temperature (degF), respiratory rate, steps from both the iPhone and
// the Watch, active energy, and a kind CareKeeper does not import; height once; one workout.
func Write(w io.Writer, o Options) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	start := o.Start
	if start.IsZero() {
		start = time.Date(2024, 1, 1, 8, 0, 0, 0, time.FixedZone("", -8*3600))
	}
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(DTD)
	if o.BrokenDTD {
		p(brokenTail)
	} else {
		p("]>\n")
	}
	p(`<HealthData locale="en_US">` + "\n")
	p(` <ExportDate value="%s"/>`+"\n", ts(start.AddDate(0, 0, o.Days)))
	p(` <Me HKCharacteristicTypeIdentifierDateOfBirth="1970-01-01" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>` + "\n")
	phone := "Sam’s iPhone"
	if o.VT {
		phone = "Sam’s\u000biPhone"
	}
	rec := func(typ, unit, value, source, device string, at time.Time, end time.Time) {
		dev := ""
		if device != "" {
			dev = ` device="` + device + `"`
		}
		p(` <Record type="%s" sourceName="%s" sourceVersion="7.2"%s unit="%s" creationDate="%s" startDate="%s" endDate="%s" value="%s"/>`+"\n",
			typ, source, dev, unit, ts(end), ts(at), ts(end), value)
	}
	rec("HKQuantityTypeIdentifierHeight", "ft", "5.75", "Health", "", start, start)
	for d := 0; d < o.Days; d++ {
		day := start.AddDate(0, 0, d)
		for i := 0; i < o.PerDay; i++ {
			at := day.Add(time.Duration(i) * 24 * time.Hour / time.Duration(max(o.PerDay, 1)))
			rec("HKQuantityTypeIdentifierHeartRate", "count/min", fmt.Sprint(58+(d*7+i*13)%40), "Sam’s Apple Watch", watch, at, at)
		}
		bp := day.Add(time.Hour)
		sys, dia := fmt.Sprint(112+d%20), fmt.Sprint(70+d%12)
		p(` <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" sourceVersion="2" creationDate="%s" startDate="%s" endDate="%s">`+"\n", ts(bp), ts(bp), ts(bp))
		p(`  <MetadataEntry key="HKWasUserEntered" value="0"/>` + "\n")
		for _, r := range [][2]string{{"Systolic", sys}, {"Diastolic", dia}} {
			p(`  <Record type="HKQuantityTypeIdentifierBloodPressure%s" sourceName="Omron" sourceVersion="2" unit="mmHg" creationDate="%s" startDate="%s" endDate="%s" value="%s"/>`+"\n", r[0], ts(bp), ts(bp), ts(bp), r[1])
		}
		p(" </Correlation>\n")
		rec("HKQuantityTypeIdentifierBloodPressureSystolic", "mmHg", sys, "Omron", "", bp, bp)
		rec("HKQuantityTypeIdentifierBloodPressureDiastolic", "mmHg", dia, "Omron", "", bp, bp)
		rec("HKQuantityTypeIdentifierBodyMass", "lb", fmt.Sprintf("%.1f", 150+float64(d%10)/2), "Renpho", "", day, day)
		rec("HKQuantityTypeIdentifierBloodGlucose", "mmol&lt;180.1558800000541&gt;/L", "5.4", "OneTouch", "", day.Add(2*time.Hour), day.Add(2*time.Hour))
		rec("HKQuantityTypeIdentifierOxygenSaturation", "%", "0.97", "Sam’s Apple Watch", watch, day.Add(3*time.Hour), day.Add(3*time.Hour))
		rec("HKQuantityTypeIdentifierBodyTemperature", "degF", "98.4", "Health", "", day.Add(4*time.Hour), day.Add(4*time.Hour))
		rec("HKQuantityTypeIdentifierRespiratoryRate", "count/min", "14", "Sam’s Apple Watch", watch, day.Add(5*time.Hour), day.Add(5*time.Hour))
		for i := 0; i < 4; i++ {
			at := day.Add(time.Duration(i) * 3 * time.Hour)
			rec("HKQuantityTypeIdentifierStepCount", "count", "1000", phone, "", at, at.Add(10*time.Minute))
			rec("HKQuantityTypeIdentifierStepCount", "count", "1100", "Sam’s Apple Watch", watch, at, at.Add(10*time.Minute))
			rec("HKQuantityTypeIdentifierActiveEnergyBurned", "Cal", "25.5", "Sam’s Apple Watch", watch, at, at.Add(10*time.Minute))
		}
		rec("HKQuantityTypeIdentifierEnvironmentalAudioExposure", "dBASPL", "68.0391", "Sam’s Apple Watch", watch, day, day.Add(30*time.Minute))
	}
	p(` <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="30" durationUnit="min" sourceName="Lose It!" sourceVersion="2" creationDate="%s" startDate="%s" endDate="%s">`+"\n", ts(start), ts(start), ts(start))
	p(`  <MetadataEntry key="HKExternalUUID" value="CD17BFF8-BE6D-4588-AA78-724556D252FE"/>` + "\n")
	p(" </Workout>\n")
	for _, c := range o.Clinical {
		p(` <ClinicalRecord type="%s" identifier="x" sourceName="Clinic" sourceURL="%s" fhirVersion="%s" receivedDate="%s" resourceFilePath="%s"/>`+"\n", c.Type, c.URL, c.FHIRVersion, ts(start), c.Path)
	}
	p("</HealthData>\n")
	return bw.Flush()
}

func ts(t time.Time) string { return t.Format("2006-01-02 15:04:05 -0700") }
