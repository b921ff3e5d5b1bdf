package sync

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"carekeeper/internal/atomicfile"
	"carekeeper/storage"
)

// Export writes a FHIR R4 Bundle of type collection holding everything a person has (their
// records and the shared ones they refer to), or with profile "" everything in the vault.
// Entries are in a stable order (Patient first, then by type, id and source), with the
// fullUrl each record came with, so export -> import -> export gives the same bytes.
// It returns the number of entries written.
func Export(ctx context.Context, v *storage.Vault, profile string, w io.Writer) (int, error) {
	ids, err := exportSet(ctx, v, profile)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for n, id := range ids {
		if n%256 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		rec, err := v.Get(id)
		if err != nil {
			return 0, fmt.Errorf("reading a record: %w", err)
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n{")
		if rec.Meta.FullURL != "" {
			u, _ := json.Marshal(rec.Meta.FullURL)
			bw.WriteString(`"fullUrl":`)
			bw.Write(u)
			bw.WriteByte(',')
		}
		bw.WriteString(`"resource":`)
		bw.Write(rec.Resource)
		bw.WriteByte('}')
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("writing the export: %w", err)
	}
	return len(ids), nil
}

func exportSet(ctx context.Context, v *storage.Vault, profile string) ([]storage.ID, error) {
	var ids []storage.ID
	in := map[storage.ID]bool{}
	var pending []storage.ID
	err := v.Records(ctx, storage.Query{Profile: profile}, func(r *storage.Record) error {
		ids = append(ids, r.ID)
		in[r.ID] = true
		if profile != "" {
			pending = append(pending, r.Meta.Links...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A person's export also carries the shared records they refer to, transitively.
	for len(pending) > 0 {
		id := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		if in[id] {
			continue
		}
		rec, err := v.Get(id)
		if err != nil || rec.Profile != storage.SharedProfile {
			continue // unresolved, or another person's: not part of this export
		}
		in[id] = true
		ids = append(ids, id)
		pending = append(pending, rec.Meta.Links...)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if (a.Type == "Patient") != (b.Type == "Patient") {
			return a.Type == "Patient"
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Source < b.Source
	})
	return ids, nil
}

// ExportFile writes the export to path atomically (internal/atomicfile), mode 0600: the
// export is plaintext health data, so it is readable by its owner only.
func ExportFile(ctx context.Context, v *storage.Vault, profile, path string) (int, error) {
	var n int
	err := atomicfile.Write(path, func(w io.Writer) (err error) {
		n, err = Export(ctx, v, profile, w)
		return err
	})
	if err != nil {
		// Export's errors say "writing the export", atomicfile's name the file: no second prefix.
		return 0, err
	}
	return n, nil
}
