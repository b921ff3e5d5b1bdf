package applehealth

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// TooLongError is export.xml with a single tag, text run or comment longer than MaxTokenBytes:
// no real export has one, and reading it whole would cost unbounded memory.
type TooLongError struct{}

func (*TooLongError) Error() string {
	return fmt.Sprintf("export.xml has a single element or text longer than %d bytes", MaxTokenBytes)
}

// maxProlog bounds what comes before the root element (the DOCTYPE of a real export is ~20 KB).
const maxProlog = 1 << 20

// filter is what export.xml is read through: it drops the DOCTYPE block (its DTD is broken in
// iOS 16 exports and Go never uses it), drops the control characters XML 1.0 forbids (U+000B
// appears in real exports) and refuses any run of more than MaxTokenBytes without a '<' or a
// '>', which bounds every token the decoder holds.
type filter struct {
	r       *bufio.Reader
	prolog  []byte // what is left of the prolog to hand out
	started bool
	since   int // bytes since the last '<' or '>'
	err     error
}

func newFilter(r io.Reader) io.Reader {
	return &filter{r: bufio.NewReaderSize(r, 64<<10)}
}

func (f *filter) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if !f.started {
		f.started = true
		if err := f.readProlog(); err != nil {
			f.err = err
			return 0, err
		}
	}
	if len(f.prolog) > 0 {
		n := copy(p, f.prolog)
		f.prolog = f.prolog[n:]
		return n, nil
	}
	for { // a read whose bytes were all dropped reads on: never (0, nil)
		n, err := f.r.Read(p)
		w := 0
		for _, c := range p[:n] {
			switch {
			case c == '<' || c == '>':
				f.since = 0
			case c == 0:
				// no export holds a NUL: a damaged file, or a copy cut short (a sparse file)
				f.err = errNUL
				return w, f.err
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
				continue
			default:
				f.since++
				if f.since > MaxTokenBytes {
					f.err = &TooLongError{}
					return w, f.err
				}
			}
			p[w] = c
			w++
		}
		if err != nil {
			f.err = err
		}
		if w > 0 || err != nil || n == 0 {
			return w, err
		}
	}
}

var errNUL = errors.New("export.xml holds NUL bytes: the file is damaged or was not copied completely")

// readProlog reads up to the first element that is not a declaration, comment or processing
// instruction and keeps it without its DOCTYPE.
func (f *filter) readProlog() error {
	var buf []byte
	for {
		b, err := f.r.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		buf = append(buf, b)
		if len(buf) > maxProlog {
			return fmt.Errorf("export.xml has more than %d bytes before its first element", maxProlog)
		}
		// the root element: '<' followed by a name character
		if len(buf) >= 2 && buf[len(buf)-2] == '<' && buf[len(buf)-1] != '!' && buf[len(buf)-1] != '?' && buf[len(buf)-1] != '/' {
			if !inDoctype(buf[:len(buf)-2]) {
				break
			}
		}
	}
	f.prolog = stripDoctype(buf)
	return nil
}

// inDoctype reports whether the prolog so far ends inside an unfinished DOCTYPE internal subset.
func inDoctype(b []byte) bool {
	i := bytes.Index(b, []byte("<!DOCTYPE"))
	if i < 0 {
		return false
	}
	rest := b[i:]
	open := bytes.IndexByte(rest, '[')
	end := bytes.IndexByte(rest, '>')
	if open < 0 || (end >= 0 && end < open) {
		return end < 0
	}
	return !bytes.Contains(rest[open:], []byte("]>")) && !bytes.Contains(rest[open:], []byte("]\n>"))
}

// stripDoctype removes "<!DOCTYPE … ]>" (or "<!DOCTYPE …>") from the prolog. A DOCTYPE whose
// subset never closes (the broken iOS 16 DTD ends at "]>" all the same) is cut at its "]>".
func stripDoctype(b []byte) []byte {
	i := bytes.Index(b, []byte("<!DOCTYPE"))
	if i < 0 {
		return b
	}
	rest := b[i:]
	end := -1
	if open := bytes.IndexByte(rest, '['); open >= 0 && (bytes.IndexByte(rest, '>') > open || bytes.IndexByte(rest, '>') < 0) {
		if j := bytes.Index(rest[open:], []byte("]>")); j >= 0 {
			end = open + j + 2
		}
	} else if j := bytes.IndexByte(rest, '>'); j >= 0 {
		end = j + 1
	}
	if end < 0 {
		return b[:i]
	}
	// Its line breaks stay, so the decoder's line numbers are the file's: Apple's DTD is ~150
	// lines, and an error on line 12 was said to be on line 10 (F184).
	out := append([]byte(nil), b[:i]...)
	out = append(out, bytes.Repeat([]byte{'\n'}, bytes.Count(rest[:end], []byte{'\n'}))...)
	return append(out, rest[end:]...)
}
