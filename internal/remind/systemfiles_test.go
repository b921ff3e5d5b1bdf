//go:build !windows

package remind

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// $TZ as the C library reads it: a name, or the path of a zone file with or without a colon
// (":/etc/localtime" is a common setting); POSIX rule strings and unknown names are refused
// (Go would silently take UTC for them).
func TestCheckTZ(t *testing.T) {
	paris := "/usr/share/zoneinfo/Europe/Paris"
	if _, err := os.Stat(paris); err != nil {
		t.Fatalf("this test needs the system's zone files: %v", err)
	}
	copied := filepath.Join(t.TempDir(), "myzone")
	data, _ := os.ReadFile(paris)
	os.WriteFile(copied, data, 0o600)
	notZone := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notZone, []byte("not a zone"), 0o600)
	for _, c := range []struct {
		tz   string
		ok   bool
		zone string // what SystemZone reads it as
	}{
		{"", true, ""},
		{"Europe/Paris", true, "Europe/Paris"},
		{":Europe/Paris", true, "Europe/Paris"},
		{paris, true, "Europe/Paris"},
		{":" + paris, true, "Europe/Paris"},
		{copied, true, "myzone"},
		{":/etc/localtime", true, ""},
		{"Mars/Olympus_Mons", false, ""},
		{"UTC0", false, ""},
		{"CET-1CEST,M3.5.0,M10.5.0/3", false, ""},
		{notZone, false, ""},
		{"/no/such/zone", false, ""},
	} {
		getenv := func(string) string { return c.tz }
		err := CheckTZ(getenv)
		if (err == nil) != c.ok || (err != nil && !strings.Contains(err.Error(), "is not a time zone this computer knows")) {
			t.Errorf("TZ=%q: %v, want ok=%v", c.tz, err, c.ok)
		}
		if c.zone != "" {
			if got := SystemZone(getenv).String(); got != c.zone {
				t.Errorf("TZ=%q: SystemZone %s, want %s", c.tz, got, c.zone)
			}
		}
	}
}

// A FIFO in place of the saved agenda is refused, not waited on (the daemon hung).
func TestLoadAgendaFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, AgendaFile), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadAgenda(dir); err == nil || !strings.Contains(err.Error(), "named pipe (FIFO), not a file") {
		t.Errorf("LoadAgenda: %v", err)
	}
}
