package desktop

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// macOS: a per-user LaunchAgent in ~/Library/LaunchAgents, loaded by launchd at the next login
// (RunAtLoad). It is not loaded now (no launchctl call): the app is already running.

func (a Autostart) plistPath(dir string) string { return filepath.Join(dir, a.AppID+".plist") }

func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// launchAgent is the property list.
func (a Autostart) launchAgent() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
`)
	fmt.Fprintf(&b, "\t<key>Label</key>\n\t<string>%s</string>\n", xmlText(a.AppID))
	b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, arg := range append([]string{a.Exec}, a.Args...) {
		fmt.Fprintf(&b, "\t\t<string>%s</string>\n", xmlText(arg))
	}
	b.WriteString("\t</array>\n")
	b.WriteString("\t<key>RunAtLoad</key>\n\t<true/>\n")
	b.WriteString("\t<key>ProcessType</key>\n\t<string>Interactive</string>\n")
	b.WriteString("\t<key>LimitLoadToSessionType</key>\n\t<string>Aqua</string>\n")
	b.WriteString("</dict>\n</plist>\n")
	return b.Bytes()
}

func (a Autostart) plistEnable(dir string) error {
	return writeAtomic(a.plistPath(dir), a.launchAgent(), 0o644)
}

func (a Autostart) plistDisable(dir string) error { return removeFile(a.plistPath(dir)) }

func (a Autostart) plistEnabled(dir string) (bool, error) {
	_, err := os.Stat(a.plistPath(dir))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("desktop: %w", err)
	}
	return true, nil
}
