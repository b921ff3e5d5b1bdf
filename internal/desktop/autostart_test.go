package desktop

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var app = Autostart{AppID: "org.carekeeper.app", Name: "CareKeeper", Exec: "/opt/Care Keeper/carekeeper", Args: []string{"--background"}}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update to rewrite):\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	golden(t, "autostart.desktop", app.desktopEntry())
	golden(t, "launchagent.plist", app.launchAgent())
}

// The XDG entry through the public API, in a temporary $XDG_CONFIG_HOME.
func TestAutostartXDG(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("XDG autostart is for Linux and the BSDs")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	path := filepath.Join(cfg, "autostart", "org.carekeeper.app.desktop")
	steps := []struct {
		name string
		do   func() error
		want bool
	}{
		{"initially", func() error { return nil }, false},
		{"disable when absent", app.Disable, false},
		{"enable", app.Enable, true},
		{"enable again", app.Enable, true},
		{"switched off in the session settings", func() error {
			b, _ := os.ReadFile(path)
			return os.WriteFile(path, bytes.Replace(b, []byte("X-GNOME-Autostart-enabled=true"), []byte("X-GNOME-Autostart-enabled=false"), 1), 0o644)
		}, false},
		{"enable rewrites", app.Enable, true},
		{"hidden", func() error { return os.WriteFile(path, []byte("[Desktop Entry]\nHidden=true\n"), 0o644) }, false},
		{"enable after hidden", app.Enable, true},
		{"disable", app.Disable, false},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := app.Enabled()
		if err != nil || got != s.want {
			t.Errorf("%s: Enabled() = %v, %v; want %v", s.name, got, err, s.want)
		}
	}
	// No temporary files left behind; the file is readable by the session.
	entries, _ := os.ReadDir(filepath.Join(cfg, "autostart"))
	if len(entries) != 0 {
		t.Errorf("left in autostart/: %v", entries)
	}
	app.Enable()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("entry: %v %v", fi, err)
	}
}

func TestLaunchAgentFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Library", "LaunchAgents")
	for _, s := range []struct {
		do   func(string) error
		want bool
	}{{app.plistDisable, false}, {app.plistEnable, true}, {app.plistEnable, true}, {app.plistDisable, false}} {
		if err := s.do(dir); err != nil {
			t.Fatal(err)
		}
		if got, err := app.plistEnabled(dir); err != nil || got != s.want {
			t.Errorf("plistEnabled = %v, %v; want %v", got, err, s.want)
		}
	}
}

func TestAutostartValidation(t *testing.T) {
	for _, a := range []Autostart{
		{AppID: "", Name: "CareKeeper", Exec: "/bin/ck"},
		{AppID: "../evil", Name: "CareKeeper", Exec: "/bin/ck"},
		{AppID: "a/b", Name: "CareKeeper", Exec: "/bin/ck"},
		{AppID: "org.carekeeper.app", Name: "", Exec: "/bin/ck"},
		{AppID: "org.carekeeper.app", Name: "Care\nKeeper", Exec: "/bin/ck"},
		{AppID: "org.carekeeper.app", Name: "CareKeeper", Exec: "ck"},
		{AppID: "org.carekeeper.app", Name: "CareKeeper", Exec: "/bin/ck", Args: []string{"a\nb"}},
	} {
		if err := a.Enable(); err == nil {
			t.Errorf("Enable accepted %+v", a)
		}
	}
}

// unquoteExec undoes desktopExec as a desktop-entry reader does: the string-value escapes
// first, then the Exec quoting rules, then %% -> %.
func unquoteExec(t testing.TB, v string) []string {
	// String-value escapes.
	var s strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 's':
				s.WriteByte(' ')
			case 'n':
				s.WriteByte('\n')
			case 't':
				s.WriteByte('\t')
			case 'r':
				s.WriteByte('\r')
			default:
				s.WriteByte(v[i])
			}
			continue
		}
		s.WriteByte(v[i])
	}
	v = s.String()
	var args []string
	var cur strings.Builder
	in, quoted := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case in && c == '\\' && i+1 < len(v):
			i++
			cur.WriteByte(v[i])
		case c == '"':
			in = !in
			quoted = true
		case !in && c == ' ':
			if cur.Len() > 0 || quoted {
				args = append(args, cur.String())
			}
			cur.Reset()
			quoted = false
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 || quoted {
		args = append(args, cur.String())
	}
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "%%", "%")
	}
	return args
}

func TestDesktopExec(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"/usr/bin/carekeeper", "--background"}, `/usr/bin/carekeeper --background`},
		{[]string{"/opt/Care Keeper/ck"}, `"/opt/Care Keeper/ck"`},
		{[]string{`/home/a"b/ck`}, `"/home/a\\"b/ck"`},
		{[]string{`/home/a\b/ck`}, `"/home/a\\\\b/ck"`},
		{[]string{"/home/$USER/ck"}, `"/home/\\$USER/ck"`},
		{[]string{"/home/100%/ck"}, `/home/100%%/ck`},
		{[]string{"/x", ""}, `/x ""`},
	} {
		got := desktopExec(c.args)
		if got != c.want {
			t.Errorf("desktopExec(%q) = %s, want %s", c.args, got, c.want)
		}
		if back := unquoteExec(t, got); !slices.Equal(back, c.args) {
			t.Errorf("round trip of %q gave %q", c.args, back)
		}
	}
}

func FuzzDesktopExec(f *testing.F) {
	f.Add("/opt/Care Keeper/ck", "--background")
	f.Add(`a"b\c$d`+"`", "%u")
	f.Fuzz(func(t *testing.T, exe, arg string) {
		if strings.ContainsAny(exe+arg, "\r\n\x00") {
			return
		}
		args := []string{exe, arg}
		if back := unquoteExec(t, desktopExec(args)); !slices.Equal(back, args) {
			t.Errorf("round trip of %q gave %q", args, back)
		}
	})
}

// Whatever the session (or the person) wrote into the entry, Enabled answers without failing.
func FuzzXDGEnabled(f *testing.F) {
	f.Add(app.desktopEntry())
	f.Add([]byte("[Desktop Entry]\nHidden=true\n"))
	f.Add([]byte("[Other]\nHidden=true\n[Desktop Entry]\nX-GNOME-Autostart-enabled = false\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(app.xdgPath(dir), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := app.xdgEnabled(dir); err != nil {
			t.Fatal(err)
		}
	})
}
