package fhir

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
)

// Capability is what a server's CapabilityStatement says it can search.
type Capability struct {
	Types        []string            // resource types with search-type
	SearchParams map[string][]string // type -> search parameter names
	FHIRVersion  string
}

// Supports reports whether typ can be searched with param. _id and _count count as
// supported on every searchable type (every server accepts them); anything else, including
// _sort and _lastUpdated, only when the CapabilityStatement lists it for the type (or in
// rest.searchParam for all types): strict servers answer 400 to an unknown parameter.
func (c *Capability) Supports(typ, param string) bool {
	if c == nil || !slices.Contains(c.Types, typ) {
		return false
	}
	switch param {
	case "", "_id", "_count":
		return true
	}
	return slices.Contains(c.SearchParams[typ], param)
}

// Capabilities fetches and parses GET [base]/metadata.
func (c *Client) Capabilities(ctx context.Context) (*Capability, error) {
	resp, err := c.get(ctx, "metadata")
	if err != nil {
		return nil, err
	}
	return ParseCapability(resp.body)
}

// ParseCapability reads a CapabilityStatement's rest[mode=server] resources.
func ParseCapability(body []byte) (*Capability, error) {
	var cs struct {
		ResourceType string `json:"resourceType"`
		FHIRVersion  string `json:"fhirVersion"`
		Rest         []struct {
			Mode        string `json:"mode"`
			SearchParam []struct {
				Name string `json:"name"`
			} `json:"searchParam"`
			Resource []struct {
				Type        string `json:"type"`
				Interaction []struct {
					Code string `json:"code"`
				} `json:"interaction"`
				SearchParam []struct {
					Name string `json:"name"`
				} `json:"searchParam"`
			} `json:"resource"`
		} `json:"rest"`
	}
	if err := json.Unmarshal(body, &cs); err != nil {
		return nil, errors.New("fhir: the CapabilityStatement is not valid JSON")
	}
	if cs.ResourceType != "CapabilityStatement" {
		return nil, errors.New("fhir: metadata did not return a CapabilityStatement")
	}
	c := &Capability{SearchParams: map[string][]string{}, FHIRVersion: cs.FHIRVersion}
	for _, r := range cs.Rest {
		if r.Mode != "server" {
			continue
		}
		var common []string
		for _, sp := range r.SearchParam {
			if sp.Name != "" {
				common = append(common, sp.Name)
			}
		}
		for _, res := range r.Resource {
			if res.Type == "" {
				continue
			}
			search := false
			for _, in := range res.Interaction {
				if in.Code == "search-type" {
					search = true
				}
			}
			if !search {
				continue
			}
			if !slices.Contains(c.Types, res.Type) {
				c.Types = append(c.Types, res.Type)
			}
			ps := c.SearchParams[res.Type]
			for _, sp := range res.SearchParam {
				if sp.Name != "" && !slices.Contains(ps, sp.Name) {
					ps = append(ps, sp.Name)
				}
			}
			for _, n := range common {
				if !slices.Contains(ps, n) {
					ps = append(ps, n)
				}
			}
			c.SearchParams[res.Type] = ps
		}
	}
	return c, nil
}
