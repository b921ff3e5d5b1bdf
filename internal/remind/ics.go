package remind

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// ICSEvent is one appointment for an iCalendar export.
type ICSEvent struct {
	UID      string
	Start    time.Time
	End      time.Time // zero: no DTEND
	Summary  string
	Location string
	Note     string
	Alarms   []int // minutes before the start
}

// ICSEvents turns appointments into calendar events with the person's reminder offsets as alarms.
func (m *Model) ICSEvents(appts []*Appointment) []ICSEvent {
	out := make([]ICSEvent, 0, len(appts))
	for _, a := range appts {
		ev := ICSEvent{UID: appointmentUID(a), Start: a.Start, End: a.End, Summary: a.Title, Location: a.Location, Note: a.Note}
		if p := m.person[a.Profile]; p != nil {
			ev.Alarms = p.Settings.AppointmentOffsets
			if p.Name != "" {
				ev.Summary = p.Name + " — " + a.Title
			}
		}
		out = append(out, ev)
	}
	return out
}

// appointmentUID is stable for an appointment (the same event on every export) and reveals
// nothing: a hash of its identity.
func appointmentUID(a *Appointment) string {
	h := sha256.Sum256([]byte(a.Profile + "\x00" + a.ID.Source + "\x00" + a.ID.Type + "\x00" + a.ID.ID))
	return hex.EncodeToString(h[:16]) + "@carekeeper"
}

// WriteICS writes an RFC 5545 calendar: CRLF line ends, lines folded at 75 octets, text
// escaped, times in UTC, one VALARM per reminder offset. stamp is the DTSTAMP of every event.
func WriteICS(w io.Writer, events []ICSEvent, stamp time.Time) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//CareKeeper//Reminders//EN")
	line("CALSCALE:GREGORIAN")
	for _, ev := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escapeICS(ev.UID))
		line("DTSTAMP:" + icsTime(stamp))
		line("DTSTART:" + icsTime(ev.Start))
		if !ev.End.IsZero() {
			line("DTEND:" + icsTime(ev.End))
		}
		line("SUMMARY:" + escapeICS(ev.Summary))
		if ev.Location != "" {
			line("LOCATION:" + escapeICS(ev.Location))
		}
		if ev.Note != "" {
			line("DESCRIPTION:" + escapeICS(ev.Note))
		}
		for _, off := range ev.Alarms {
			line("BEGIN:VALARM")
			line("ACTION:DISPLAY")
			line("DESCRIPTION:" + escapeICS(ev.Summary))
			line("TRIGGER:" + icsDuration(off))
			line("END:VALARM")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsDuration is a negative RFC 5545 duration: -P1D, -PT2H, -PT90M.
func icsDuration(min int) string {
	switch {
	case min%(24*60) == 0 && min != 0:
		return fmt.Sprintf("-P%dD", min/(24*60))
	case min%60 == 0 && min != 0:
		return fmt.Sprintf("-PT%dH", min/60)
	default:
		return fmt.Sprintf("-PT%dM", min)
	}
}

// escapeICS escapes TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
// Other control characters are dropped.
func escapeICS(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r', r < 0x20 && r != '\t', r == 0x7f:
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldICS ends a content line with CRLF, folding it so no line exceeds 75 octets (continuation
// lines start with one space), never inside a UTF-8 sequence.
func foldICS(s string) string {
	var b strings.Builder
	limit := 75
	n := 0
	for _, r := range s {
		l := utf8.RuneLen(r)
		if l < 0 {
			l = 3
		}
		if n+l > limit {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += l
	}
	b.WriteString("\r\n")
	return b.String()
}
