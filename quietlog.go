package main

import (
	"bytes"
	"io"
	"sync"
)

// quietFyne drops the log records of Fyne's that are false alarms for CareKeeper, with their
// "Cause:" and "At:" lines, and passes everything else through unchanged:
//   - "Getting favorite locations": the file dialog's shortcut folders (Documents, Music …)
//     that do not exist on this computer;
//   - "Preferences load error": Fyne's file watcher reading its preferences file while Fyne
//     itself rewrites it (the values in memory stay right);
//   - "Translation failure": under a locale Fyne has a catalogue for (German, French …) every
//     CareKeeper text is "not found" there; CareKeeper's texts are English only, and the
//     English text is what Fyne shows.
//
// It also drops go-gl/glfw's "PlatformError: X11: Failed to open display" lines: the patched
// driver tries GLFW's init again, and if it never succeeds the app says so in one line.
//
// Fyne's fyne.LogError writes each line with one log call, so each Write is one line.
type quietFyne struct {
	mu       sync.Mutex
	w        io.Writer
	dropping bool // inside a dropped record: its Cause and At lines follow
}

var quietReasons = [][]byte{[]byte("Fyne error:  Getting favorite locations"), []byte("Fyne error:  Preferences load error:"),
	[]byte("Fyne error:  Translation failure")}

func (q *quietFyne) Write(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if bytes.Contains(p, []byte("PlatformError: X11: Failed to open display")) {
		return len(p), nil
	}
	line := p
	if i := bytes.Index(line, []byte("Fyne error:  ")); i >= 0 {
		line = line[i:]
		q.dropping = false
		for _, r := range quietReasons {
			if bytes.HasPrefix(line, r) {
				q.dropping = true
			}
		}
	} else if q.dropping && (bytes.Contains(p, []byte("  Cause:")) || bytes.Contains(p, []byte("  At: "))) {
		return len(p), nil
	} else {
		q.dropping = false
	}
	if q.dropping {
		return len(p), nil
	}
	return q.w.Write(p)
}
