package intake

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"carekeeper/internal/shc"
	cksync "carekeeper/sync"
)

// Parts joins the parts of multi-part health cards printed as several QR codes and imported as
// one image (or text file) per part. Read refuses such a file alone ("only 1 of the 3 parts");
// the caller hands each refusal to Add, then imports what Join makes of all the parts it was
// given together.
type Parts struct {
	paths []string
	qrs   []string
}

// Add keeps err's chunks when err is a file holding only some parts of a card and reports
// whether it did (the file is then not a failure yet).
func (p *Parts) Add(path string, err error) bool {
	var m *shc.MissingChunksError
	if !errors.As(err, &m) {
		return false
	}
	p.paths = append(p.paths, path)
	p.qrs = append(p.qrs, m.QRs...)
	return true
}

// Paths are the files whose parts were added.
func (p *Parts) Paths() []string { return p.paths }

// Join reads the cards the parts make together: one Input named after the first file (nil when
// no part was added). When parts are still missing the error names the files.
func (p *Parts) Join() (*Input, error) {
	if len(p.paths) == 0 {
		return nil, nil
	}
	names := make([]string, len(p.paths))
	for i, path := range p.paths {
		names[i] = filepath.Base(path)
	}
	name := p.paths[0]
	if len(p.paths) > 1 {
		name = fmt.Sprintf("%s (with %s)", p.paths[0], strings.Join(names[1:], ", "))
	}
	fail := func(err error) (*Input, error) { return nil, &cksync.FileError{File: name, Err: err} }
	jwss, err := shc.Decode(p.qrs)
	if err != nil {
		return fail(err)
	}
	cards, err := shc.ParseJWSs(jwss)
	if err != nil {
		return fail(err)
	}
	in := &Input{Path: name, Format: HealthCard, cards: cards}
	for _, c := range cards {
		in.patients = append(in.patients, c.Patients()...)
	}
	return in, nil
}
