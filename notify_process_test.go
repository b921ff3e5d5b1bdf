package main

import (
	"bytes"
	"context"
	binenc "encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/notify/notifytest"
)

// TestProcessNotification is the real notification test of issue 3: a private D-Bus session bus,
// a notification server in this test process that records every call it receives
// (notifytest.Server owns org.freedesktop.Notifications), and the real `carekeeper daemon` with
// a dose due a few seconds ahead. The daemon must send exactly one Notify, not before the due
// time, with the expected text and the Taken/Snooze actions; invoking Taken must record the dose
// (a MedicationAdministration) before the notification is withdrawn; SIGTERM must end the
// daemon cleanly.
//
// The schedule works in whole minutes of the person's wall clock. So that the test does not
// wait up to a minute for the next one, the daemon runs in a synthetic time zone
// ("CareKeeper/Test", a TZif file found through $ZONEINFO) whose UTC offset has seconds in it,
// chosen so that the next local minute starts a few seconds from now. Everything else is real:
// the system clock, real timers, the wall-clock schedule. Set CAREKEEPER_NOTIFY_TZ to a real
// zone (America/New_York) to run it there instead (it then waits for the next minute).
//
// It needs dbus-daemon (Debian: dbus; scripts/deps.sh --test) and is skipped without it and
// under -short.
func TestProcessNotification(t *testing.T) {
	if testing.Short() {
		t.Skip("-short (the notification test builds the binary and waits for a due dose)")
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the D-Bus notification test runs on Linux and the BSDs")
	}
	addr := notifytest.StartBus(t)
	srv, err := notifytest.NewServer(notifytest.Connect(t, addr))
	if err != nil {
		t.Fatal(err)
	}

	dir, _ := newVault(t)
	env := childEnv(dir, "DBUS_SESSION_BUS_ADDRESS="+addr)

	// The person, and what one command with an unlock costs here (the lead time is a multiple).
	start := time.Now()
	var person struct{ ID, Name string }
	if err := json.Unmarshal([]byte(run(t, env, "profile", "add", "--name", "Mum", "--json").ok(t).stdout), &person); err != nil {
		t.Fatal(err)
	}
	lead := max(4*time.Second, 4*time.Since(start)+2*time.Second)

	// The zone, and the dose time: the first whole local minute at least lead from now.
	var loc *time.Location
	zoneName := os.Getenv("CAREKEEPER_NOTIFY_TZ")
	if zoneName != "" {
		if loc, err = time.LoadLocation(zoneName); err != nil {
			t.Fatal(err)
		}
		env = append(env, "TZ="+zoneName)
	} else {
		zoneName = "CareKeeper/Test"
		// +05:00:ss, with ss making (now+lead) rounded up to the second a local minute boundary.
		due := time.Now().Add(lead).Truncate(time.Second).Add(time.Second)
		offset := 5*3600 + int((60-due.Unix()%60)%60)
		tzif := fixedZoneTZif(offset)
		if loc, err = time.LoadLocationFromTZData(zoneName, tzif); err != nil {
			t.Fatal(err)
		}
		zi := t.TempDir()
		os.MkdirAll(filepath.Join(zi, "CareKeeper"), 0o755)
		if err := os.WriteFile(filepath.Join(zi, "CareKeeper", "Test"), tzif, 0o644); err != nil {
			t.Fatal(err)
		}
		env = append(env, "TZ="+zoneName, "ZONEINFO="+zi)
	}
	localDue := time.Now().Add(lead).In(loc)
	localDue = time.Date(localDue.Year(), localDue.Month(), localDue.Day(), localDue.Hour(), localDue.Minute(), 0, 0, loc)
	if localDue.Before(time.Now().Add(lead)) {
		localDue = localDue.Add(time.Minute)
	}
	due := localDue
	hhmm := localDue.Format("15:04")

	bundle := filepath.Join(t.TempDir(), "metformin.json")
	if err := os.WriteFile(bundle, doseBundle(localDue), 0o600); err != nil {
		t.Fatal(err)
	}
	// The file is for "Ann Example" and the person is "Mum": a caregiver importing on purpose.
	run(t, env, "import", "--force", "--profile", person.ID, bundle).ok(t)

	ctx, cancel := context.WithDeadline(context.Background(), due.Add(60*time.Second))
	defer cancel()
	daemon := exec.Command(binary(t), "daemon")
	daemon.Env = env
	var stdout, stderr bytes.Buffer
	daemon.Stdout, daemon.Stderr = &stdout, &stderr
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- daemon.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			daemon.Process.Kill()
			<-exited
		}
	}()
	t.Logf("zone %s, dose due at %s local (%s from the start of the daemon)", zoneName, localDue.Format("15:04:05"), time.Until(due).Round(time.Millisecond))

	// Exactly one Notify, not before the due time, with the expected text and actions.
	calls, err := srv.WaitNotify(ctx, 1)
	if err != nil {
		t.Fatalf("no notification within a minute of the due time %s: %v; daemon stderr: %q", hhmm, err, stderr.String())
	}
	n := calls[0]
	latency := n.At.Sub(due)
	t.Logf("notification latency (due time -> Notify received by the server): %v", latency)
	if latency < 0 {
		t.Errorf("notified %v before the due time", -latency)
	}
	// the record's dosage gives no amount, only words: they are said where the amount would
	// be (F457)
	wantTitle := "Mum — " + hhmm + " medicines: Metformin 500 mg (one tablet a day)"
	if n.Summary != wantTitle {
		t.Errorf("summary %q, want %q", n.Summary, wantTitle)
	}
	if !strings.Contains(n.Body, "Taken") {
		t.Errorf("body %q: want it to mention Taken", n.Body)
	}
	if n.AppName != "CareKeeper" {
		t.Errorf("app_name %q", n.AppName)
	}
	if keys := n.ActionKeys(); !slices.Contains(keys, "taken") || !slices.Contains(keys, "snooze") {
		t.Errorf("actions %q: want taken and snooze", n.Actions)
	}
	if i := slices.Index(n.Actions, "taken"); i >= 0 && (i+1 >= len(n.Actions) || n.Actions[i+1] != "Taken") {
		t.Errorf("actions %q: the taken action is not labelled Taken", n.Actions)
	}
	if v, ok := n.Hints["desktop-entry"]; !ok || v.Value() != "org.carekeeper.app" {
		t.Errorf("desktop-entry hint %v", n.Hints["desktop-entry"])
	}

	// Taken: the daemon records the dose durably, then withdraws the notification.
	if err := srv.Invoke(n.ID, "taken"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitClosed(ctx, n.ID); err != nil {
		t.Fatalf("the daemon did not withdraw the notification after Taken (it should, once the dose is recorded): %v; stderr %q", err, stderr.String())
	}

	// SIGTERM: a clean exit. (The daemon holds the vault while it runs, so the dose log is
	// read afterwards; the withdrawal above already says it was written.)
	daemon.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			t.Errorf("after SIGTERM: %v (want exit 0); stderr %q", err, stderr.String())
		}
	case <-ctx.Done():
		t.Fatal("the daemon did not exit after SIGTERM")
	}
	if strings.Contains(stderr.String()+stdout.String(), "Metformin") {
		t.Errorf("the daemon logged health data: stdout %q stderr %q", stdout.String(), stderr.String())
	}
	if got := srv.Notifications(); len(got) != 1 {
		t.Errorf("%d Notify calls, want exactly 1: %+v", len(got), got)
	}

	var admins []struct {
		ResourceType string `json:"resourceType"`
		Status       string `json:"status"`
		Effective    string `json:"effectiveDateTime"`
		Request      *struct {
			Reference string `json:"reference"`
		} `json:"request"`
	}
	p := run(t, childEnv(dir), "records", "--profile", person.ID, "--type", "MedicationAdministration", "--json").ok(t)
	if err := json.Unmarshal([]byte(p.stdout), &admins); err != nil {
		t.Fatal(err)
	}
	if len(admins) != 1 {
		t.Fatalf("%d MedicationAdministration records after Taken, want 1: %+v", len(admins), admins)
	}
	if a := admins[0]; a.Status != "completed" {
		t.Errorf("dose record: %+v", a)
	}
}

// doseBundle is a Patient with one active MedicationRequest: Metformin 500 mg once a day at the
// local time of due (timeOfDay "HH:MM:00"), authored that day.
func doseBundle(due time.Time) []byte {
	b, _ := json.Marshal(map[string]any{
		"resourceType": "Bundle", "type": "collection",
		"entry": []any{
			map[string]any{"fullUrl": "urn:uuid:6a1e3b52-0000-4000-8000-000000000001", "resource": map[string]any{
				"resourceType": "Patient", "id": "notify-test-patient",
				"name":      []any{map[string]any{"given": []string{"Ann"}, "family": "Example"}},
				"birthDate": "1950-04-02",
			}},
			map[string]any{"fullUrl": "urn:uuid:6a1e3b52-0000-4000-8000-000000000002", "resource": map[string]any{
				"resourceType": "MedicationRequest", "id": "notify-test-metformin",
				"status": "active", "intent": "order",
				"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg"},
				"subject":                   map[string]any{"reference": "Patient/notify-test-patient"},
				"authoredOn":                due.Format("2006-01-02"),
				"dosageInstruction": []any{map[string]any{
					"text": "one tablet a day",
					"timing": map[string]any{"repeat": map[string]any{
						"frequency": 1, "period": 1, "periodUnit": "d",
						"timeOfDay": []string{due.Format("15:04:05")},
					}},
				}},
			}},
		},
	})
	return b
}

// fixedZoneTZif is a version 1 TZif file (RFC 8536) of a zone with one fixed UTC offset (in
// seconds) and no transitions.
func fixedZoneTZif(offset int) []byte {
	var b bytes.Buffer
	b.WriteString("TZif")
	b.Write(make([]byte, 16))                      // version 1 (NUL) and 15 reserved bytes
	for _, n := range []uint32{0, 0, 0, 0, 1, 4} { // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
		binenc.Write(&b, binenc.BigEndian, n)
	}
	binenc.Write(&b, binenc.BigEndian, int32(offset))
	b.Write([]byte{0, 0}) // isdst, abbreviation index
	b.WriteString("CKT\x00")
	return b.Bytes()
}
