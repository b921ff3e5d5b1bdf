package sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/storage"
)

// Sync state keys, all under "sync/<portal id>/":
//
//	pass            the pass in progress (passState)
//	type/<Type>     the checkpoint of one resource type (checkpoint)
//	seen/<Type>/<pass>/<page>  ids seen on one page of a complete type pass (deletions)
//	missing         referenced resources the portal does not have (not asked again)
func syncPrefix(portal string) string         { return "sync/" + portal + "/" }
func passKey(portal string) string            { return syncPrefix(portal) + "pass" }
func checkpointKey(portal, typ string) string { return syncPrefix(portal) + "type/" + typ }
func seenPrefix(portal, typ, pass string) string {
	return syncPrefix(portal) + "seen/" + typ + "/" + pass + "/"
}
func seenKey(portal, typ, pass string, page int) string {
	return fmt.Sprintf("%s%06d", seenPrefix(portal, typ, pass), page)
}
func missingKey(portal string) string { return syncPrefix(portal) + "missing" }

// passState is a sync pass in progress. It is removed when the pass completes; a sync that
// finds one resumes it (the types already done in it are not fetched again).
type passState struct {
	ID       string    `json:"id"`
	Full     bool      `json:"full"`     // a full pass: every type fetched whole, deletions noticed
	Started  time.Time `json:"started"`  // local clock
	RefsDone bool      `json:"refsDone"` // referenced resources fetched
}

// checkpoint is the sync position of one resource type at one portal. It is written in the
// same transaction as each page, so a killed sync resumes at the page after the last one
// stored, and a repeated page changes nothing.
type checkpoint struct {
	// Watermark is the server's time at the start of the last completed pass of this type:
	// the next incremental pass asks for _lastUpdated=gt(Watermark - overlap).
	Watermark time.Time `json:"watermark,omitzero"`
	// NoLastUpdated is set once the server was seen ignoring _lastUpdated (its self link
	// dropped it): later passes of this type fetch everything and compare by content.
	NoLastUpdated bool `json:"noLastUpdated,omitempty"`

	Pass     string    `json:"pass,omitempty"`     // pass the fields below belong to
	Next     string    `json:"next,omitempty"`     // next link to fetch ("" with Pages > 0: done)
	Start    time.Time `json:"start,omitzero"`     // server time at the first page of this pass
	MaxSeen  string    `json:"maxSeen,omitempty"`  // latest meta.lastUpdated seen in this pass
	Pages    int       `json:"pages,omitempty"`    // pages stored in this pass
	Complete bool      `json:"complete,omitempty"` // this pass fetches everything (deletions can be noticed)
	Done     bool      `json:"done,omitempty"`     // this pass of the type is finished
}

func getJSON(v *storage.Vault, key string, out any) (bool, error) {
	b, err := v.GetState(key)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, out); err != nil {
		return false, errors.New("stored sync state is damaged")
	}
	return true, nil
}

func jsonOp(key string, v any) storage.StateOp {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // our own plain structs
	}
	return storage.StateOp{Key: key, Value: b}
}

// ResetCheckpoints forgets where the syncs of a portal stopped: the next sync is a full
// first sync (records already stored are compared by content, not fetched twice into the
// vault).
func ResetCheckpoints(ctx context.Context, v *storage.Vault, portal string) error {
	var ops []storage.StateOp
	err := v.ScanState(ctx, syncPrefix(portal), func(k string, _ []byte) error {
		ops = append(ops, storage.StateOp{Key: k, Delete: true})
		return nil
	})
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, ops...)
}

// seenIDs reads the ids recorded on the pages of a complete type pass.
func seenIDs(ctx context.Context, v *storage.Vault, portal, typ, pass string) (map[string]bool, []storage.StateOp, error) {
	seen := map[string]bool{}
	var del []storage.StateOp
	err := v.ScanState(ctx, seenPrefix(portal, typ, pass), func(k string, b []byte) error {
		del = append(del, storage.StateOp{Key: k, Delete: true})
		for _, id := range strings.Split(string(b), "\n") {
			if id != "" {
				seen[id] = true
			}
		}
		return nil
	})
	return seen, del, err
}

// staleSeen lists the seen keys of a type left by other passes (a restarted type pass).
func staleSeen(ctx context.Context, v *storage.Vault, portal, typ string) ([]storage.StateOp, error) {
	var del []storage.StateOp
	err := v.ScanState(ctx, syncPrefix(portal)+"seen/"+typ+"/", func(k string, _ []byte) error {
		del = append(del, storage.StateOp{Key: k, Delete: true})
		return nil
	})
	return del, err
}
