// Package journey personalises CareKeeper on the device: insight cards for the Today screen,
// symptom check-ins per condition guide, suggestions to move reminder times that do not fit
// the person's day, and the doctor-visit summary (a PDF and an International Patient Summary
// FHIR Bundle).
//
// Nothing here leaves the machine, logs, or puts health data into errors.
//
// # Insights
//
// [Engine.Cards] loads one person's records, reminder model, check-ins and portals once
// ([Load]) and runs every rule of the table in rules.go over them. A card's ID is stable: it
// is derived from the rule and the data the card is about, so a dismissed card stays
// dismissed until that data changes (a new result, a new dose pattern), and then a new card
// appears. Wording is calm and factual: cards never diagnose, never give a dosing
// instruction, and anything that may be urgent points to the care team or emergency services.
//
// # State keys
//
//	journey/card/<profile>/<card id>   a dismissed or snoozed card (cardState JSON)
//	journey/questions/<profile>        the "questions for my doctor" list (Questions JSON)
//
// # Check-ins
//
// A check-in is a FHIR QuestionnaireResponse with CareKeeper as its source, answering the
// guide's Questionnaire (written once, to the shared profile, canonical URL
// "urn:carekeeper:questionnaire:<slug>"): the symptoms present (the guide's checklist keys),
// a severity 0–10 and a free note. Being FHIR records, they are exported with everything else.
package journey
