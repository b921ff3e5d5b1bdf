package main

import (
	"bytes"
	"log"
	"testing"
)

func TestQuietFyne(t *testing.T) {
	var out bytes.Buffer
	l := log.New(&quietFyne{w: &out}, "", log.LstdFlags)
	l.Println("Fyne error: ", "Getting favorite locations")
	l.Println("  Cause:", "lstat /home/x/Music: no such file or directory")
	l.Printf("  At: %s:%d", "/fyne/dialog/file.go", 396)
	l.Println("Fyne error: ", "Preferences load error:")
	l.Println("  Cause:", "EOF")
	l.Printf("  At: %s:%d", "/fyne/app/preferences.go", 103)
	l.Println("Fyne error: ", "Translation failure")
	l.Println("  Cause:", `message "Passphrase" not found in language "de"`)
	l.Printf("  At: %s:%d", "/fyne/lang/lang.go", 73)
	l.Println("PlatformError: X11: Failed to open display :0")
	l.Println("carekeeper: reminders: something real")
	l.Println("Fyne error: ", "Failed to open window")
	l.Println("  Cause:", "no display")
	got := out.String()
	for _, gone := range []string{"favorite", "Music", "Preferences", "EOF", "file.go", "preferences.go", "Translation", "lang.go", "X11"} {
		if bytes.Contains(out.Bytes(), []byte(gone)) {
			t.Errorf("%q still logged:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"carekeeper: reminders: something real", "Fyne error:  Failed to open window", "Cause: no display"} {
		if !bytes.Contains(out.Bytes(), []byte(kept)) {
			t.Errorf("%q was dropped:\n%s", kept, got)
		}
	}
}
