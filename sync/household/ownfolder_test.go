package household_test

import (
	"regexp"
	"strings"
	"testing"
)

// A file with a segment's name in a device's own folder that this device did not sign (anyone
// who can write to the folder can put one there) does not move the device's numbering. Before,
// "…-99999999.seg" made every later segment of the device "…-100000000.seg", a name no device
// reads: all its later changes were silently lost to the household.
func TestForeignFileInOwnFolder(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	dir := "d/" + b.h.DeviceID()
	for _, junk := range [][]byte{
		[]byte(strings.Repeat("x", 1190)),   // not a segment
		b.fs.get(newSegments(b.fs, nil)[0]), // someone's real segment under another number
	} {
		b.fs.set(dir+"/0123456789abcdef-99999999.seg", junk)
		before := b.fs.names()
		b.r.put("record", "dad", "Observation/9", string(junk[:8]), false, clock.Now())
		b.exchange(t, clock.Now())
		strict := regexp.MustCompile(`^d/[0-9a-f]{32}/[0-9a-f]{16}-[0-9]{8}\.seg$`)
		for _, n := range newSegments(b.fs, before) {
			if !strict.MatchString(n) {
				t.Errorf("wrote %s: a name no device reads", n)
			}
		}
		a.fs.syncFrom(b.fs)
		a.exchange(t, clock.Now())
		if v, _ := a.r.value("record", "Observation/9"); v != string(junk[:8]) {
			t.Fatalf("the change after the junk file did not arrive: %q", v)
		}
	}
}
