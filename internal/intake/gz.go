package intake

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"carekeeper/internal/ccda"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/shc"
)

// Gzipped inputs: a .gz of any format intake reads is recognised by the gzip magic and then by
// the content it holds (never by the name). FHIR keeps sync's own gzip reader; the others are
// read through gunzip here, within the same limits as the plain file and never more than
// maxGzipRatio times the compressed size (plus 1 MiB), so a gzip bomb is refused early.
const (
	maxGzipRatio = fhirjson.MaxGzipRatio
	// maxGzippedZip bounds a gzipped zip (an XDM package or an export.zip): a zip needs random
	// access, so it is decompressed in memory.
	maxGzippedZip = 64 << 20
)

// errGzipBomb is a gzip that expands more than a real file could.
var errGzipBomb = errors.New("the gzip data expands more than a real file could (a gzip bomb?): refused")

// gunzipFile reads the gzip file at path decompressed: at most limit bytes (tooLarge says so
// when there are more) and never more than maxGzipRatio times the file's size.
type gunzipFile struct {
	f        *os.File
	zr       *gzip.Reader
	left     int64
	tooLarge error
	sizeHint int64 // the last member's trailer: its size mod 4 GiB
}

func openGzip(path string, limit int64, tooLarge error) (*gunzipFile, error) {
	f, size, err := inputfile.Open(path, 0)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, gzipError(err)
	}
	g := &gunzipFile{f: f, zr: zr, left: limit, tooLarge: tooLarge}
	var trailer [4]byte
	if _, err := f.ReadAt(trailer[:], size-4); err == nil && size >= 18 {
		g.sizeHint = int64(binary.LittleEndian.Uint32(trailer[:]))
	}
	if most := size*maxGzipRatio + 1<<20; most < limit {
		g.left, g.tooLarge = most, errGzipBomb
	}
	return g, nil
}

func (g *gunzipFile) Read(p []byte) (int, error) {
	if g.left <= 0 {
		// one byte more tells data of exactly the limit from more
		var one [1]byte
		if n, _ := g.zr.Read(one[:]); n > 0 {
			return 0, g.tooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n, err := g.zr.Read(p)
	g.left -= int64(n)
	if err != nil && err != io.EOF {
		err = gzipError(err)
	}
	return n, err
}

func (g *gunzipFile) Close() error { return g.f.Close() }

func gzipError(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("the gzip data is cut off")
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum):
		return errors.New("the gzip data is damaged")
	}
	return errors.New("the gzip data is damaged")
}

// gzipHead is the first n decompressed bytes of a gzip file (fewer if it is shorter).
func gzipHead(path string, n int) ([]byte, error) {
	g, err := openGzip(path, int64(n), io.ErrShortBuffer) // never reached: head is n bytes
	if err != nil {
		return nil, err
	}
	defer g.Close()
	head := make([]byte, n)
	m, err := io.ReadFull(g, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return head[:m], nil
}

// readGzipped reads a gzip file holding something other than FHIR: its decompressed head
// says what (format as Detect gave it for head).
func readGzipped(ctx context.Context, path string, head []byte, format Format, opt Options) (*Input, error) {
	readAll := func(limit int64) ([]byte, error) {
		g, err := openGzip(path, limit, fmt.Errorf("it is larger than %s once decompressed", inputfile.Size(limit)))
		if err != nil {
			return nil, err
		}
		defer g.Close()
		// the reader stops at its limit itself; the gzip trailer's size (mod 4 GiB) is
		// a first guess of how much to hold
		return inputfile.ReadAll(g, min(g.left, g.sizeHint), g.left+1)
	}
	switch {
	case format == CCDA:
		data, err := readAll(maxCCDAFile)
		if err != nil {
			return nil, err
		}
		return convertCCDA(ctx, path, CCDA, func(copt ccda.Options) ([]*ccda.Result, error) {
			res, err := ccda.Convert(ctx, bytes.NewReader(data), copt)
			if err != nil {
				return nil, err
			}
			return []*ccda.Result{res}, nil
		}, opt)
	case format == HealthCard:
		limit := int64(shc.MaxFileBytes)
		if isImage(head) {
			limit = maxImageBytes
		}
		data, err := readAll(limit)
		if err != nil {
			return nil, err
		}
		return readCardData(head, data)
	case format == AppleHealth && bytes.HasPrefix(head, []byte("PK")):
		data, err := readAll(maxGzippedZip)
		if err != nil {
			return nil, err
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, errors.New("the zip cannot be read (damaged or not a zip)")
		}
		in, err := readZip(ctx, path, zr, func() (*zip.Reader, io.Closer, error) { return zr, nopCloser{}, nil }, opt)
		if fz := (*fhirZipError)(nil); errors.As(err, &fz) {
			return nil, fz.gzipped() // "the zip holds …: unzip it" of a .gz file
		}
		return in, err
	case format == AppleHealth:
		open := func() (io.ReadCloser, error) {
			return openGzip(path, maxExportXML, fmt.Errorf("export.xml is larger than %s", inputfile.Size(maxExportXML)))
		}
		return readApple(ctx, open, nil, nil, opt)
	}
	return nil, ErrUnknownFormat
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
