package engines

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// SyncthingOptions tune StartSyncthing. The zero value is the fast set-up tests want.
type SyncthingOptions struct {
	// RescanS is the folder's full rescan interval (default 10 s; the watcher and Scan/Sync
	// find changes sooner). WatchDelayS is the watcher's batching delay (default 1 s, the
	// least Syncthing takes; Syncthing's own default is 10 s).
	RescanS, WatchDelayS int
	// NoWatcher turns the file system watcher off: only rescans and Scan find changes.
	NoWatcher bool
}

// Syncthing is n running Syncthing instances sharing one folder, all connected to each
// other over loopback.
type Syncthing struct {
	// Folders[i] is instance i's copy of the shared folder (it holds Syncthing's ".stfolder"
	// marker directory).
	Folders []string
	// IDs[i] is instance i's device ID.
	IDs   []string
	insts []*stInstance
}

type stInstance struct {
	p      *process
	gui    string // http://127.0.0.1:PORT
	apikey string
}

// FolderID is the shared folder's Syncthing ID.
const FolderID = "carekeeper"

var deviceIDLine = regexp.MustCompile(`Device ID: ([A-Z0-9-]{63})`)

// StartSyncthing starts n (≥ 2) Syncthing instances sharing one folder and returns once
// every pair is connected and the folder is idle everywhere.
func StartSyncthing(tb testing.TB, n int, opt SyncthingOptions) *Syncthing {
	tb.Helper()
	testutil.NeedTool(tb, "syncthing", "syncthing")
	if n < 2 {
		tb.Fatalf("StartSyncthing: %d instances; at least 2 share a folder", n)
	}
	if opt.RescanS <= 0 {
		opt.RescanS = 10
	}
	if opt.WatchDelayS <= 0 {
		opt.WatchDelayS = 1
	}
	base := tb.TempDir()
	s := &Syncthing{Folders: make([]string, n), IDs: make([]string, n), insts: make([]*stInstance, n)}
	homes := make([]string, n)
	for i := range n {
		homes[i] = filepath.Join(base, fmt.Sprintf("home%d", i))
		s.Folders[i] = filepath.Join(base, fmt.Sprintf("folder%d", i))
		if err := os.MkdirAll(filepath.Join(s.Folders[i], ".stfolder"), 0o700); err != nil {
			tb.Fatal(err)
		}
		out, err := exec.Command("syncthing", "generate", "--home", homes[i], "--no-default-folder", "--skip-port-probing").CombinedOutput()
		m := deviceIDLine.FindSubmatch(out)
		if err != nil || m == nil {
			tb.Fatalf("syncthing generate: %v\n%s", err, out)
		}
		s.IDs[i] = string(m[1])
	}
	// Every instance's listening and GUI ports, distinct, free a moment ago: one taken
	// meanwhile (by another test's server, or as an outgoing connection's local port) shows
	// in an instance's log, and all start again on new ports.
	for attempt := 1; ; attempt++ {
		err := s.start(tb, homes, opt)
		if err == nil {
			return s
		}
		if !errors.Is(err, errPortTaken) || attempt == startAttempts {
			tb.Fatal(err)
		}
		tb.Logf("syncthing: starting again on new ports: %v", err)
		for _, in := range s.insts {
			in.p.stop()
		}
		// Each starts again from an empty database (its keys, and so its device id, kept):
		// what an instance recorded of the others in the failed start is not carried over.
		for _, h := range homes {
			dbs, _ := filepath.Glob(filepath.Join(h, "index-*"))
			for _, db := range dbs {
				if err := os.RemoveAll(db); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
}

// startAttempts bounds StartSyncthing's starts on new ports.
const startAttempts = 5

// errPortTaken: an instance could not listen on a port it was given.
var errPortTaken = errors.New("a port was taken between choosing and binding it")

// pickPorts chooses StartSyncthing's ports (a test replaces it to hand out a taken one).
var pickPorts = freePorts

// start writes every instance's configuration with new ports, starts them, and waits until
// every pair is connected and the folder is idle everywhere.
func (s *Syncthing) start(tb testing.TB, homes []string, opt SyncthingOptions) error {
	n := len(homes)
	all := pickPorts(tb, 2*n)
	ports := all[:n]
	for i := range n {
		inst := &stInstance{apikey: secret(), gui: fmt.Sprintf("http://127.0.0.1:%d", all[n+i])}
		if err := os.WriteFile(filepath.Join(homes[i], "config.xml"), []byte(s.config(i, ports, opt)), 0o600); err != nil {
			tb.Fatal(err)
		}
		// STMONITORED: run as the one process (Syncthing 1.19 otherwise forks a child under
		// a monitor even with --no-restart, and only the monitor would die with the test).
		inst.p = start(tb, "syncthing", []string{"STMONITORED=yes", "STNOUPGRADE=1", "STNORESTART=1", "STNODEFAULTFOLDER=1"},
			"serve", "--home", homes[i], "--no-browser", "--no-restart", "--no-upgrade",
			"--gui-address", inst.gui, "--gui-apikey", inst.apikey)
		s.insts[i] = inst
	}
	// A taken GUI port ends the instance ("Failed starting API: … address already in
	// use"); a taken listening port is retried by Syncthing for ever, and no other
	// instance can connect to it.
	taken := func() error {
		for i, in := range s.insts {
			for _, line := range strings.Split(in.p.log.String(), "\n") {
				if strings.Contains(line, "address already in use") {
					return fmt.Errorf("instance %d: %w: %s", i, errPortTaken, strings.TrimSpace(line))
				}
			}
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	for i, inst := range s.insts {
		err := waitFor(ctx, func() (bool, error) {
			if err := taken(); err != nil {
				return false, err
			}
			if inst.p.exited() {
				return false, fmt.Errorf("exited")
			}
			var st struct{ State string }
			if err := inst.get(ctx, "/rest/db/status?folder="+FolderID, &st); err != nil {
				return false, nil
			}
			var c struct {
				Connections map[string]struct{ Connected bool }
			}
			if err := inst.get(ctx, "/rest/system/connections", &c); err != nil {
				return false, nil
			}
			for j, id := range s.IDs {
				if j != i && !c.Connections[id].Connected {
					return false, nil
				}
			}
			return st.State == "idle", nil
		})
		if errors.Is(err, errPortTaken) {
			return err
		}
		if err != nil {
			if terr := taken(); terr != nil {
				return terr
			}
			return errorf(inst.p, "instance %d not connected and idle: %v", i, err)
		}
	}
	return nil
}

// config is instance i's config.xml: every device knows every other at its loopback port;
// nothing leaves loopback.
func (s *Syncthing) config(i int, ports []int, opt SyncthingOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<configuration version=\"36\">\n")
	fmt.Fprintf(&b, "  <folder id=%q label=%q path=%q type=\"sendreceive\" rescanIntervalS=\"%d\" fsWatcherEnabled=\"%v\" fsWatcherDelayS=\"%d\" ignorePerms=\"false\" autoNormalize=\"true\">\n",
		FolderID, FolderID, s.Folders[i], opt.RescanS, !opt.NoWatcher, opt.WatchDelayS)
	for _, id := range s.IDs {
		fmt.Fprintf(&b, "    <device id=%q introducedBy=\"\"></device>\n", id)
	}
	b.WriteString("    <minDiskFree unit=\"%\">0</minDiskFree>\n    <maxConflicts>10</maxConflicts>\n    <markerName>.stfolder</markerName>\n  </folder>\n")
	for j, id := range s.IDs {
		fmt.Fprintf(&b, "  <device id=%q name=\"st%d\" compression=\"metadata\" introducer=\"false\">\n    <address>tcp://127.0.0.1:%d</address>\n    <paused>false</paused>\n  </device>\n", id, j, ports[j])
	}
	fmt.Fprintf(&b, `  <options>
    <listenAddress>tcp://127.0.0.1:%d</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <startBrowser>false</startBrowser>
    <urAccepted>-1</urAccepted>
    <urSeen>3</urSeen>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
    <stunKeepaliveStartS>0</stunKeepaliveStartS>
    <reconnectionIntervalS>1</reconnectionIntervalS>
    <minHomeDiskFree unit="%%">0</minHomeDiskFree>
    <setLowPriority>false</setLowPriority>
    <restartOnWakeup>false</restartOnWakeup>
  </options>
</configuration>
`, ports[i])
	return b.String()
}

func (in *stInstance) request(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, in.gui+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", in.apikey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(body)))
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

func (in *stInstance) get(ctx context.Context, path string, out any) error {
	return in.request(ctx, http.MethodGet, path, out)
}

// Scan has instance i scan the folder now, and returns when the scan is done.
func (s *Syncthing) Scan(ctx context.Context, i int) error {
	in := s.insts[i]
	if err := in.request(ctx, http.MethodPost, "/rest/db/scan?folder="+FolderID, nil); err != nil {
		return errorf(in.p, "scan: %v", err)
	}
	return nil
}

// Sync scans every instance, then waits until every instance holds everything (every
// instance sees every other at 100 %, and none needs anything).
func (s *Syncthing) Sync(ctx context.Context) error {
	for i := range s.insts {
		if err := s.Scan(ctx, i); err != nil {
			return err
		}
	}
	return s.WaitInSync(ctx)
}

// WaitInSync waits, without triggering scans, until every instance holds everything the
// others have announced: each is idle and needs nothing, sees each other at 100 %, and has
// each other's whole index — its view of another instance's sequence is that instance's own
// local sequence. (Without the last, a wait right after a scan could end before the scanning
// instance's index reached the others: an instance that has not received a device's index
// counts nothing as needed by it, so both sides said "in step" with the new files on one side
// only. Seen under load in TestConformanceSyncthing/CreateRead.)
//
// The readings are taken in three rounds, and the last is what decides: (1) every instance's
// own sequence; (2) each instance has every other's index to that sequence; (3) every
// instance again: idle, needing nothing, its sequence unchanged. An instance's need counts
// only the indexes it has received, so it is read again after (2): read once, before (2), an
// instance's "needs nothing" could predate an index that (2) then found arrived — seen in
// TestSyncthingStartsAgainOnTakenPorts (4 runs in 40 under load): instance 1 "idle, needs 0,
// sequence 0", then instance 1 has instance 0's index to sequence 1 (the new file), and
// instance 0 sees instance 1 at 100 % (Syncthing 1.19 counts no need for a device that has
// announced nothing) — "in step" while instance 1 had not begun to pull the file. With (3),
// every sequence is the same in (1) and (3), so nothing changed anywhere in between, and each
// instance's need is read when it holds every other's whole index.
func (s *Syncthing) WaitInSync(ctx context.Context) error {
	last := ""
	err := waitFor(ctx, func() (bool, error) {
		seqs := make([]int64, len(s.insts))
		for i := range s.insts {
			st, err := s.status(ctx, i)
			if err != nil || st == nil {
				return false, err
			}
			if st.State != "idle" || st.NeedTotalItems != 0 {
				last = fmt.Sprintf("instance %d: %s, needs %d items", i, st.State, st.NeedTotalItems)
				return false, nil
			}
			seqs[i] = *st.Sequence
		}
		for i, in := range s.insts {
			for j, id := range s.IDs {
				if j == i {
					continue
				}
				var c struct {
					Completion             float64
					NeedItems, NeedDeletes int
					Sequence               *int64
				}
				if err := in.get(ctx, "/rest/db/completion?folder="+FolderID+"&device="+id, &c); err != nil {
					last = err.Error()
					return false, nil
				}
				if c.Sequence == nil {
					return false, errorf(in.p, "/rest/db/completion says no sequence (a Syncthing older than 1.9?)")
				}
				if *c.Sequence != seqs[j] {
					last = fmt.Sprintf("instance %d has instance %d's index to sequence %d of %d", i, j, *c.Sequence, seqs[j])
					return false, nil
				}
				if c.Completion < 100 || c.NeedItems != 0 || c.NeedDeletes != 0 {
					last = fmt.Sprintf("instance %d sees instance %d at %.1f %%", i, j, c.Completion)
					return false, nil
				}
			}
		}
		for i := range s.insts {
			st, err := s.status(ctx, i)
			if err != nil || st == nil {
				return false, err
			}
			if st.State != "idle" || st.NeedTotalItems != 0 || *st.Sequence != seqs[i] {
				last = fmt.Sprintf("instance %d, with every other's index: %s, needs %d items, sequence %d (was %d)",
					i, st.State, st.NeedTotalItems, *st.Sequence, seqs[i])
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("syncthing: not in step (%s): %w", last, err)
	}
	return nil
}

// folderStatus is the part of /rest/db/status WaitInSync reads.
type folderStatus struct {
	State          string
	NeedTotalItems int
	Sequence       *int64
}

// status is instance i's folder status: nil (and no error) when it cannot be read now (the
// caller waits), an error when the instance has exited or is too old.
func (s *Syncthing) status(ctx context.Context, i int) (*folderStatus, error) {
	in := s.insts[i]
	if in.p.exited() {
		return nil, errorf(in.p, "exited")
	}
	var st folderStatus
	if err := in.get(ctx, "/rest/db/status?folder="+FolderID, &st); err != nil {
		return nil, nil
	}
	if st.Sequence == nil {
		return nil, errorf(in.p, "/rest/db/status says no sequence (a Syncthing older than 1.9?)")
	}
	return &st, nil
}

// SetConnected takes instance i's links to every other instance down (pausing them) or up
// again; up waits until the links are back.
func (s *Syncthing) SetConnected(ctx context.Context, i int, up bool) error {
	in := s.insts[i]
	op := "pause"
	if up {
		op = "resume"
	}
	if err := in.request(ctx, http.MethodPost, "/rest/system/"+op, nil); err != nil {
		return errorf(in.p, "%s: %v", op, err)
	}
	if !up {
		return nil
	}
	err := waitFor(ctx, func() (bool, error) {
		var c struct {
			Connections map[string]struct{ Connected bool }
		}
		if err := in.get(ctx, "/rest/system/connections", &c); err != nil {
			return false, nil
		}
		for j, id := range s.IDs {
			if j != i && !c.Connections[id].Connected {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return errorf(in.p, "links not back: %v", err)
	}
	return nil
}

// Log is instance i's output so far (for a failing test's message).
func (s *Syncthing) Log(i int) string { return s.insts[i].p.tail() }
