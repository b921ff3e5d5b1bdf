// Package remind is CareKeeper's reminder engine: one engine for every person in the vault.
//
// It reads the people's medicines (active MedicationRequest and MedicationStatement records,
// and the person's own plans kept in app state under "remind/"), their appointments and their
// dose log (MedicationAdministration records written by the app), and turns them into
// reminders with internal/schedule.
//
// # Firing
//
// The engine keeps an agenda (the reminders of the next two days) in memory, sleeps on a timer
// until the next one (capped at one minute, so a resume from suspend, a wall-clock jump or a
// change of the device's time zone is noticed), and fires within a second of the due time. It
// never polls in between. Before a notification is sent, the occurrence is marked "notified" in
// the vault's state (UpdateState is fsynced), so an occurrence is never shown twice, even when
// the process dies right after the mark. A dose found late but within its due window (after a
// restart, an unlock or a resume) is shown: it is due. What fell due while the engine was not
// running (or the computer slept) for the whole of its due window is not sent one by one: it
// is marked "missed" and announced once in a single "missed while away" notification.
//
// # Dose states
//
// [Model.DoseStates] (and [Engine.DoseStates], [Engine.DueNow], [Engine.Missed]) give every
// dose its state: upcoming → due (from its time for the person's window, 60 minutes by default,
// or until the next dose when that is sooner) → overdue (until the next dose of the medicine,
// at most [MaxOverdue]) → missed; or taken / skipped. A dose shown while the vault was locked
// is due, not missed.
//
// # Who gets reminders
//
// Nobody who died (Patient.deceased[x]): no dose, refill or appointment reminders, nothing in
// the lock-safe agenda. Medicines only while health.MedicineState says "taking" (the same
// verdict as the medicines view): active, not ended, and a sign of use in the last 12 months
// (authoredOn, a dispense, a logged dose) or confirmed by the person; their own medicines
// always. Medicine.State and Medicine.Taking carry the verdict.
//
// # State keys
//
//	remind/settings/<profile>            Settings (JSON)
//	remind/local-settings/<profile>      Settings chosen on a device that may only view the person (never exchanged)
//	remind/notices/<profile>             this device's own notifications of the person: shown, private, name (never exchanged)
//	remind/plan/<profile>/<med>          the person's own Plan and supply for a medicine (Override)
//	remind/seen/<profile>/<med>          when the engine first saw a medicine (missed and adherence start there)
//	remind/occ/<profile>/<med>/<key>     state of one dose occurrence (notified, missed, snoozed, taken, skipped)
//	remind/appt/<profile>/<appt>/<min>   an appointment reminder was sent
//	remind/refill/<profile>/<med>/<fill> a refill reminder was sent
//	remind/watermark                     up to when the engine has handled everything (RFC 3339)
//
// <med> is "<source>/<Type>/<id>" with each part path-escaped.
package remind
