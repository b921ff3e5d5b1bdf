package hhvault

import (
	"context"
	"sort"
	"time"

	"carekeeper/sync/household"
)

// NotReachedError is a change to the household refused because the others could not learn it
// now (the WebDAV server down, the shared folder gone): Words say why in FailureWords' clause
// ("the WebDAV server dav.example could not be reached (connection refused)"); nothing was
// changed.
type NotReachedError struct {
	Words string
	Err   error
}

func (e *NotReachedError) Error() string { return e.Words + ": nothing was changed" }
func (e *NotReachedError) Unwrap() error { return e.Err }

// Reached returns nil when the household's files can be reached now, else a
// *NotReachedError saying why.
func Reached(ctx context.Context, h *household.Household, cfg Config) error {
	if err := h.Reach(ctx); err != nil {
		return &NotReachedError{FailureWords(err, cfg), err}
	}
	return nil
}

// Share sets the roles of devices (by device id) for profile, only when the household's files
// can be reached now (Reached): a share made while they cannot be was said done, and the
// others learnt it whenever the server or folder came back. 'share' and the app's Sharing and
// alerts both change roles through it.
func Share(ctx context.Context, h *household.Household, cfg Config, profile string, roles map[string]household.Role, now time.Time) error {
	if err := Reached(ctx, h, cfg); err != nil {
		return err
	}
	ids := make([]string, 0, len(roles))
	for id := range roles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := h.Share(ctx, profile, id, roles[id], now); err != nil {
			return err
		}
	}
	return nil
}
