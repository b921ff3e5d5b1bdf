package webdav

import (
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/sync/transport"
)

const propfindBody = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/><d:getlastmodified/></d:prop></d:propfind>`

type multistatus struct {
	XMLName   xml.Name `xml:"DAV: multistatus"`
	Responses []struct {
		Href     string `xml:"DAV: href"`
		Propstat []struct {
			Status string `xml:"DAV: status"`
			Prop   struct {
				ResourceType struct {
					Collection *struct{} `xml:"DAV: collection"`
				} `xml:"DAV: resourcetype"`
				Length   string `xml:"DAV: getcontentlength"`
				Modified string `xml:"DAV: getlastmodified"`
			} `xml:"DAV: prop"`
		} `xml:"DAV: propstat"`
	} `xml:"DAV: response"`
}

// parseList turns a PROPFIND Depth: 1 answer for the collection at dirPath (an unescaped
// URL path) into its entries, sorted by name. The collection's own response is left out,
// and so is any response that is not directly in it; a dirPath that answers as a file is an
// error.
func parseList(body []byte, dirPath string) ([]transport.Entry, error) {
	es, _, err := parseListTimes(body, dirPath)
	return es, err
}

// parseListTimes is parseList with each entry's last modification (zero when the server
// gave none or an unreadable one).
func parseListTimes(body []byte, dirPath string) ([]transport.Entry, map[string]time.Time, error) {
	var ms multistatus
	if err := xml.Unmarshal(body, &ms); err != nil {
		return nil, nil, errors.New("the server's listing is not valid WebDAV XML")
	}
	dirPath = "/" + strings.Trim(dirPath, "/")
	type item struct {
		p     string
		e     transport.Entry
		mod   time.Time
		sized bool
	}
	var items []item
	for _, r := range ms.Responses {
		u, err := url.Parse(strings.TrimSpace(r.Href))
		if err != nil {
			continue
		}
		it := item{p: "/" + strings.Trim(u.Path, "/")}
		ok := false
		for _, ps := range r.Propstat {
			if !statusOK(ps.Status) {
				continue
			}
			ok = true
			if ps.Prop.ResourceType.Collection != nil {
				it.e.Dir = true
			}
			if n, err := strconv.ParseInt(strings.TrimSpace(ps.Prop.Length), 10, 64); err == nil && n >= 0 {
				it.e.Size, it.sized = n, true
			}
			if t, err := http.ParseTime(strings.TrimSpace(ps.Prop.Modified)); err == nil {
				it.mod = t
			}
		}
		if ok {
			items = append(items, it)
		}
	}
	// The folder's own response names it: normally the path asked for. A proxy in front of
	// the server may rewrite the path's beginning; then the folder is the shortest path, all
	// others directly in it. Anything else is refused rather than read as an empty folder.
	self := ""
	for _, it := range items {
		if it.p == dirPath {
			self = it.p
		}
	}
	if self == "" && len(items) > 0 {
		short := items[0].p
		for _, it := range items {
			if len(it.p) < len(short) {
				short = it.p
			}
		}
		for _, it := range items {
			if it.p != short && path.Dir(it.p) != short {
				short = ""
				break
			}
		}
		self = short
	}
	if self == "" {
		return nil, nil, errors.New("the server's listing does not show the folder asked for (a proxy rewriting addresses?)")
	}
	var out []transport.Entry
	seen := map[string]bool{}
	times := map[string]time.Time{}
	for _, it := range items {
		e := it.e
		if it.p == self {
			if !e.Dir {
				return nil, nil, errors.New("it is a file, not a folder")
			}
			continue
		}
		if path.Dir(it.p) != self {
			continue
		}
		e.Name = path.Base(it.p)
		if e.Dir {
			e.Size = 0
		} else if !it.sized {
			continue // no length: a lock-null resource (a create in progress), not a file
		}
		if e.Name == "" || e.Name == "/" || seen[e.Name] {
			continue
		}
		seen[e.Name] = true
		out = append(out, e)
		if !it.mod.IsZero() {
			times[e.Name] = it.mod
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, times, nil
}

// statusOK reports whether a propstat status line ("HTTP/1.1 200 OK") is 2xx.
func statusOK(s string) bool {
	f := strings.Fields(s)
	return len(f) >= 2 && len(f[1]) == 3 && f[1][0] == '2'
}
