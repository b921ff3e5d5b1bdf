package ccda

import (
	"encoding/json"
	"sort"
	"strings"
)

// The organizations of one document, grouped: HL7's own examples (and vendors) name one
// organization in several places with different ids (its OID for the author's organization,
// its NPI for the custodian), or once with its address and once without. Each group is one
// Organization. Two elements of the same name (case and spacing ignored) are one group when
// it is safe:
//
//   - they share an id, and their addresses agree or one has none (an address-less copy);
//   - or they have the same address (its use ignored) and no ids that contradict each other
//     (two values of one system: two NPIs, two extensions of one root, two OIDs alone);
//   - or one has no id at all and the same address as exactly one group with ids of its name;
//     without an address, when exactly one group with ids has its name.
//
// A group never holds two addresses or contradicting ids. An element alone keeps the key it
// always had (its first id, else its name), so documents already imported keep their
// Organizations; a group of several is keyed by its NPI, else by the least of its members'
// first ids, whatever the order they come in.

// orgGroup is one organization of the document: the elements that name it.
type orgGroup struct {
	name    string   // normalised
	addr    string   // addresses' signature (orgAddrSig), "" for none
	ids     []string // every id key (iiKey) of its members
	members []*node  // in document order
	key     string   // the key its resource id derives from
	parent  *orgGroup
}

func (g *orgGroup) root() *orgGroup {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

// orgOf is the group of an organization element, nil for one without a name (or not found).
func (c *conv) orgOf(o *node) *orgGroup {
	if c.orgGroups == nil {
		c.orgGroups = groupOrgs(c.doc)
	}
	if g := c.orgGroups[o]; g != nil {
		return g.root()
	}
	return nil
}

// groupOrgs groups every named organization element of the document.
func groupOrgs(doc *node) map[*node]*orgGroup {
	byNode := map[*node]*orgGroup{}
	// Elements alike (name, ids, address) are one variant: a document naming its
	// organization in every entry has a handful of variants, which are compared pairwise.
	variants := map[string]*orgGroup{}
	var order []*orgGroup
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.elems() {
			if strings.HasSuffix(k.name, "Organization") && k.attr("nullFlavor") == "" {
				if name := normName(orgName(k)); name != "" {
					var ids []string
					for _, id := range k.children("id") {
						if key := iiKey(id); key != "" && !contains(ids, key) {
							ids = append(ids, key)
						}
					}
					addr := orgAddrSig(k)
					vk := name + "\x00" + strings.Join(ids, "\x01") + "\x00" + addr
					g := variants[vk]
					if g == nil {
						g = &orgGroup{name: name, addr: addr, ids: ids}
						variants[vk] = g
						order = append(order, g)
					}
					g.members = append(g.members, k)
					byNode[k] = g
				}
			}
			walk(k)
		}
	}
	walk(doc)
	byName := map[string][]*orgGroup{}
	var names []string
	for _, g := range order {
		g.key = orgKey(g.members[0])
		if byName[g.name] == nil {
			names = append(names, g.name)
		}
		byName[g.name] = append(byName[g.name], g)
	}
	for _, name := range names {
		if vs := byName[name]; len(vs) > 1 && len(vs) <= maxOrgVariants {
			joinVariants(vs)
		}
	}
	return byNode
}

// maxOrgVariants bounds the variants of one name that are compared pairwise: a real document
// names an organization in a handful of ways; a hostile one with thousands keeps them apart
// rather than take quadratic time.
const maxOrgVariants = 64

// joinVariants joins the variants of one name that are one organization.
func joinVariants(order []*orgGroup) {
	// Variants with ids, joined until nothing more joins.
	for changed := true; changed; {
		changed = false
		for i, a := range order {
			for _, b := range order[i+1:] {
				ra, rb := a.root(), b.root()
				if ra == rb || len(ra.ids) == 0 || len(rb.ids) == 0 {
					continue
				}
				if (ra.addr != "" && rb.addr != "" && ra.addr != rb.addr) || idsContradict(ra.ids, rb.ids) {
					continue
				}
				shared := false
				for _, id := range ra.ids {
					shared = shared || contains(rb.ids, id)
				}
				if !shared && (ra.addr == "" || ra.addr != rb.addr) {
					continue
				}
				join(ra, rb)
				changed = true
			}
		}
	}
	// A variant without an id joins the one group with ids of its name and address; without
	// an address, the one group with ids of its name.
	for _, a := range order {
		if len(a.ids) > 0 || a.parent != nil {
			continue
		}
		var match *orgGroup
		many := false
		for _, b := range order {
			rb := b.root()
			if len(rb.ids) == 0 || (a.addr != "" && rb.addr != a.addr) || rb == match {
				continue
			}
			many = many || match != nil
			match = rb
		}
		if match != nil && !many {
			join(match, a)
		}
	}
}

// join makes b part of a (both roots).
func join(a, b *orgGroup) {
	b.parent = a
	for _, id := range b.ids {
		if !contains(a.ids, id) {
			a.ids = append(a.ids, id)
		}
	}
	if a.addr == "" {
		a.addr = b.addr
	}
	a.members = append(a.members, b.members...)
	a.key = groupKey(a)
}

// groupKey is the key of a group of several variants: its NPI, else the least first id of
// its members (members without an id have none).
func groupKey(g *orgGroup) string {
	var firsts []string
	for _, m := range g.members {
		k := firstKey(m.children("id"))
		if strings.HasPrefix(k, npiRoot+"^") {
			return k
		}
		if k != "" {
			firsts = append(firsts, k)
		}
	}
	if len(firsts) == 0 {
		return g.key
	}
	sort.Strings(firsts)
	return firsts[0]
}

const npiRoot = "2.16.840.1.113883.4.6"

// idsContradict reports two ids of one system with different values: two extensions of one
// root (two NPIs), or two different roots given alone (two OIDs).
func idsContradict(a, b []string) bool {
	for _, x := range a {
		xr, xe, xok := strings.Cut(x, "^")
		for _, y := range b {
			if x == y {
				continue
			}
			yr, ye, yok := strings.Cut(y, "^")
			if xok && yok && strings.EqualFold(xr, yr) && xe != ye {
				return true
			}
			if !xok && !yok {
				return true
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normName is a name with case and spacing ignored.
func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// orgAddrSig is an organization's addresses with case, spacing and the address's use
// ignored, "" for none.
func orgAddrSig(o *node) string {
	var sig []any
	for _, a := range addresses(o.children("addr")) {
		m := obj{}
		for k, v := range a.(obj) {
			if k != "use" {
				m[k] = v
			}
		}
		sig = append(sig, m)
	}
	if len(sig) == 0 {
		return ""
	}
	b, _ := json.Marshal(sig)
	return strings.ToLower(strings.Join(strings.Fields(string(b)), " "))
}
