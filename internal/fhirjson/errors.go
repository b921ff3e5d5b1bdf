package fhirjson

import (
	"bytes"
	"strconv"
)

// Error is a parse error with its position. Its message never contains field
// values from the data (no health data), only positions and what was wrong.
type Error struct {
	// Line and Column (both 1-based; Column counts bytes) locate the error in the
	// (decompressed) input. They are 0 when there is no position (e.g. gzip errors).
	Line, Column int
	// Offset is the 0-based byte offset of the error in the input.
	Offset int64
	// Entry is the 1-based Bundle entry number or the 1-based NDJSON line number
	// the error is in; 0 if none.
	Entry int
	// Msg says what is wrong, without position or entry prefix.
	Msg string

	ndjson  bool // Entry is an NDJSON line number
	byteOff bool // state the position as a byte offset first
}

func (e *Error) Error() string {
	var b []byte
	if e.Entry > 0 {
		if e.ndjson {
			b = append(b, "line "...)
		} else {
			b = append(b, "entry "...)
		}
		b = strconv.AppendInt(b, int64(e.Entry), 10)
		b = append(b, ": "...)
	}
	b = append(b, e.Msg...)
	if e.byteOff {
		b = append(b, " at byte "...)
		b = strconv.AppendInt(b, e.Offset, 10)
		if e.Line > 0 {
			b = append(b, " (line "...)
			b = strconv.AppendInt(b, int64(e.Line), 10)
			b = append(b, ", column "...)
			b = strconv.AppendInt(b, int64(e.Column), 10)
			b = append(b, ')')
		}
	} else if e.Line > 0 {
		if e.ndjson && e.Entry == e.Line {
			b = append(b, " at column "...)
		} else {
			b = append(b, " at line "...)
			b = strconv.AppendInt(b, int64(e.Line), 10)
			b = append(b, ", column "...)
		}
		b = strconv.AppendInt(b, int64(e.Column), 10)
	}
	return string(b)
}

// Error messages. None of them may contain data from the input.
const (
	msgEmpty            = "empty input"
	msgTooLarge         = "file larger than 512 MiB"
	msgEOF              = "the file ends too soon, as a download cut short does: download it again (not valid JSON: it stops in the middle)"
	msgBadChar          = "not valid JSON (unexpected character)"
	msgBadNumber        = "not valid JSON (malformed number)"
	msgBadLiteral       = "not valid JSON (malformed literal)"
	msgBadEscape        = "not valid JSON (invalid escape in string)"
	msgCtlInString      = "not valid JSON (control character in string)"
	msgExpectKey        = "not valid JSON (expected a string object key)"
	msgExpectColon      = "not valid JSON (expected ':' after object key)"
	msgExpectObjEnd     = "not valid JSON (expected ',' or '}')"
	msgExpectArrEnd     = "not valid JSON (expected ',' or ']')"
	msgTrailing         = "not valid JSON (unexpected data after the JSON value)"
	msgDupKey           = "duplicate key"
	msgManyKeys         = "an object with more than 10,000 members (no FHIR element has that many)"
	msgTooDeep          = "nesting deeper than 100 levels"
	msgResourceTooLarge = "resource larger than 32 MiB"
	msgNotObject        = "not a JSON object"
	// msgList: a file that is a JSON list of records, which no FHIR server or export writes —
	// "not a JSON object" told someone who has never heard of FHIR nothing (F525).
	msgList           = "a JSON list ([…]), not a FHIR file: a FHIR file is one record or a Bundle of records, starting with {"
	msgResNotObject   = "resource is not a JSON object"
	msgEntryNotObject = "entry is not a JSON object"
	msgEntryNotArray  = "Bundle.entry is not an array"
	msgNoType         = "resource has no resourceType"
	msgTypeNotString  = "resourceType is not a string"
	msgUnknownType    = "unknown resourceType"
	// msgOldType: a type of DSTU2 or STU3 that R4 has not (MedicationOrder, ProcedureRequest):
	// the file is of an older FHIR version, said so rather than as an unknown type (F427).
	msgOldType       = "unknown resourceType: a type of an older FHIR version (DSTU2 or STU3), not of FHIR R4, which CareKeeper reads; ask the source for the records as FHIR R4"
	msgGzipTruncated = "the file ends too soon, as a download cut short does: download it again (truncated gzip data)"
	msgGzipCorrupt   = "corrupt gzip data"
	msgGzipTrailing  = "unexpected data after the end of the gzip data"
	msgGzipTooLarge  = "decompressed data larger than 512 MiB"
	msgGzipBomb      = "the gzip data expands more than a real file could (a gzip bomb?)"
)

// setPos fills Line and Column from Offset.
func (e *Error) setPos(data []byte) {
	off := int(e.Offset)
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	e.Line = bytes.Count(data[:off], []byte{'\n'}) + 1
	e.Column = off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
}

// newErr makes an *Error at a byte offset of data.
// notObject is the message for a whole file that is a JSON value other than an object, by its
// first byte.
func notObject(first byte) string {
	if first == '[' {
		return msgList
	}
	return msgNotObject
}

func newErr(data []byte, off int, entry int, ndjson bool, msg string) *Error {
	e := &Error{Offset: int64(off), Entry: entry, Msg: msg, ndjson: ndjson}
	e.setPos(data)
	return e
}
