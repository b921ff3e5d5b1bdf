package desktop

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// XDG autostart (https://specifications.freedesktop.org/autostart-spec/): a desktop entry in
// $XDG_CONFIG_HOME/autostart (default ~/.config/autostart) named after the app id.

// xdgAutostartDir is $XDG_CONFIG_HOME/autostart, or ~/.config/autostart.
func xdgAutostartDir() (string, error) {
	if d := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "autostart"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("desktop: %w", err)
	}
	return filepath.Join(home, ".config", "autostart"), nil
}

func (a Autostart) xdgPath(dir string) string { return filepath.Join(dir, a.AppID+".desktop") }

// desktopEntry is the autostart .desktop file.
func (a Autostart) desktopEntry() []byte {
	var b bytes.Buffer
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Version=1.0\n")
	fmt.Fprintf(&b, "Name=%s\n", escapeDesktopString(a.Name))
	b.WriteString("Comment=Keeps medicine and appointment reminders running in the background\n")
	fmt.Fprintf(&b, "Exec=%s\n", desktopExec(append([]string{a.Exec}, a.Args...)))
	fmt.Fprintf(&b, "Icon=%s\n", a.AppID)
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	b.WriteString("X-KDE-autostart-after=panel\n") // the tray exists before we look for it
	return b.Bytes()
}

// desktopExec quotes args for the Exec key of a desktop entry: arguments with reserved
// characters in double quotes with ", `, $ and \ backslash-escaped, '%' doubled (field codes),
// then the string-value escaping of backslashes on top.
func desktopExec(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, "%", "%%")
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`=") {
			r := strings.NewReplacer(`"`, `\"`, "`", "\\`", `$`, `\$`, `\`, `\\`)
			a = `"` + r.Replace(a) + `"`
		}
		quoted[i] = a
	}
	return strings.ReplaceAll(strings.Join(quoted, " "), `\`, `\\`)
}

// escapeDesktopString escapes a value of type string or localestring.
func escapeDesktopString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
}

func (a Autostart) xdgEnable(dir string) error {
	return writeAtomic(a.xdgPath(dir), a.desktopEntry(), 0o644)
}

func (a Autostart) xdgDisable(dir string) error { return removeFile(a.xdgPath(dir)) }

// xdgEnabled: the file exists and neither Hidden=true nor X-GNOME-Autostart-enabled=false
// (what the session settings write when the person switches the entry off).
func (a Autostart) xdgEnabled(dir string) (bool, error) {
	data, err := os.ReadFile(a.xdgPath(dir))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("desktop: %w", err)
	}
	inEntry := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			inEntry = line == "[Desktop Entry]"
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !inEntry || !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if (k == "Hidden" && v == "true") || (k == "X-GNOME-Autostart-enabled" && v == "false") {
			return false, nil
		}
	}
	return true, nil
}
