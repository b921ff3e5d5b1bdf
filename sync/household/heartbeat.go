package household

import (
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/sync/transport"
)

// A device that only reads writes no segment for hours (its acknowledgement goes alone at most
// every 6 hours), so by segments alone it would look unseen that long. It says it is there with a
// heartbeat instead: at most every HeartbeatEvery, when it sent nothing in that time, an empty-
// looking file in its own folder, "d/<device id>/<HLC wall ms, 13 digits>.seen", holding only the
// ed25519 signature (64 bytes) over "CKHB" 1 | household id | device id | wall ms (u64 BE).
// Writing one removes its older ones, so each device has at most one (a create and a remove per
// HeartbeatEvery; nothing else on the wire). Others take its time as the device's last seen if it
// verifies with the device's key and is not ahead of their clock by more than hlc's bound; a
// file that does not verify is never read again. It carries nothing but the time, which the
// file's own time shows anyway.

// HeartbeatEvery is how often at most a device that sends nothing else says it is there.
const HeartbeatEvery = 15 * time.Minute

var seenNameRe = regexp.MustCompile(`^([0-9]{13})\.seen$`)

func heartbeatBody(household, device string, wall int64) []byte {
	hh, _ := unhexID(household)
	dev, _ := unhexID(device)
	b := append([]byte("CKHB\x01"), hh...)
	b = append(b, dev...)
	return binary.BigEndian.AppendUint64(b, uint64(wall))
}

// heartbeat writes this device's heartbeat when it is due (nothing sent, no heartbeat, for
// HeartbeatEvery) and removes its older ones.
func (h *Household) heartbeat(ctx context.Context, now time.Time) error {
	self := h.st.Device
	last := max(h.st.LastSeen[self], h.st.HeartbeatAt)
	if now.UnixMilli()-last < HeartbeatEvery.Milliseconds() {
		return nil
	}
	wall := h.clock.Now(now).Wall
	name := fmt.Sprintf("%s/%013d.seen", deviceDir(self), wall)
	sig := ed25519.Sign(h.keys.sign, heartbeatBody(h.st.Household, self, wall))
	if err := h.t.Create(ctx, name, sig); err != nil && !errors.Is(err, transport.ErrExist) {
		return fmt.Errorf("household: saying this device is there: %w", err)
	}
	ents, err := h.t.List(ctx, deviceDir(self))
	if err != nil {
		return fmt.Errorf("household: listing this device's folder: %w", err)
	}
	for _, e := range ents {
		if m := seenNameRe.FindStringSubmatch(e.Name); m != nil && !e.Dir && deviceDir(self)+"/"+e.Name != name {
			if err := h.t.Remove(ctx, deviceDir(self)+"/"+e.Name); err != nil && !errors.Is(err, transport.ErrNotExist) {
				return fmt.Errorf("household: removing an old heartbeat: %w", err)
			}
		}
	}
	h.st.HeartbeatAt = wall
	return h.save(ctx)
}

// takeHeartbeat reads a device's heartbeat file (name in its folder) if it says something newer
// than what is known of the device; reports whether the state changed.
func (h *Household) takeHeartbeat(ctx context.Context, dev, file string, now time.Time) bool {
	wall, ok := parseSeenName(file)
	name := deviceDir(dev) + "/" + file
	if !ok || h.st.Foreign[name] || wall <= h.st.LastSeen[dev] {
		return false
	}
	rec, ok := h.st.deviceRec(dev)
	if _, gone := h.st.revoked(dev); !ok || gone {
		return false
	}
	if hlc.Check(hlc.Stamp{Wall: wall}, now) != nil {
		return false // ahead of this clock: looked at again later
	}
	sig, err := h.t.Read(ctx, name, 128)
	if err != nil {
		return false // gone, or not yet whole: looked at again next time
	}
	if !heartbeatOK(rec.Sign, h.st.Household, dev, wall, sig) {
		h.st.Foreign[name] = true
		return true
	}
	h.st.LastSeen[dev] = wall
	return true
}

// parseSeenName reads "<13 digit HLC wall ms>.seen".
func parseSeenName(file string) (int64, bool) {
	m := seenNameRe.FindStringSubmatch(file)
	if m == nil {
		return 0, false
	}
	wall, err := strconv.ParseInt(m[1], 10, 64)
	return wall, err == nil
}

// heartbeatOK: sig is dev's signature (public key sign) of its heartbeat at wall.
func heartbeatOK(sign ed25519.PublicKey, household, dev string, wall int64, sig []byte) bool {
	return len(sign) == ed25519.PublicKeySize && ed25519.Verify(sign, heartbeatBody(household, dev, wall), sig)
}
