package ccda

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"

	"carekeeper/internal/inputfile"
)

type xdmFile struct {
	name  string
	file  *zip.File
	named bool // named by METADATA.XML
}

// IsLocalName reports whether a zip entry name (with / or \ separators) stays inside the zip's
// folder: not absolute, no drive letter, no ".." element.
func isLocalName(name string) bool {
	name = strings.ReplaceAll(name, "\\", "/")
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsRune(name, 0) {
		return false
	}
	if len(name) >= 2 && name[1] == ':' {
		return false
	}
	for _, el := range strings.Split(name, "/") {
		if el == ".." {
			return false
		}
	}
	return true
}

// xdmDocuments lists the documents of an XDM zip: those named by the URI slots of every
// METADATA.XML, or, when there is no usable metadata, every .xml file (checked by content later);
// and the files the metadata names that the zip does not hold (missing).
func xdmDocuments(z *zip.Reader, lim Limits) (docs []xdmFile, missing []string, err error) {
	if len(z.File) > lim.MaxEntries {
		return nil, nil, fmt.Errorf("the zip has more than %d files", lim.MaxEntries)
	}
	byName := map[string]*zip.File{}
	var metas []string
	for _, f := range z.File {
		if !isLocalName(f.Name) {
			return nil, nil, errors.New("the zip has a file name that leaves its folder (.. or an absolute path)")
		}
		name := path.Clean(strings.ReplaceAll(f.Name, "\\", "/"))
		if strings.HasSuffix(f.Name, "/") || f.FileInfo().IsDir() {
			continue
		}
		byName[strings.ToUpper(name)] = f
		if strings.EqualFold(path.Base(name), "METADATA.XML") {
			metas = append(metas, name)
		}
	}
	named := map[string]bool{}
	var out []xdmFile
	for _, m := range metas {
		data, err := readZipEntry(byName[strings.ToUpper(m)], lim, 16<<20)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", m, err)
		}
		uris, err := metadataURIs(data, lim)
		if err != nil {
			continue // unusable metadata: fall back to looking at the files
		}
		for _, u := range uris {
			if !isLocalName(u) {
				return nil, nil, errors.New("the zip's METADATA.XML names a file outside its folder")
			}
			full := path.Join(path.Dir(m), strings.ReplaceAll(u, "\\", "/"))
			f, ok := byName[strings.ToUpper(full)]
			if !ok {
				if !named[strings.ToUpper(full)] && !slices.Contains(missing, full) {
					missing = append(missing, full)
				}
				continue
			}
			if named[strings.ToUpper(full)] {
				continue
			}
			named[strings.ToUpper(full)] = true
			out = append(out, xdmFile{name: path.Clean(strings.ReplaceAll(f.Name, "\\", "/")), file: f, named: true})
		}
	}
	if len(out) > 0 {
		return out, missing, nil
	}
	for up, f := range byName {
		if strings.HasSuffix(up, ".XML") && path.Base(up) != "METADATA.XML" {
			out = append(out, xdmFile{name: path.Clean(strings.ReplaceAll(f.Name, "\\", "/")), file: f})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, missing, nil
}

// metadataURIs reads the URI slots of the document entries of an ebRIM SubmitObjectsRequest.
func metadataURIs(data []byte, lim Limits) ([]string, error) {
	root, err := parseTree(context.Background(), data, lim)
	if err != nil {
		return nil, err
	}
	var uris []string
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		if n.name == "Slot" && strings.EqualFold(n.attr("name"), "URI") {
			// A long URI may be split over several values "1|part", "2|part" (ITI-32).
			var parts []string
			for _, vl := range n.kids {
				for _, v := range vl.kids {
					if v.name == "Value" {
						parts = append(parts, strings.TrimSpace(v.textContent()))
					}
				}
			}
			uri := strings.Join(parts, "")
			if len(parts) > 1 {
				uri = ""
				for _, p := range parts {
					if _, rest, ok := strings.Cut(p, "|"); ok {
						uri += rest
					}
				}
			}
			if uri != "" {
				uris = append(uris, uri)
			}
			return
		}
		for _, k := range n.kids {
			if k.name != "" {
				walk(k, depth+1)
			}
		}
	}
	walk(root, 0)
	return uris, nil
}

// readZipEntry reads one zip entry, refusing more than max bytes and a compression ratio above
// the limit (counted on the bytes actually read, never trusting the sizes the zip declares).
func readZipEntry(f *zip.File, lim Limits, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot read it from the zip: %w", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read it from the zip: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("it is larger than %s uncompressed", inputfile.Size(max))
	}
	comp := int64(f.CompressedSize64)
	if comp < 1 {
		comp = 1
	}
	if n := int64(len(data)); n > 1<<20 && n/comp > lim.MaxZipRatio {
		return nil, fmt.Errorf("it is compressed more than %d to 1 (a zip bomb?)", lim.MaxZipRatio)
	}
	return data, nil
}
