package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"carekeeper/internal/fhirjson"
)

// AppSource is the ID.Source of everything the person enters in CareKeeper itself: doses
// taken, home measurements, check-ins, their own appointments.
const AppSource = "carekeeper"

// StateOp sets or deletes one entry of app state: small values kept beside the records
// (settings, schedules, reminder state, portals, tokens, sync checkpoints), encrypted like
// everything else in the vault. Keys are namespaced by their owner ("remind/", "portal/", ...).
type StateOp struct {
	Key    string
	Value  []byte
	Delete bool
}

// ErrBadStateKey is returned for an empty, non-UTF-8 or oversized state key.
var ErrBadStateKey = errors.New("invalid state key")

func checkStateKey(k string) error {
	if k == "" || len(k) > 1024 || !utf8.ValidString(k) || strings.IndexByte(k, 0) >= 0 {
		return ErrBadStateKey
	}
	return nil
}

func stateKey(k string) []byte {
	b := make([]byte, 0, len(prefixState)+len(k))
	return append(append(b, prefixState...), k...)
}

// GetState returns the value of a state key, or ErrNotFound.
func (v *Vault) GetState(key string) ([]byte, error) {
	if err := checkStateKey(key); err != nil {
		return nil, err
	}
	var out []byte
	err := v.db.View(func(txn *badger.Txn) error {
		var err error
		out, err = getValue(txn, stateKey(key))
		return err
	})
	return out, err
}

// UpdateState applies ops in one transaction and syncs the vault to disk before returning,
// so what it wrote survives a crash or power loss that follows.
func (v *Vault) UpdateState(ctx context.Context, ops ...StateOp) error {
	if len(ops) == 0 {
		return nil
	}
	_, err := v.Write(ctx, &Batch{State: ops, Durable: true})
	return err
}

// ScanState calls fn for every state entry whose key starts with prefix, in key order.
func (v *Vault) ScanState(ctx context.Context, prefix string, fn func(key string, value []byte) error) error {
	pfx := stateKey(prefix)
	return v.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = pfx
		it := txn.NewIterator(opt)
		defer it.Close()
		n := 0
		for it.Seek(pfx); it.ValidForPrefix(pfx); it.Next() {
			if n++; n%256 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			item := it.Item()
			val, err := item.ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("reading the vault: %w", err)
			}
			k := bytes.TrimPrefix(item.Key(), prefixState)
			if err := fn(string(k), val); err != nil {
				return err
			}
		}
		return nil
	})
}

// NewRecord builds the record of a resource CareKeeper itself creates or receives outside a
// file import: its Meta (date, codes, identifiers) is computed from the FHIR JSON, and its
// relative references ("Type/id") become links to records of the same source.
func NewRecord(profile string, id ID, resource []byte) (Record, error) {
	info, err := fhirjson.Summarize(resource)
	if err != nil {
		return Record{}, fmt.Errorf("reading the resource: %w", err)
	}
	if info.Type != id.Type || (info.ID != "" && info.ID != id.ID) {
		return Record{}, errors.New("the resource's type or id differs from its identity")
	}
	rec := Record{Profile: profile, ID: id, Resource: resource}
	rec.Meta.Date, rec.Meta.Precision = SortableDate(info.Date), fhirjson.DatePrecision(info.Date)
	for _, c := range info.Codes {
		if c.Code != "" {
			rec.Meta.Codes = appendNew(rec.Meta.Codes, c.System+"|"+c.Code)
		}
	}
	for _, ident := range info.Identifiers {
		if ident.Value != "" {
			rec.Meta.Identifiers = appendNew(rec.Meta.Identifiers, ident.System+"|"+ident.Value)
		}
	}
	seen := map[ID]bool{}
	for _, ref := range info.Refs {
		r := fhirjson.ParseReference(ref.Reference)
		if r.Base != "" || r.Type == "" || r.ID == "" || r.Contained || r.Conditional {
			continue
		}
		target := ID{Source: id.Source, Type: r.Type, ID: r.ID}
		if target != id && !seen[target] {
			seen[target] = true
			rec.Meta.Links = append(rec.Meta.Links, target)
		}
	}
	return rec, nil
}

func appendNew(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}
