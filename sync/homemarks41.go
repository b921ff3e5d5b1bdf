package sync

import (
	"context"
	"fmt"
	"strconv"
	gosync "sync"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Kenji's 30 readings of his "Omron HEM-7361T home monitor" came in a file imported before the
// import marked home readings (storage.Meta.Home, F525 item 12), and Gérard's scale's
// "pèse-personne" before the rule read French (2b0a314): the cards went on offering "Keep track
// of your blood pressure at home" until the file was imported again — and a large file's lazy
// re-import left them unmarked even then. MarkHomeReadings marks them where they are.

// homeRuleKey holds the version of health.MeasuredAtHome (MeasuredAtHomeRule) the vault's
// records were last marked by. This computer's own: each device marks its records, and the
// household carries the marks of the people it manages.
const homeRuleKey = "intake/home-rule"

// homeMarking lets one pass run at a time in the process (the app's screens load together).
var homeMarking gosync.Mutex

// MarkHomeReadings marks the vault's Observations that health.MeasuredAtHome says were
// measured at home and are not marked yet (storage.Meta.Home), once per version of the rule
// (health.MeasuredAtHomeRule): a vault imported before the mark, or before the rule read what
// it reads now. It returns how many records it marked. Nothing is read or written when the
// vault's records were marked by this rule already, or when the vault cannot be written (opened
// read-only); the records of people this computer only views, or no longer has shared, are
// left to the device that manages them (the household brings their marks). The records keep
// everything else (their file, when they came: a move, storage.Batch.Move); they are not
// counted as changed anywhere. An error leaves the marking to be done again at the next call.
func MarkHomeReadings(ctx context.Context, v *storage.Vault) (int, error) {
	if v.ReadOnly() || homeMarked(v) {
		return 0, nil
	}
	homeMarking.Lock()
	defer homeMarking.Unlock()
	if homeMarked(v) { // marked meanwhile
		return 0, nil
	}
	var batch []storage.Record
	n := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := v.Write(ctx, &storage.Batch{Move: true, Records: batch}); err != nil {
			return fmt.Errorf("marking the readings taken at home: %w", err)
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	err := v.Records(ctx, storage.Query{Type: "Observation"}, func(r *storage.Record) error {
		if r.Meta.Home || !r.Meta.Deleted.IsZero() || r.ID.Source == storage.AppSource || v.ViewOnly(r.Profile) {
			return nil
		}
		if _, gone := v.NotShared(r.Profile); gone || !health.MeasuredAtHome(r.Resource) {
			return nil
		}
		rec := *r
		rec.Meta.Home = true
		batch = append(batch, rec)
		if len(batch) >= 500 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return n, err
	}
	err = v.UpdateState(ctx, storage.StateOp{Key: homeRuleKey, Value: []byte(strconv.Itoa(health.MeasuredAtHomeRule))})
	return n, err
}

// homeMarked reports whether the vault's records were marked by this version of the rule.
func homeMarked(v *storage.Vault) bool {
	b, err := v.GetState(homeRuleKey)
	if err != nil {
		return false
	}
	done, err := strconv.Atoi(string(b))
	return err == nil && done >= health.MeasuredAtHomeRule
}
