package remind

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
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
	// Tentative: STATUS:TENTATIVE (the record gives it as not confirmed yet).
	Tentative bool
}

// ICSEvents turns appointments into calendar events with the person's reminder offsets as alarms.
func (m *Model) ICSEvents(appts []*Appointment) []ICSEvent {
	out := make([]ICSEvent, 0, len(appts))
	for _, a := range appts {
		ev := ICSEvent{UID: appointmentUID(a), Start: a.Start, End: a.End, Summary: a.Label(), Location: a.Location, Note: a.Note,
			Tentative: a.Tentative()}
		if p := m.person[a.Profile]; p != nil {
			ev.Alarms = p.Settings.AppointmentOffsets
			if p.Name != "" {
				ev.Summary = p.Name + " — " + a.Label()
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

// WriteICS writes an RFC 5545 calendar with the maintained iCalendar module
// (github.com/arran4/golang-ical): CRLF line ends, lines folded at 75 octets, text escaped,
// times in UTC, one VALARM per reminder offset. stamp is the DTSTAMP of every event. Control
// characters other than newlines (which RFC 5545 TEXT cannot hold) are dropped first.
func WriteICS(w io.Writer, events []ICSEvent, stamp time.Time) error {
	cal := ics.NewCalendarFor("CareKeeper//Reminders//EN")
	cal.SetProductId("-//CareKeeper//Reminders//EN")
	cal.SetCalscale("GREGORIAN")
	for _, ev := range events {
		e := cal.AddEvent(cleanText(ev.UID))
		e.SetDtStampTime(stamp)
		e.SetStartAt(ev.Start)
		if !ev.End.IsZero() {
			e.SetEndAt(ev.End)
		}
		e.SetSummary(cleanText(ev.Summary))
		if ev.Tentative {
			e.SetStatus(ics.ObjectStatusTentative)
		}
		if ev.Location != "" {
			e.SetLocation(cleanText(ev.Location))
		}
		if ev.Note != "" {
			e.SetDescription(cleanText(ev.Note))
		}
		for _, off := range ev.Alarms {
			a := e.AddAlarm()
			a.SetAction(ics.ActionDisplay)
			a.SetProperty(ics.ComponentPropertyDescription, cleanText(ev.Summary))
			a.SetTrigger(icsDuration(off))
		}
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}

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

// cleanText keeps what an RFC 5545 TEXT value can hold: newlines (escaped by the module) and
// printable characters; other control characters are dropped and invalid UTF-8 becomes U+FFFD.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
