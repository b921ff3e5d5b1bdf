package ccda

import (
	"cmp"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// run converts the whole document.
func (c *conv) run() error {
	d := c.doc
	c.docID = firstKey(d.children("id"))
	if c.docID != "" {
		c.docKey = c.docID
	} else {
		sum := sha256.Sum256(c.data)
		c.docKey = "sha256:" + hex.EncodeToString(sum[:])
	}
	c.offset = documentOffset(d.child("effectiveTime").attr("value"))

	docRefID := makeID("DocumentReference", c.docKey)
	c.docRef = "DocumentReference/" + docRefID

	if n := people(d.children("recordTarget")); n > 1 {
		// CDA allows several recordTargets (a family's document), and then its entries do not
		// say whose each is: filed under the first person, the others' records became hers
		// without a word (F180).
		return fmt.Errorf("the document is about %d people, and its entries do not say whose each one is: not imported (CareKeeper imports a document about one person)", n)
	}
	role := d.path("recordTarget", "patientRole")
	c.patientKey = firstKey(c.patientIDs(role))
	if c.patientKey == "" {
		c.patientKey = cmp.Or(c.placeholderWho, c.docKey)
	}
	c.patient = c.mapPatient(role)
	var authors []any
	for _, a := range d.children("author") {
		if ref := c.mapAuthor(a.child("assignedAuthor")); ref != "" {
			authors = append(authors, obj{"reference": ref})
		}
	}
	custodian := c.mapOrganization(d.path("custodian", "assignedCustodian", "representedCustodianOrganization"))
	encounter := c.mapEncompassing(d.path("componentOf", "encompassingEncounter"))

	// The document travels inside its DocumentReference, not as a Binary: a Binary is in no
	// person's compartment, so the importer would file it under the shared records, which a
	// household shares with everyone.
	c.add(c.documentReference(docRefID, authors, custodian, encounter))

	body := d.path("component", "structuredBody")
	for _, comp := range body.children("component") {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		c.mapSection(comp.child("section"), "")
	}
	return c.ctx.Err() // a conversion cut short is an error, never a partial bundle
}

func (c *conv) documentReference(id string, authors []any, custodian, encounter string) obj {
	d := c.doc
	sum := sha1.Sum(c.data)
	title := strings.Join(strings.Fields(d.child("title").textContent()), " ")
	// The document's base64 is written straight into the bundle where this placeholder is
	// (convertBytes): as a string here, then escaped and copied into the bundle, a 10 MB
	// document took 14 MB three more times (F178).
	att := obj{"contentType": "application/xml", "data": c.dataMark(), "size": len(c.data), "hash": b64(sum[:])}
	if title != "" {
		att["title"] = title
	}
	// The document's date also where it is a day alone (no zone offset: DocumentReference.date,
	// an instant, cannot hold it), so an older document is told from a newer (KeepNewer).
	if dt := c.dateTime(d.child("effectiveTime")); dt != "" {
		att["creation"] = dt
	}
	format := "urn:hl7-org:sdwg:ccda-structuredBody:2.1"
	if !d.hasTemplate("2.16.840.1.113883.10.20.22.1.1") || !hasExtension(d, "2.16.840.1.113883.10.20.22.1.1") {
		format = "urn:hl7-org:sdwg:ccda-structuredBody:1.1"
	}
	if d.path("component", "nonXMLBody") != nil {
		format = strings.Replace(format, "structuredBody", "nonXMLBody", 1)
	}
	res := obj{
		"resourceType": "DocumentReference", "id": id, "status": "current", "docStatus": "final",
		"content": []any{obj{"attachment": att, "format": obj{
			"system": "http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode", "code": format}}},
	}
	if ident := identifier(d.child("id")); ident != nil {
		res["masterIdentifier"] = ident
	}
	if t := c.concept(d.child("code")); t != nil {
		res["type"] = t
	}
	if title != "" {
		res["description"] = title
	}
	if c.patient != "" {
		res["subject"] = obj{"reference": c.patient}
	}
	if dt := c.dateTime(d.child("effectiveTime")); strings.Contains(dt, "T") {
		res["date"] = dt
	}
	if len(authors) > 0 {
		res["author"] = authors
	}
	if custodian != "" {
		res["custodian"] = obj{"reference": custodian}
	}
	ctx := obj{}
	if encounter != "" {
		ctx["encounter"] = []any{obj{"reference": encounter}}
	}
	s, e := c.period(d.path("documentationOf", "serviceEvent", "effectiveTime"))
	if s == "" {
		s = c.dateTime(d.child("effectiveTime"))
	}
	if s != "" || e != "" {
		p := obj{}
		if s != "" {
			p["start"] = s
		}
		if e != "" {
			p["end"] = e
		}
		ctx["period"] = p
	}
	if len(ctx) > 0 {
		res["context"] = ctx
	}
	return res
}

func hasExtension(n *node, root string) bool {
	for _, t := range n.children("templateId") {
		if t.attr("root") == root && t.attr("extension") != "" {
			return true
		}
	}
	return false
}

// --- Patient ---

// people counts the different people of a document's recordTargets: one id of a patientRole
// in common, or else the same name and birth time, is one person (a recordTarget repeated).
func people(targets []*node) int {
	type who struct {
		ids         []string
		name, birth string
	}
	var seen []who
	for _, rt := range targets {
		role := rt.child("patientRole")
		w := who{name: strings.Join(strings.Fields(role.path("patient", "name").textContent()), " "),
			birth: strings.TrimSpace(role.path("patient", "birthTime").attr("value"))}
		for _, id := range role.children("id") {
			if k := iiKey(id); k != "" {
				w.ids = append(w.ids, k)
			}
		}
		same := false
		for _, s := range seen {
			same = same || slices.ContainsFunc(w.ids, func(k string) bool { return slices.Contains(s.ids, k) }) ||
				(w.name != "" || w.birth != "") && w.name == s.name && w.birth == s.birth
		}
		if !same {
			seen = append(seen, w)
		}
	}
	return len(seen)
}

// mapPatient maps the recordTarget. A document without one still gets a Patient (with no
// details): everything in it is about someone, and without a Patient the importer would file
// it under the shared records, which a household shares with everyone.
func (c *conv) mapPatient(role *node) string {
	if role == nil {
		role = &node{}
	}
	p := role.child("patient")
	if p == nil {
		p = &node{} // a patientRole without a patient: its ids and address still count
	}
	ids := c.patientIDs(role)
	key := firstKey(ids)
	id := ""
	if key == "" {
		key = c.placeholderWho
	}
	if key != "" {
		id = makeID("Patient", key)
	} else {
		id = makeID("Patient", c.docKey+"#patient")
	}
	res := obj{"resourceType": "Patient", "id": id}
	if ids := identifiers(ids); len(ids) > 0 {
		res["identifier"] = ids
	}
	if names := names(p.children("name")); len(names) > 0 {
		res["name"] = names
	}
	if t := telecoms(role.children("telecom")); len(t) > 0 {
		res["telecom"] = t
	}
	if g := gender(p.child("administrativeGenderCode")); g != "" {
		res["gender"] = g
	}
	if b := c.dateTime(p.child("birthTime")); len(b) >= 4 {
		if i := strings.IndexByte(b, 'T'); i > 0 {
			b = b[:i]
		}
		res["birthDate"] = b
	} else if bt := p.child("birthTime"); c.badDates[bt] {
		// A birth date naming no real day (19751345) is kept as the document gives it and
		// said, as a FHIR file's is: refusing it, or dropping it, would match the person by
		// name alone and leave BORN blank (F336).
		if d := unrealDay(bt.attr("value")); d != "" {
			res["birthDate"] = d
			delete(c.badDates, bt)
		}
	}
	for _, k := range p.kids {
		if k.name == "deceasedInd" && k.attr("value") == "true" {
			res["deceasedBoolean"] = true
		} else if k.name == "deceasedInd" && k.attr("value") == "false" {
			// Said living: a death recorded before is undone by this, and only by this
			// (intake keepDeath, F252).
			res["deceasedBoolean"] = false
		}
	}
	for _, k := range p.kids {
		if k.name == "deceasedTime" {
			if v := c.dateTime(k); v != "" {
				delete(res, "deceasedBoolean")
				res["deceasedDateTime"] = v
			}
		}
	}
	if a := addresses(role.children("addr")); len(a) > 0 {
		res["address"] = a
	}
	if m := c.concept(p.child("maritalStatusCode")); m != nil {
		res["maritalStatus"] = m
	}
	var exts []any
	if e := c.raceExtension(p, "raceCode", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"); e != nil {
		exts = append(exts, e)
	}
	if e := c.raceExtension(p, "ethnicGroupCode", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity"); e != nil {
		exts = append(exts, e)
	}
	if len(exts) > 0 {
		res["extension"] = exts
	}
	var comm []any
	for _, lc := range p.children("languageCommunication") {
		code := strings.TrimSpace(lc.child("languageCode").attr("code"))
		if code == "" {
			continue
		}
		cm := obj{"language": obj{"coding": []any{obj{"system": "urn:ietf:bcp:47", "code": code}}}}
		if lc.child("preferenceInd").attr("value") == "true" {
			cm["preferred"] = true
		}
		comm = append(comm, cm)
	}
	if len(comm) > 0 {
		res["communication"] = comm
	}
	if gp := c.primaryCare(); len(gp) > 0 {
		res["generalPractitioner"] = gp
	}
	return c.add(res)
}

// primaryCare is the person's primary care doctor and their practice: the header's
// serviceEvent performers whose function is PCP ("primary care physician"). A document naming
// them left Care team saying 'No care team yet' (F267). Other performers (a consultant who
// saw the person once) are not the person's own doctor and are left out here.
func (c *conv) primaryCare() []any {
	var out []any
	seen := map[string]bool{}
	for _, doc := range c.doc.children("documentationOf") {
		for _, p := range doc.path("serviceEvent").children("performer") {
			if !strings.EqualFold(strings.TrimSpace(p.child("functionCode").attr("code")), "PCP") {
				continue
			}
			a := p.child("assignedEntity")
			for _, ref := range []string{c.mapAuthor(a), c.mapOrganization(a.child("representedOrganization"))} {
				if ref != "" && !seen[ref] {
					seen[ref] = true
					out = append(out, obj{"reference": ref})
				}
			}
		}
	}
	return out
}

// ombRace and ombEthnicity are the OMB minimum categories (CDC Race & Ethnicity codes).
var ombRace = map[string]bool{"1002-5": true, "2028-9": true, "2054-5": true, "2076-8": true, "2106-3": true, "UNK": true, "ASKU": true}
var ombEthnicity = map[string]bool{"2135-2": true, "2186-5": true}

// raceExtension builds the US Core race or ethnicity extension from raceCode/sdtc:raceCode
// (or ethnicGroupCode/sdtc:ethnicGroupCode).
func (c *conv) raceExtension(p *node, name, url string) obj {
	var subs []any
	var texts []string
	for _, k := range p.kids {
		if k.name != name {
			continue
		}
		code := strings.TrimSpace(k.attr("code"))
		if code == "" {
			if nf := k.attr("nullFlavor"); nf == "UNK" || nf == "ASKU" {
				code = nf
			} else {
				continue
			}
		}
		sys := "urn:oid:2.16.840.1.113883.6.238"
		if code == "UNK" || code == "ASKU" {
			sys = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
		}
		cd := obj{"system": sys, "code": code}
		d := strings.TrimSpace(k.attr("displayName"))
		if d != "" {
			cd["display"] = d
			texts = append(texts, d)
		}
		kind := "detailed"
		if (url[len(url)-4:] == "race" && ombRace[code]) || (url[len(url)-4:] != "race" && ombEthnicity[code]) {
			kind = "ombCategory"
		}
		subs = append(subs, obj{"url": kind, "valueCoding": cd})
	}
	if len(subs) == 0 {
		return nil
	}
	text := strings.Join(texts, ", ")
	if text == "" {
		text = "Unknown"
	}
	subs = append(subs, obj{"url": "text", "valueString": text})
	return obj{"url": url, "extension": subs}
}

func gender(n *node) string {
	if n == nil {
		return ""
	}
	switch strings.ToUpper(strings.TrimSpace(n.attr("code"))) {
	case "M":
		return "male"
	case "F":
		return "female"
	case "UN":
		return "other"
	}
	if n.attr("nullFlavor") != "" {
		return "unknown"
	}
	return ""
}

func names(ns []*node) []any {
	var out []any
	for _, n := range ns {
		if n.attr("nullFlavor") != "" {
			continue
		}
		hn := obj{}
		var given, prefix, suffix []any
		for _, k := range n.elems() {
			t := strings.Join(strings.Fields(k.textContent()), " ")
			if t == "" {
				continue
			}
			switch k.name {
			case "given":
				given = append(given, t)
			case "family":
				if _, ok := hn["family"]; !ok {
					hn["family"] = t
				}
			case "prefix":
				prefix = append(prefix, t)
			case "suffix":
				suffix = append(suffix, t)
			}
		}
		if len(given) > 0 {
			hn["given"] = given
		}
		if len(prefix) > 0 {
			hn["prefix"] = prefix
		}
		if len(suffix) > 0 {
			hn["suffix"] = suffix
		}
		if len(hn) == 0 {
			if t := n.textContent(); t != "" {
				hn["text"] = t
			} else {
				continue
			}
		}
		switch n.attr("use") {
		case "L":
			hn["use"] = "official"
		case "P":
			hn["use"] = "nickname"
		case "A":
			hn["use"] = "anonymous"
		}
		out = append(out, hn)
	}
	return out
}

func nameText(ns []*node) string {
	for _, n := range names(ns) {
		hn := n.(obj)
		var parts []string
		for _, g := range asList(hn["given"]) {
			parts = append(parts, g.(string))
		}
		if f, ok := hn["family"].(string); ok {
			parts = append(parts, f)
		}
		if t, ok := hn["text"].(string); ok && len(parts) == 0 {
			parts = append(parts, t)
		}
		if len(parts) > 0 {
			return strings.Join(parts, " ")
		}
	}
	return ""
}

func asList(v any) []any { l, _ := v.([]any); return l }

func addresses(ns []*node) []any {
	var out []any
	for _, n := range ns {
		if n.attr("nullFlavor") != "" {
			continue
		}
		a := obj{}
		var lines []any
		for _, k := range n.elems() {
			t := strings.Join(strings.Fields(k.textContent()), " ")
			if t == "" {
				continue
			}
			switch k.name {
			case "streetAddressLine":
				lines = append(lines, t)
			case "city", "state", "postalCode", "country":
				a[k.name] = t
			case "county":
				a["district"] = t
			}
		}
		if len(lines) > 0 {
			a["line"] = lines
		}
		if len(a) == 0 {
			continue
		}
		switch strings.Fields(n.attr("use") + " x")[0] {
		case "H", "HP", "HV":
			a["use"] = "home"
		case "WP", "DIR", "PUB":
			a["use"] = "work"
		case "TMP":
			a["use"] = "temp"
		case "OLD", "BAD":
			a["use"] = "old"
		}
		out = append(out, a)
	}
	return out
}

func telecoms(ns []*node) []any {
	var out []any
	for _, n := range ns {
		v := strings.TrimSpace(n.attr("value"))
		if v == "" || n.attr("nullFlavor") != "" {
			continue
		}
		cp := obj{}
		scheme, rest, ok := strings.Cut(v, ":")
		switch strings.ToLower(scheme) {
		case "tel":
			cp["system"], cp["value"] = "phone", strings.TrimPrefix(rest, "//")
		case "mailto":
			cp["system"], cp["value"] = "email", rest
		case "fax":
			cp["system"], cp["value"] = "fax", strings.TrimPrefix(rest, "//")
		case "http", "https":
			cp["system"], cp["value"] = "url", v
		default:
			if !ok {
				cp["system"], cp["value"] = "phone", v
			} else {
				cp["system"], cp["value"] = "other", v
			}
		}
		switch strings.Fields(n.attr("use") + " x")[0] {
		case "H", "HP", "HV":
			cp["use"] = "home"
		case "WP", "DIR", "PUB":
			cp["use"] = "work"
		case "MC", "PG":
			cp["use"] = "mobile"
		case "TMP":
			cp["use"] = "temp"
		}
		out = append(out, cp)
	}
	return out
}

// --- people and organizations ---

// mapAuthor maps an assignedAuthor (or assignedEntity, performer) to a Practitioner, or to its
// Organization when no person is named. It returns the reference, "" if nothing is known.
func (c *conv) mapAuthor(a *node) string {
	if a == nil {
		return ""
	}
	person := a.child("assignedPerson")
	org := c.mapOrganization(a.child("representedOrganization"))
	if person == nil || len(names(person.children("name"))) == 0 {
		return org
	}
	key := firstKey(a.children("id"))
	if key == "" {
		// No id: key the person by their organisation (else the document's custodian) and
		// their normalised name, so each later document from the same provider updates this
		// Practitioner instead of adding another one. Only without either is the key the
		// document's own.
		scope := orgKey(a.child("representedOrganization"))
		if scope == "" {
			scope = orgKey(c.doc.path("custodian", "assignedCustodian", "representedCustodianOrganization"))
		}
		if scope == "" {
			scope = c.docKey
		}
		key = scope + "#name:" + strings.ToLower(strings.Join(strings.Fields(nameText(person.children("name"))), " "))
	}
	id := makeID("Practitioner", key)
	res := obj{"resourceType": "Practitioner", "id": id, "name": names(person.children("name"))}
	if ids := identifiers(a.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	if t := telecoms(a.children("telecom")); len(t) > 0 {
		res["telecom"] = t
	}
	if ad := addresses(a.children("addr")); len(ad) > 0 {
		res["address"] = ad
	}
	if q := c.concept(a.child("code")); q != nil {
		res["qualification"] = []any{obj{"code": q}}
	}
	return c.add(res)
}

// mapOrganization maps an organization; one without an id is keyed by its name, so the same
// provider named in several documents is one Organization. The elements of the document that
// name the same organization (orgOf: its author's organization and custodian with other ids,
// a copy without the address) are one Organization with the ids, telecoms and address of all.
func (c *conv) mapOrganization(o *node) string {
	key := orgKey(o)
	if key == "" {
		return ""
	}
	members := []*node{o}
	g := c.orgOf(o)
	if g != nil {
		if ref, ok := c.orgRefs[g]; ok {
			// made already: a document naming its organization in every entry reads
			// the group's members once
			if c.plan != nil {
				c.plan.note(ref)
			}
			return ref
		}
		key, members = g.key, g.members
	}
	id := makeID("Organization", key)
	res := obj{"resourceType": "Organization", "id": id, "active": true}
	if name := orgName(members[0]); name != "" {
		res["name"] = name
	}
	var ids, tels, addrs []any
	seen := map[string]bool{}
	for _, m := range members {
		for _, n := range m.children("id") {
			if k := iiKey(n); k != "" && !seen["id:"+k] {
				seen["id:"+k] = true
				if ident := identifier(n); ident != nil {
					ids = append(ids, ident)
				}
			}
		}
		for _, t := range telecoms(m.children("telecom")) {
			if b, _ := json.Marshal(t); !seen["tel:"+string(b)] {
				seen["tel:"+string(b)] = true
				tels = append(tels, t)
			}
		}
		if addrs == nil {
			addrs = addresses(m.children("addr"))
		}
	}
	if len(ids) > 0 {
		res["identifier"] = ids
	}
	if len(tels) > 0 {
		res["telecom"] = tels
	}
	if len(addrs) > 0 {
		res["address"] = addrs
	}
	ref := c.add(res)
	if g != nil {
		if c.orgRefs == nil {
			c.orgRefs = map[*orgGroup]string{}
		}
		c.orgRefs[g] = ref
	}
	return ref
}

// mapLocation maps a Service Delivery Location (a participantRole with a playingEntity) or a
// header's healthCareFacility (its location/name, else the place's addr) to a Location. A
// place without a name is left out: an address alone or a kind alone ('Urgent Care Center')
// does not say where the visit was. Keyed by its id, else by its name and address, so the same
// place in another document is one Location.
func (c *conv) mapLocation(role *node) string {
	if role == nil || role.attr("nullFlavor") != "" {
		return ""
	}
	place := role.child("playingEntity")
	if place == nil {
		place = role.child("location") // healthCareFacility/location
	}
	name := ""
	if place != nil {
		name = strings.Join(strings.Fields(orgName(place)), " ")
	}
	if name == "" {
		return ""
	}
	addrNode := role
	if len(addresses(role.children("addr"))) == 0 && place != nil {
		addrNode = place // healthCareFacility/location/addr
	}
	key := firstKey(role.children("id"))
	if key == "" {
		key = "name:" + normName(name) + "|" + orgAddrSig(addrNode)
	}
	res := obj{"resourceType": "Location", "id": makeID("Location", key), "name": name}
	if ids := identifiers(role.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	if t := c.concept(role.child("code")); t != nil {
		res["type"] = []any{t}
	}
	if t := telecoms(role.children("telecom")); len(t) > 0 {
		res["telecom"] = t
	}
	if ad := addresses(addrNode.children("addr")); len(ad) > 0 {
		res["address"] = ad[0]
	}
	return c.add(res)
}

// orgName is an organization's first non-empty name.
func orgName(o *node) string {
	for _, n := range o.children("name") {
		if t := n.textContent(); t != "" {
			return t
		}
	}
	return ""
}

// orgKey is the key an organization's resource id derives from: its id, else its lower-cased
// name; "" for none or a nullFlavor.
func orgKey(o *node) string {
	if o == nil || o.attr("nullFlavor") != "" {
		return ""
	}
	if key := firstKey(o.children("id")); key != "" {
		return key
	}
	if name := orgName(o); name != "" {
		return "name:" + strings.ToLower(name)
	}
	return ""
}

// mapEncompassing maps the header's encompassingEncounter.
func (c *conv) mapEncompassing(e *node) string {
	if e == nil {
		return ""
	}
	return c.encounter(e, "header")
}

// unrealDay is a CDA birthTime of 6 or 8 digits (and any time after them) that names no real
// month or day, written as FHIR writes a date ("19751345" → "1975-13-45"), or "".
func unrealDay(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, "+-."); i >= 0 {
		v = v[:i]
	}
	if len(v) > 8 && len(v) <= 14 {
		v = v[:8]
	}
	if (len(v) != 6 && len(v) != 8) || strings.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) || v[:4] == "0000" {
		return ""
	}
	if len(v) == 6 {
		return v[:4] + "-" + v[4:6]
	}
	return v[:4] + "-" + v[4:6] + "-" + v[6:8]
}
