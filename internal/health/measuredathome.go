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
// Portuguese (F572).
const MeasuredAtHomeRule = 4

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
//   - it was written to the Personal Health Device IG (meta.profile …/fhir/uv/phd/…).
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
	"personenweegschaal", "badkamerweegschaal", "thuisgebruik", "thuismeter", "balança de banheiro", "uso doméstico"}

// homeHints are what mayBeAtHome looks for in a record with a device, in lower case: a part of
// every homeWords and homePhrases word.
var homeHints = [][]byte{[]byte("home"), []byte("personal"), []byte("personnel"), []byte("bathroom"), []byte("household"),
	[]byte("domicil"), []byte("maison"), []byte("domesti"), []byte("domésti"), []byte("casa"), []byte("pèse"),
	[]byte("pese"), []byte("báscula"), []byte("bascula"), []byte("domow"), []byte("domu"), []byte("łazienk"),
	[]byte("osobist"), []byte("heim"), []byte("hause"), []byte("personenwaage"), []byte("badezimmer"),
	[]byte("häuslich"), []byte("persönlich"), []byte("baðherberg"), []byte("baðvog"), []byte("hjemme"), []byte("hemma"),
	[]byte("koti"), []byte("thuis"), []byte("pesapersone"), []byte("badevægt"), []byte("badevekt"), []byte("badrum"),
	[]byte("personv"), []byte("kylpyhuone"), []byte("henkilövaaka"), []byte("personenweeg"), []byte("badkamer"),
	[]byte("banheiro")}
