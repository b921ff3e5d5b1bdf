// Package inputfile opens the files a person hands CareKeeper (FHIR files, passphrase files,
// clinic configurations and keys, backups) safely: regular files only, so a FIFO or a device
// such as /dev/zero is refused at once instead of blocking or growing without end, and never
// more than a stated number of bytes.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is returned for a path that is not a regular file (or a link to one).
var ErrNotRegular = errors.New("not a regular file")

// plain is an error in plain words that still matches its cause with errors.Is.
type plain struct {
	msg   string
	cause error
}

func (p *plain) Error() string { return p.msg }
func (p *plain) Unwrap() error { return p.cause }

// TooLargeError is returned for a file larger than the limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string { return "larger than " + Size(e.Limit) }

// Size says a limit in words: "512 MiB", "64 KiB", "100 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Open opens path for reading if it is a regular file no larger than limit (limit <= 0: any
// size) and returns it with its size. It never blocks on a FIFO. Errors say in plain words what
// is wrong and wrap ErrNotRegular, *TooLargeError or the fs error (fs.ErrNotExist, ...).
func Open(path string, limit int64) (*os.File, int64, error) {
	if err := checkInfo(os.Stat(path)); err != nil {
		return nil, 0, err
	}
	// Non-blocking, in case the path was swapped for a FIFO since the Stat: opening a FIFO
	// for reading would otherwise wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, 0, plainError(err)
	}
	info, err := f.Stat()
	if err = checkInfo(info, err); err != nil {
		f.Close()
		return nil, 0, err
	}
	if limit > 0 && info.Size() > limit {
		f.Close()
		return nil, 0, &TooLargeError{limit}
	}
	return f, info.Size(), nil
}

// Read reads all of path, which must be a regular file of at most limit bytes. The file is
// read through the limit too, so a file that grows while it is read cannot exceed it.
func Read(path string, limit int64) ([]byte, error) {
	f, size, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, size, limit)
}

// ReadAll reads r (of about size bytes) up to limit bytes; more is a *TooLargeError.
func ReadAll(r io.Reader, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(size, limit)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &TooLargeError{limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, plainError(err)
		}
	}
}

// Check reports whether path could be opened as an input file (a regular file) without
// opening it, so commands can refuse a FIFO or a device before they take any lock.
func Check(path string) error { return checkInfo(os.Stat(path)) }

func checkInfo(info fs.FileInfo, err error) error {
	if err != nil {
		return plainError(err)
	}
	m := info.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return &plain{"it is a folder, not a file", ErrNotRegular}
	case m&fs.ModeNamedPipe != 0:
		return &plain{"it is a named pipe (FIFO), not a file", ErrNotRegular}
	case m&fs.ModeSocket != 0:
		return &plain{"it is a socket, not a file", ErrNotRegular}
	case m&fs.ModeDevice != 0:
		return &plain{"it is a device, not a file", ErrNotRegular}
	}
	return &plain{"it is not a regular file", ErrNotRegular}
}

// plainError keeps an os error's meaning without repeating the path (callers name the file).
func plainError(err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &plain{"no such file", fs.ErrNotExist}
	case errors.Is(err, fs.ErrPermission):
		return &plain{"permission denied", fs.ErrPermission}
	case errors.As(err, &pe):
		return fmt.Errorf("cannot read it: %w", pe.Err)
	}
	return err
}
