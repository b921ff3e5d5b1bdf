package applehealth

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// obs builds one Observation's JSON.
type obs struct {
	b        bytes.Buffer
	codingAt int // where more codings of code go
	comps    int
}

func str(b *bytes.Buffer, s string) {
	data, _ := json.Marshal(s)
	b.Write(data)
}

func (s *scanner) observation(id, category, code, display, text, start, end, src string) *obs {
	o := &obs{}
	b := &o.b
	b.WriteString(`{"resourceType":"Observation","id":"`)
	b.WriteString(id)
	b.WriteString(`","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":`)
	str(b, category)
	b.WriteString(`}]}],"code":{"coding":[{"system":"http://loinc.org","code":`)
	str(b, code)
	b.WriteString(`,"display":`)
	str(b, display)
	b.WriteString(`}`)
	o.codingAt = b.Len()
	b.WriteString(`],"text":`)
	str(b, text)
	b.WriteString(`}`)
	if s.opt.Subject != "" {
		b.WriteString(`,"subject":{"reference":`)
		str(b, s.opt.Subject)
		b.WriteString(`}`)
	}
	if start == end {
		b.WriteString(`,"effectiveDateTime":`)
		str(b, start)
	} else {
		b.WriteString(`,"effectivePeriod":{"start":`)
		str(b, start)
		b.WriteString(`,"end":`)
		str(b, end)
		b.WriteString(`}`)
	}
	if src != "" {
		b.WriteString(`,"device":{"display":`)
		str(b, src)
		b.WriteString(`}`)
	}
	return o
}

// coding adds another LOINC coding to the code.
func (o *obs) coding(code, display string) {
	var c bytes.Buffer
	c.WriteString(`,{"system":"http://loinc.org","code":`)
	str(&c, code)
	c.WriteString(`,"display":`)
	str(&c, display)
	c.WriteString(`}`)
	rest := append([]byte(nil), o.b.Bytes()[o.codingAt:]...)
	o.b.Truncate(o.codingAt)
	o.b.Write(c.Bytes())
	o.b.Write(rest)
}

func quantity(b *bytes.Buffer, v float64, unit, code string) {
	b.WriteString(`{"value":`)
	b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	b.WriteString(`,"unit":`)
	str(b, unit)
	b.WriteString(`,"system":"http://unitsofmeasure.org","code":`)
	str(b, code)
	b.WriteString(`}`)
}

func (o *obs) quantity(v float64, unit, code string) {
	o.b.WriteString(`,"valueQuantity":`)
	quantity(&o.b, v, unit, code)
}

// component adds a blood pressure component in mmHg.
func (o *obs) component(code, display string, v float64) {
	if o.comps == 0 {
		o.b.WriteString(`,"component":[`)
	} else {
		o.b.WriteString(`,`)
	}
	o.comps++
	o.b.WriteString(`{"code":{"coding":[{"system":"http://loinc.org","code":`)
	str(&o.b, code)
	o.b.WriteString(`,"display":`)
	str(&o.b, display)
	o.b.WriteString(`}],"text":`)
	str(&o.b, display)
	o.b.WriteString(`},"valueQuantity":`)
	quantity(&o.b, v, "mmHg", "mm[Hg]")
	o.b.WriteString(`}`)
}

func (o *obs) note(text string) {
	if o.comps > 0 {
		o.b.WriteString(`]`)
		o.comps = 0
	}
	o.b.WriteString(`,"note":[{"text":`)
	str(&o.b, text)
	o.b.WriteString(`}]`)
}

func (o *obs) done() []byte {
	if o.comps > 0 {
		o.b.WriteString(`]`)
	}
	o.b.WriteString(`}`)
	return o.b.Bytes()
}
