package engines

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// WebDAV is a running WebDAV server.
type WebDAV struct {
	URL      string // the root collection, "http://127.0.0.1:PORT/..."/ (ends in "/")
	User     string
	Password string
	Dir      string // where the server keeps the files on disk

	proc  *process
	start func(testing.TB) (*process, error) // starts the server again on URL
}

// SetUp stops the server (up false: connections are refused) or starts it again on the same
// address over the same files (up true), returning once it serves.
func (w *WebDAV) SetUp(tb testing.TB, up bool) {
	tb.Helper()
	if !up {
		w.proc.stop()
		return
	}
	if !w.proc.exited() {
		return
	}
	p, err := w.start(tb)
	if err != nil {
		tb.Fatal(err)
	}
	w.proc = p
}

func secret() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// StartRclone starts `rclone serve webdav` over a new empty directory.
func StartRclone(tb testing.TB) *WebDAV {
	tb.Helper()
	testutil.NeedTool(tb, "rclone", "rclone")
	base := tb.TempDir()
	w := &WebDAV{User: "carekeeper", Password: secret(), Dir: filepath.Join(base, "data")}
	if err := os.Mkdir(w.Dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	conf := filepath.Join(base, "rclone.conf")
	os.WriteFile(conf, nil, 0o600)
	for attempt := 0; ; attempt++ {
		port := freePort(tb)
		w.URL = fmt.Sprintf("http://127.0.0.1:%d/", port)
		w.start = func(tb testing.TB) (*process, error) {
			p := start(tb, "rclone", []string{"RCLONE_CONFIG=" + conf},
				"serve", "webdav", w.Dir,
				"--addr", fmt.Sprintf("127.0.0.1:%d", port),
				"--user", w.User, "--pass", w.Password,
				"--cache-dir", filepath.Join(base, "cache"),
				"--log-level", "NOTICE")
			return p, waitServing(p, w.URL, nil)
		}
		p, err := w.start(tb)
		w.proc = p
		if err == nil {
			return w
		}
		if attempt < 2 && strings.Contains(p.log.String(), "address already in use") {
			continue // the free port was taken meanwhile
		}
		tb.Fatal(err)
	}
}

// waitServing waits until url answers at all (any status: an answer means it serves); extra
// adds to the log shown on failure.
func waitServing(p *process, url string, extra func() string) error {
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	err := waitFor(ctx, func() (bool, error) {
		if p.exited() {
			return false, fmt.Errorf("exited")
		}
		resp, err := http.Get(url)
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return true, nil
	})
	if err != nil {
		if extra != nil {
			p.log.Write([]byte(extra()))
		}
		return errorf(p, "not serving %s: %v", url, err)
	}
	return nil
}

const apacheConf = `ServerRoot "{{base}}"
ServerName 127.0.0.1
Listen 127.0.0.1:{{port}}
PidFile "{{base}}/httpd.pid"
DefaultRuntimeDir "{{base}}"
ErrorLog "{{base}}/error.log"
LogLevel warn
# Every request with its lock headers, shown when a test fails (the start time, the client's
# port, and the duration in microseconds): the order of concurrent LOCKs, MOVEs and UNLOCKs
# explains a failed create.
LogFormat "%{%T}t.%{usec_frac}t %{remote}p %m %U %>s If=\"%{If}i\" Lock-Token=\"%{Lock-Token}i\" answered=\"%{Lock-Token}o\" %Dus" locks
CustomLog "{{base}}/access.log" locks
{{user}}
LoadModule mpm_event_module {{mods}}/mod_mpm_event.so
LoadModule authz_core_module {{mods}}/mod_authz_core.so
LoadModule authn_core_module {{mods}}/mod_authn_core.so
LoadModule authn_file_module {{mods}}/mod_authn_file.so
LoadModule auth_basic_module {{mods}}/mod_auth_basic.so
LoadModule authz_user_module {{mods}}/mod_authz_user.so
LoadModule dav_module {{mods}}/mod_dav.so
LoadModule dav_fs_module {{mods}}/mod_dav_fs.so
StartServers 1
ServerLimit 1
ThreadsPerChild 32
MaxRequestWorkers 32
MinSpareThreads 1
MaxSpareThreads 64
KeepAliveTimeout 5
DocumentRoot "{{data}}"
DavLockDB "{{base}}/lock/davlock"
<Directory />
	Require all denied
	AllowOverride None
</Directory>
<Directory "{{data}}">
	Dav On
	Options None
	AuthType Basic
	AuthName "CareKeeper test"
	AuthBasicProvider file
	AuthUserFile "{{base}}/htpasswd"
	Require valid-user
</Directory>
`

// StartApache starts Apache httpd with mod_dav over a new empty directory.
func StartApache(tb testing.TB) *WebDAV {
	tb.Helper()
	httpd, ok := lookPath("apache2", "/usr/sbin")
	if !ok {
		testutil.NeedTool(tb, "apache2", "apache2")
	}
	testutil.NeedTool(tb, "htpasswd", "apache2-utils")
	mods := "/usr/lib/apache2/modules"
	if _, err := os.Stat(filepath.Join(mods, "mod_dav_fs.so")); err != nil {
		tb.Fatalf("Apache's mod_dav_fs is not in %s (Debian package apache2)", mods)
	}
	// Not tb.TempDir: when the tests run as root, Apache serves as www-data, which must
	// reach the directory.
	base, err := os.MkdirTemp("", "carekeeper-apache-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(base) })
	w := &WebDAV{User: "carekeeper", Password: secret(), Dir: filepath.Join(base, "data")}
	for _, d := range []string{w.Dir, filepath.Join(base, "lock")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			tb.Fatal(err)
		}
	}
	userLine := ""
	if os.Geteuid() == 0 {
		u, err := user.Lookup("www-data")
		if err != nil {
			tb.Fatalf("running as root, Apache needs the user www-data: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chmod(base, 0o711)
		for _, d := range []string{w.Dir, filepath.Join(base, "lock")} {
			if err := os.Chown(d, uid, gid); err != nil {
				tb.Fatal(err)
			}
		}
		userLine = "User www-data\nGroup " + groupName(u)
	}
	out, err := exec.Command("htpasswd", "-bcm", filepath.Join(base, "htpasswd"), w.User, w.Password).CombinedOutput()
	if err != nil {
		tb.Fatalf("htpasswd: %v: %s", err, out)
	}
	if os.Geteuid() == 0 {
		os.Chmod(filepath.Join(base, "htpasswd"), 0o644)
	}
	errLog := func() string { b, _ := os.ReadFile(filepath.Join(base, "error.log")); return string(b) }
	for attempt := 0; ; attempt++ {
		port := freePort(tb)
		conf := strings.NewReplacer("{{base}}", base, "{{port}}", itoa(port), "{{user}}", userLine,
			"{{mods}}", mods, "{{data}}", w.Dir).Replace(apacheConf)
		cf := filepath.Join(base, "httpd.conf")
		if err := os.WriteFile(cf, []byte(conf), 0o600); err != nil {
			tb.Fatal(err)
		}
		w.URL = fmt.Sprintf("http://127.0.0.1:%d/", port)
		w.start = func(tb testing.TB) (*process, error) {
			// A killed Apache leaves its pid file, and a restart would refuse to run while
			// that pid is in use (by a zombie, or anyone).
			os.Remove(filepath.Join(base, "httpd.pid"))
			// -X: one process (with its worker threads), so that nothing outlives it.
			p := startWatched(tb, httpd, nil, "-f", cf, "-X")
			return p, waitServing(p, w.URL, errLog)
		}
		p, err := w.start(tb)
		w.proc = p
		if err == nil {
			break
		}
		if attempt < 2 && strings.Contains(p.log.String(), "Address already in use") {
			continue // the free port was taken meanwhile
		}
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		// Apache's own errors (a failed request) explain a failed test.
		if tb.Failed() {
			if b, err := os.ReadFile(filepath.Join(base, "error.log")); err == nil && len(b) > 0 {
				tb.Logf("Apache error.log:\n%s", b)
			}
			if b, err := os.ReadFile(filepath.Join(base, "access.log")); err == nil && len(b) > 0 {
				lines := strings.SplitAfter(string(b), "\n")
				if len(lines) > 400 {
					lines = append([]string{"…\n"}, lines[len(lines)-400:]...)
				}
				tb.Logf("Apache access.log (requests in the order they ended):\n%s", strings.Join(lines, ""))
			}
		}
	})
	return w
}

func groupName(u *user.User) string {
	if g, err := user.LookupGroupId(u.Gid); err == nil {
		return g.Name
	}
	return "#" + u.Gid
}
