package household

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"carekeeper/sync/transport"
)

// A vault moved to another place ('household moved', F150) goes on as the same device; the
// vault it was moved from must not. The moved one says so in its own folder with a file
// "d/<device id>/<13 digit ms>-<32 hex>.moved" naming the place it was moved from (a hash the
// caller gives: where a vault runs), signed by the device's key; the vault still at that
// place finds it (MovedFrom) and stops. Readers of segments ignore the name.

var movedNameRe = regexp.MustCompile(`^([0-9]{13})-([0-9a-f]{32})\.moved$`)

func movedBody(household, device string, wall int64, from string) []byte {
	return []byte("carekeeper moved\x00" + household + "\x00" + device + "\x00" + strconv.FormatInt(wall, 10) + "\x00" + from)
}

// MarkMoved writes that this device now runs elsewhere than from (32 hex digits).
func (h *Household) MarkMoved(ctx context.Context, from string, now time.Time) error {
	wall := now.UnixMilli()
	name := fmt.Sprintf("%s/%013d-%s.moved", deviceDir(h.st.Device), wall, from)
	if !movedNameRe.MatchString(name[len(deviceDir(h.st.Device))+1:]) {
		return fmt.Errorf("household: a place moved from must be 32 hex digits")
	}
	if err := h.t.MkdirAll(ctx, deviceDir(h.st.Device)); err != nil {
		return fmt.Errorf("household: making this device's folder: %w", err)
	}
	sig := ed25519.Sign(h.keys.sign, movedBody(h.st.Household, h.st.Device, wall, from))
	if err := h.t.Create(ctx, name, sig); err != nil && !errors.Is(err, transport.ErrExist) {
		return fmt.Errorf("household: saying this device moved: %w", err)
	}
	return nil
}

// MovedFrom lists the places this device was moved from (MarkMoved), each with when, as the
// files signed by this device in its folder say.
func (h *Household) MovedFrom(ctx context.Context) (map[string]time.Time, error) {
	ents, err := h.t.List(ctx, deviceDir(h.st.Device))
	if errors.Is(err, transport.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("household: listing this device's folder: %w", err)
	}
	out := map[string]time.Time{}
	pub := h.keys.sign.Public().(ed25519.PublicKey)
	for _, e := range ents {
		m := movedNameRe.FindStringSubmatch(e.Name)
		if m == nil || e.Dir {
			continue
		}
		wall, _ := strconv.ParseInt(m[1], 10, 64)
		sig, err := h.t.Read(ctx, deviceDir(h.st.Device)+"/"+e.Name, 64)
		if err != nil || !ed25519.Verify(pub, movedBody(h.st.Household, h.st.Device, wall, m[2]), sig) {
			continue
		}
		out[m[2]] = time.UnixMilli(wall).UTC()
	}
	return out, nil
}
