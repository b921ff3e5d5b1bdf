package health

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
)

// MeasuredAtHomeRule is MeasuredAtHome's version: 1 the home monitors' English words and the
// performer (1e99ee4), 2 the French and Spanish words of a home device (2b0a314), 3 Polish and
// German (F557 item 4), 4 Icelandic, Danish, Norwegian, Swedish, Finnish, Dutch, Italian and
// Portuguese (F572), 5 a home device in Japanese, Chinese or Korean (家庭用, 家用, 가정용) and a
// code named home blood pressure (家庭血圧, 가정혈압, "home blood pressure": F578).
const MeasuredAtHomeRule = 5

// MeasuredAtHome says an Observation's record says it was measured at home, where nothing
// else does (a record from a file or a portal; what is entered in CareKeeper or comes from
// Apple Health is at home by its key, Key.AtHome). The import marks it (storage.Meta.Home),
// so the cards, which read no resources, know it (F525 item 12: Kenji's 30 readings of his
// "Omron HEM-7361T home monitor" left "Keep track of your blood pressure at home").
//
// A record says so, in FHIR R4's terms, when
//   - its performer (who measured or reported it) is the person (a Patient, or the reference
//     of its subject) or a relative or carer (a RelatedPerson) — as a personal health
//     device's reading has it (HL7's IEEE 11073 examples: performer Patient/…);
//   - its device is named a home or personal one ("… home monitor", "personal glucose meter");
//   - it was written to the Personal Health Device IG (meta.profile …/fhir/uv/phd/…);
//   - its code is named a home blood pressure ("家庭血圧（朝）", "가정혈압", "Home blood
//     pressure": homeCodePhrases), as a Japanese clinic names the readings of a patient's
//     own monitor (F578: Kazuko's 28 mornings).
//
// Its category says nothing of where: "vital-signs" is as much a nurse's reading at the
// clinic as one at home, and a device's model alone ("Omron HEM-7361T") is sold to clinics
// too. A resource that is not an Observation, or cannot be read, is not.
//
// MeasuredAtHomeRule is the rule's version: raise it when the rule reads more (a word, a
// kind of record), and a vault's records are marked again by it (sync.MarkHomeReadings).
func MeasuredAtHome(js []byte) bool {
	if !mayBeAtHome(js) {
		return false
	}
	type ref struct {
		Reference string `json:"reference"`
		Type      string `json:"type"`
		Display   string `json:"display"`
	}
	var o struct {
		ResourceType string `json:"resourceType"`
		Meta         struct {
			Profile []string `json:"profile"`
		} `json:"meta"`
		Subject   ref   `json:"subject"`
		Performer []ref `json:"performer"`
		Device    ref   `json:"device"`
		Code      struct {
			Text   string `json:"text"`
			Coding []struct {
				Display string `json:"display"`
			} `json:"coding"`
		} `json:"code"`
	}
	if json.Unmarshal(js, &o) != nil || o.ResourceType != "Observation" {
		return false
	}
	for _, p := range o.Performer {
		typ := p.Type
		if typ == "" {
			typ = refType(p.Reference)
		}
		if typ == "Patient" || typ == "RelatedPerson" || (p.Reference != "" && p.Reference == o.Subject.Reference) {
			return true
		}
	}
	if homeDevice(o.Device.Display) {
		return true
	}
	names := []string{o.Code.Text}
	for _, c := range o.Code.Coding {
		names = append(names, c.Display)
	}
	for _, n := range names {
		l := strings.ToLower(n)
		for _, p := range homeCodePhrases {
			if strings.Contains(l, p) {
				return true
			}
		}
	}
	for _, pr := range o.Meta.Profile {
		if strings.Contains(pr, "hl7.org/fhir/uv/phd/") {
			return true
		}
	}
	return false
}

// mayBeAtHome is a quick look at the bytes before they are decoded: an import reads every
// observation (a watch's 300,000), and nearly none names a performer who is the person, a
// home device or the PHD IG.
func mayBeAtHome(js []byte) bool {
	if bytes.Contains(js, []byte(`"performer"`)) {
		return true
	}
	if bytes.Contains(js, []byte("/phd/")) {
		return true
	}
	for _, h := range homeCodeHints {
		if bytes.Contains(js, h) {
			return true
		}
	}
	if !bytes.Contains(js, []byte(`"device"`)) {
		return false
	}
	l := bytes.ToLower(js)
	for _, h := range homeHints {
		if bytes.Contains(l, h) {
			return true
		}
	}
	return false
}

// refType is the resource type a reference names: "Patient" of "Patient/p1" or of
// "https://server/fhir/Patient/p1/_history/2"; "" for "urn:uuid:…" and "#contained".
func refType(ref string) string {
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	parts := strings.Split(ref, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-2]
}

// homeDevice says a device's name calls it a home or personal one: "Omron HEM-7361T home
// monitor", "Home BP cuff", "personal glucose meter", a bathroom scale ("Withings Body+
// (pèse-personne)", "báscula de baño"), in English, French or Spanish — the words, not
// "Homerton Hospital"; in Polish and German too ("Pulsoksymetr domowy", "Waga łazienkowa",
// "Personenwaage", "für zu Hause"), and in Icelandic, the Scandinavian languages, Finnish,
// Dutch, Italian and Portuguese ("Withings Body+ (baðherbergisvog)", "badevægt", "hemmabruk",
// "kotikäyttöön", "thuisgebruik", "pesapersone"). A model's name alone says nothing of where it
// is used.
func homeDevice(name string) bool {
	l := strings.ToLower(name)
	for _, p := range homePhrases {
		if strings.Contains(l, p) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if homeWords[w] {
			return true
		}
	}
	return false
}

// homeWords are the words of a device's name that call it a home or personal one.
var homeWords = map[string]bool{"home": true, "personal": true, "bathroom": true, "household": true,
	"domicile": true, "maison": true, "personnel": true, "personnelle": true, "domestique": true,
	"casa": true, "domicilio": true, "doméstico": true, "doméstica": true, "domiciliario": true,
	"domowy": true, "domowa": true, "domowe": true, "domowego": true, "domowym": true, "łazienkowa": true, "łazienkowy": true,
	"osobisty": true, "osobista": true, "heim": true, "zuhause": true, "häuslich": true, "häusliche": true, "häuslicher": true,
	"persönlich": true, "persönliches": true, "persönlicher": true,
	"heima": true, "heimili": true, "heimilis": true, "hjemme": true, "hemma": true, "kotona": true, "koti": true,
	"thuis": true, "domestico": true, "domestica": true, "pesapersone": true}

// homePhrases are phrases of a device's name that call it a home one (a bathroom scale).
var homePhrases = []string{"pèse-personne", "pese-personne", "pèse personne", "báscula de baño", "bascula de baño", "bascula de bano",
	"w domu", "zu hause", "personenwaage", "badezimmerwaage", "heimgerät", "heimmessgerät",
	"baðherbergis", "baðvog", "heimavog", "heimanotk", "heimilisvog", "badevægt", "badevekt", "personvægt", "personvekt",
	"badrumsvåg", "personvåg", "hemmabruk", "hjemmebru", "kylpyhuonevaaka", "henkilövaaka", "kotikäyt", "kotimittari",
	"personenweegschaal", "badkamerweegschaal", "thuisgebruik", "thuismeter", "balança de banheiro", "uso doméstico",
	"家庭用", "家用血", "家用体", "家用體", "家用型", "自宅用", "가정용"}

// homeCodePhrases are phrases of an observation's code's name that call it a reading taken at
// home, in lower case: home blood pressure in Japanese (家庭血圧, 自宅血圧), Chinese (家庭血压,
// 家庭血壓), Korean (가정혈압) and English. Not "血圧" alone, nor the clinic's (診察室血圧).
var homeCodePhrases = []string{"家庭血圧", "自宅血圧", "家庭血压", "家庭血壓", "가정혈압", "가정 혈압", "home blood pressure", "home bp"}

// homeCodeHints are what mayBeAtHome looks for of homeCodePhrases, as records write them.
var homeCodeHints = [][]byte{[]byte("家庭血"), []byte("自宅血圧"), []byte("가정혈압"), []byte("가정 혈압"),
	[]byte("ome blood pressure"), []byte("ome Blood Pressure"), []byte("OME BLOOD PRESSURE"), []byte("ome BP"), []byte("ome bp")}

// homeHints are what mayBeAtHome looks for in a record with a device, in lower case: a part of
// every homeWords and homePhrases word.
var homeHints = [][]byte{[]byte("home"), []byte("personal"), []byte("personnel"), []byte("bathroom"), []byte("household"),
	[]byte("domicil"), []byte("maison"), []byte("domesti"), []byte("domésti"), []byte("casa"), []byte("pèse"),
	[]byte("pese"), []byte("báscula"), []byte("bascula"), []byte("domow"), []byte("domu"), []byte("łazienk"),
	[]byte("osobist"), []byte("heim"), []byte("hause"), []byte("personenwaage"), []byte("badezimmer"),
	[]byte("häuslich"), []byte("persönlich"), []byte("baðherberg"), []byte("baðvog"), []byte("hjemme"), []byte("hemma"),
	[]byte("koti"), []byte("thuis"), []byte("pesapersone"), []byte("badevægt"), []byte("badevekt"), []byte("badrum"),
	[]byte("personv"), []byte("kylpyhuone"), []byte("henkilövaaka"), []byte("personenweeg"), []byte("badkamer"),
	[]byte("banheiro"), []byte("家庭用"), []byte("家用"), []byte("自宅用"), []byte("가정용")}
