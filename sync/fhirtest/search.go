package fhirtest

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// snapshot is a cursor-paged search: the result list fixed at the first page.
type snapshot struct {
	id, typ, patient string
	keys             []string
	created          time.Time
}

// query is a parsed, validated search.
type query struct {
	typ      string
	patient  []string // patient / subject values (ids)
	ids      []string
	dates    []datePredicate
	sort     string // "", "_lastUpdated", "-_lastUpdated"
	count    int
	offset   int
	self     url.Values // the parameters applied, for the self link
	selfKeys []string   // their order
}

func (q *query) applied(k, v string) {
	if _, ok := q.self[k]; !ok {
		q.selfKeys = append(q.selfKeys, k)
	}
	q.self[k] = append(q.self[k], v)
}

// encodeOrdered encodes values in key order of first use.
func encodeOrdered(v url.Values, keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		for _, x := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(x))
		}
	}
	return b.String()
}

// refID returns the id of a reference search value "id", "Patient/id" or "<base>/Patient/id".
func refID(v, base string) (string, bool) {
	v = strings.TrimPrefix(v, base+"/")
	if id, ok := strings.CutPrefix(v, "Patient/"); ok {
		v = id
	}
	return v, validID(v)
}

// parseSearch validates a type search. A bad request writes the error and returns nil.
func (s *Server) parseSearch(w http.ResponseWriter, r *http.Request, typ string) *query {
	q := &query{typ: typ, count: s.opts.DefaultCount, self: url.Values{}}
	lenient := strings.Contains(strings.ToLower(r.Header.Get("Prefer")), "handling=lenient")
	allowed := s.searchParams(typ)
	kind := s.typeKind(typ)
	params := r.URL.Query()
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	// Canonical order for the self link: filters first, then result parameters.
	order := func(k string) int {
		switch k {
		case "patient", "subject":
			return 0
		case "_id":
			return 1
		case "_lastUpdated":
			return 2
		case "_sort":
			return 3
		case "_count":
			return 4
		case "_offset":
			return 5
		}
		return 6
	}
	sort.Slice(keys, func(i, j int) bool {
		if order(keys[i]) != order(keys[j]) {
			return order(keys[i]) < order(keys[j])
		}
		return keys[i] < keys[j]
	})
	bad := func(msg string) *query {
		s.outcome(w, http.StatusBadRequest, "invalid", msg)
		return nil
	}
	for _, k := range keys {
		vals := params[k]
		switch {
		case k == "_format":
			continue
		case k == "_count":
			n, err := strconv.Atoi(vals[len(vals)-1])
			if err != nil || n < 0 {
				return bad("_count must be a non-negative integer")
			}
			q.count = min(n, s.opts.MaxCount)
		case k == "_offset" && s.opts.Paging == PagingOffset:
			n, err := strconv.Atoi(vals[len(vals)-1])
			if err != nil || n < 0 {
				return bad("_offset must be a non-negative integer")
			}
			q.offset = n
		case k == "_sort" && !s.opts.NoSort:
			v := vals[len(vals)-1]
			if v != "_lastUpdated" && v != "-_lastUpdated" {
				return bad("_sort supports only _lastUpdated and -_lastUpdated")
			}
			q.sort = v
			q.applied(k, v)
		case slices.Contains(allowed, k):
			for _, v := range vals {
				switch k {
				case "patient", "subject":
					for _, x := range strings.Split(v, ",") {
						id, ok := refID(x, s.base(r))
						if !ok {
							return bad("invalid reference in " + k)
						}
						q.patient = append(q.patient, id)
					}
					q.applied(k, v)
				case "_id":
					q.ids = append(q.ids, strings.Split(v, ",")...)
					q.applied(k, v)
				case "_lastUpdated":
					p, err := parseDateParam(v)
					if err != nil {
						return bad("invalid _lastUpdated value")
					}
					if s.faults().IgnoreLastUpdated {
						continue
					}
					q.dates = append(q.dates, p)
					q.applied(k, v)
				}
			}
		case lenient:
			// Ignored, and so left out of the self link.
		default:
			return bad("unknown or unsupported search parameter: " + k)
		}
	}
	if kind == "compartment" && len(q.patient) == 0 {
		return bad("this server requires the patient (or subject) parameter for " + typ)
	}
	if kind == "shared" && len(q.ids) == 0 {
		s.outcome(w, http.StatusBadRequest, "too-costly", "search "+typ+" by _id (or read it)")
		return nil
	}
	if s.opts.Paging == PagingOffset && q.offset > 0 {
		// In the self link after the filters.
		q.selfKeys = append(q.selfKeys, "_count", "_offset")
		q.self.Set("_count", strconv.Itoa(q.count))
		q.self.Set("_offset", strconv.Itoa(q.offset))
	} else {
		q.selfKeys = append(q.selfKeys, "_count")
		q.self.Set("_count", strconv.Itoa(q.count))
	}
	return q
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, tok *accessToken, typ string) {
	if !allows(tok.scopes, typ, 's') {
		s.forbidden(w, "insufficient_scope", "the granted scopes do not allow searching this type")
		return
	}
	q := s.parseSearch(w, r, typ)
	if q == nil {
		return
	}
	for _, p := range q.patient {
		if p != tok.grant.patient {
			s.forbidden(w, "insufficient_scope", "the access token is for another patient")
			return
		}
	}
	if max := s.opts.MaxOffset; max > 0 && q.offset >= max {
		s.outcome(w, http.StatusBadRequest, "too-costly", "paging beyond offset "+strconv.Itoa(max)+" is not supported: narrow the search (e.g. _lastUpdated)")
		return
	}
	matches := s.match(q, tok.grant.patient)
	base := s.base(r)
	selfURL := base + "/" + typ + "?" + encodeOrdered(q.self, q.selfKeys)
	if s.opts.Paging == PagingOffset {
		end := min(q.offset+q.count, len(matches))
		next := ""
		if end < len(matches) && q.count > 0 {
			nv := url.Values{}
			keys := slices.Clone(q.selfKeys)
			for k, v := range q.self {
				nv[k] = v
			}
			nv.Set("_offset", strconv.Itoa(end))
			if !slices.Contains(keys, "_offset") {
				keys = append(keys, "_offset")
			}
			next = base + "/" + typ + "?" + encodeOrdered(nv, keys)
		}
		s.writeBundle(w, base, selfURL, next, len(matches), s.entries(matches[min(q.offset, len(matches)):end]))
		return
	}
	snap := &snapshot{id: randomID(), typ: typ, patient: tok.grant.patient, keys: matches, created: s.now()}
	end := min(q.count, len(matches))
	next := ""
	if fault := s.faults().NextLinks; q.count > 0 && (end < len(matches) || fault != "") {
		s.mu.Lock()
		if len(s.searches) >= 1000 { // forget expired cursors now and then
			for id, old := range s.searches {
				if !s.clock().Before(old.created.Add(s.cursorTTL())) {
					delete(s.searches, id)
				}
			}
		}
		s.searches[snap.id] = snap
		s.mu.Unlock()
		next = nextLink(fault, base, snap.id, 0, end, q.count, len(matches))
	}
	s.writeBundle(w, base, selfURL, next, len(matches), s.entries(matches[:end]))
}

func pageURL(base, id string, offset, count int) string {
	return base + "?_getpages=" + id + "&_getpagesoffset=" + strconv.Itoa(offset) + "&_count=" + strconv.Itoa(count) + "&_bundletype=searchset"
}

// snapshot returns a live cursor (nil when unknown or expired).
func (s *Server) snapshot(id string) *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, ok := s.searches[id]
	if !ok {
		return nil
	}
	if ttl := s.cursorTTL(); !s.clock().Before(snap.created.Add(ttl)) {
		delete(s.searches, id)
		return nil
	}
	return snap
}

func (s *Server) cursorTTL() time.Duration {
	if s.opts.CursorTTL > 0 {
		return s.opts.CursorTTL
	}
	return time.Hour
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, tok *accessToken, snap *snapshot) {
	params := r.URL.Query()
	for k := range params {
		switch k {
		case "_getpages", "_getpagesoffset", "_count", "_bundletype", "_format":
		default:
			s.outcome(w, http.StatusBadRequest, "invalid", "unexpected parameter on a page link: "+k)
			return
		}
	}
	if snap == nil {
		s.outcome(w, http.StatusGone, "not-found", "search results expired or unknown: search again")
		return
	}
	if snap.patient != tok.grant.patient {
		s.forbidden(w, "insufficient_scope", "these search results belong to another login")
		return
	}
	if !allows(tok.scopes, snap.typ, 's') {
		s.forbidden(w, "insufficient_scope", "the granted scopes do not allow searching this type")
		return
	}
	off, err1 := strconv.Atoi(params.Get("_getpagesoffset"))
	count, err2 := strconv.Atoi(params.Get("_count"))
	if err1 != nil || err2 != nil || off < 0 || count <= 0 {
		s.outcome(w, http.StatusBadRequest, "invalid", "malformed page link")
		return
	}
	count = min(count, s.opts.MaxCount)
	asked := off
	off = min(off, len(snap.keys))
	end := min(off+count, len(snap.keys))
	base := s.base(r)
	next := nextLink(s.faults().NextLinks, base, snap.id, asked, end, count, len(snap.keys))
	s.writeBundle(w, base, pageURL(base, snap.id, asked, count), next, len(snap.keys), s.entries(snap.keys[off:end]))
}

// match returns the keys of the live resources matching q, in result order.
func (s *Server) match(q *query, patient string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var hits []*entry
	for _, e := range s.byType[q.typ] {
		if e.deleted {
			continue
		}
		// Compartment: the token's patient only. Patient and patient= searches need membership;
		// resources outside every compartment show only in _id searches of shared types.
		member := slices.Contains(e.patients, patient)
		if (len(q.patient) > 0 || q.typ == "Patient") && !member || len(e.patients) > 0 && !member {
			continue
		}
		if len(q.ids) > 0 && !slices.Contains(q.ids, e.id) {
			continue
		}
		ok := true
		for _, d := range q.dates {
			if !d.match(e.lastUpdated) {
				ok = false
				break
			}
		}
		if ok {
			hits = append(hits, e)
		}
	}
	switch q.sort {
	case "_lastUpdated":
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].lastUpdated.Before(hits[j].lastUpdated) })
	case "-_lastUpdated":
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].lastUpdated.After(hits[j].lastUpdated) })
	}
	keys := make([]string, len(hits))
	for i, e := range hits {
		keys[i] = e.key()
	}
	return keys
}

// entries returns the current bodies of the keys that still exist (deleted ones drop out).
func (s *Server) entries(keys []string) []*entry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*entry, 0, len(keys))
	for _, k := range keys {
		if e, ok := s.byKey[k]; ok && !e.deleted {
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) writeBundle(w http.ResponseWriter, base, self, next string, total int, es []*entry) {
	// Written by hand: the stored bodies are compact JSON already, and re-encoding them is
	// most of the cost of a page.
	size := 256
	for _, e := range es {
		size += len(e.body) + len(base) + 80
	}
	b := make([]byte, 0, size)
	str := func(s string) {
		q, _ := encode(s) // no HTML escaping of & in links
		b = append(b, q...)
	}
	b = append(b, `{"resourceType":"Bundle","id":`...)
	str(randomID())
	b = append(b, `,"meta":{"lastUpdated":`...)
	str(formatInstant(s.now()))
	b = append(b, `},"type":"searchset"`...)
	if !s.opts.OmitTotal {
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(total), 10)
	}
	b = append(b, `,"link":[{"relation":"self","url":`...)
	str(self)
	b = append(b, '}')
	if next != "" {
		b = append(b, `,{"relation":"next","url":`...)
		str(next)
		b = append(b, '}')
	}
	b = append(b, ']')
	if len(es) > 0 {
		b = append(b, `,"entry":[`...)
		for i, e := range es {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"fullUrl":`...)
			str(base + "/" + e.key())
			b = append(b, `,"resource":`...)
			b = append(b, e.body...)
			b = append(b, `,"search":{"mode":"match"}}`...)
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	w.Header().Set("Content-Type", s.contentType())
	w.Write(b)
}
