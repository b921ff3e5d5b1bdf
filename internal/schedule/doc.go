// Package schedule turns medicine dosage instructions (FHIR R4 Dosage/Timing) into plans and
// plans into concrete due times. It is pure: no I/O, no storage, no clock of its own.
//
// # Semantics
//
//   - Times of day (timeOfDay, when codes through the person's Routine, BID/TID codes) are
//     wall-clock times in the zone passed to Occurrences. Days advance on the calendar, never by
//     adding 24 hours. On the spring-forward day a time inside the gap fires once, at the first
//     valid instant after the gap (02:30 in New York → 03:00); on the fall-back day a time that
//     occurs twice fires once, at its first occurrence.
//   - "Every N hours" (periodUnit s, min, h) is elapsed time: anchored on the last dose taken
//     when the caller passes one, else on the first scheduled dose (the single timing.event, or
//     the phase's start; a start that is a date with no time is breakfast that day, said as
//     CareKeeper's time). Its wall-clock times move by an hour across a DST change.
//   - Explicit timing.event dateTimes are instants (a dateTime without an offset, or a date, is
//     a wall-clock time in the zone passed to Occurrences; see Floating).
//   - count limits the total number of doses counted from the phase's start, however late the
//     window asked for; bounds end a phase; the next phase (higher Dosage.sequence) starts where
//     the previous one ends.
//   - Anything not understood makes Plan.Unclear non-empty: the app then says "set the times
//     yourself". Nothing is guessed.
//
// # Routine spreads
//
// When a schedule says how many times a day but not when, the Routine decides:
//
//	once a day            breakfast
//	twice a day           breakfast, dinner
//	three times a day     breakfast, lunch, dinner
//	four times a day      breakfast, lunch, dinner, bed
//	five or six times     evenly from wake to bed (rounded to 5 minutes)
//
// A single dose with no time (every N days, weekly, monthly, yearly, days of the week) is at
// breakfast. EventTiming codes: WAKE wake; MORN breakfast (MORN.early wake, MORN.late halfway
// to lunch); NOON 12:00; AFT halfway lunch→dinner (.early/.late at a third/two thirds); EVE
// halfway dinner→bed (EVE.early dinner, EVE.late bed); NIGHT and HS bed; C/CM/CD/CV, AC*/PC*
// the meal times. offset is minutes after the event, before it for AC* codes. PHS is not
// supported (Unclear). Codes AM → MORN, PM → EVE, BED → HS.
//
// # Timing codes
//
// A timing.code (BID, TID, QID, QD, QOD, Q4H, Q6H, Q8H, AM, PM, WK, MO, ...) is a complete
// statement of the timing: it is combined with the repeat, never dropped. Its times come
// from the repeat's timeOfDay or when when given (their number must match: QOD at 09:00 is
// every other day at 09:00; BID at 09:00 alone is Unclear), days of the week narrow a daily
// code, bounds and count apply, and an hourly code with times of day is accepted only when
// they are evenly spaced round the clock (Q8H at 02:00, 10:00, 18:00). A frequency or period
// that disagrees with the code, or an abbreviation we do not know, is Unclear.
//
// # Travel
//
// The engine decides which zone to pass to Occurrences: the person's home zone ("keep home
// times") or the device's current zone ("follow local time"). ZoneChanged tells it when the
// two differ enough to ask.
package schedule
