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
	var out []transport.Entry
	seen := map[string]bool{}
	times := map[string]time.Time{}
	for _, r := range ms.Responses {
		u, err := url.Parse(strings.TrimSpace(r.Href))
		if err != nil {
			continue
		}
		p := "/" + strings.Trim(u.Path, "/")
		var e transport.Entry
		var mod time.Time
		ok, sized := false, false
		for _, ps := range r.Propstat {
			if !statusOK(ps.Status) {
				continue
			}
			ok = true
			if ps.Prop.ResourceType.Collection != nil {
				e.Dir = true
			}
			if n, err := strconv.ParseInt(strings.TrimSpace(ps.Prop.Length), 10, 64); err == nil && n >= 0 {
				e.Size, sized = n, true
			}
			if t, err := http.ParseTime(strings.TrimSpace(ps.Prop.Modified)); err == nil {
				mod = t
			}
		}
		if !ok {
			continue
		}
		if p == dirPath {
			if !e.Dir {
				return nil, nil, errors.New("it is a file, not a folder")
			}
			continue
		}
		if path.Dir(p) != dirPath && !(dirPath == "/" && path.Dir(p) == "/") {
			continue
		}
		e.Name = path.Base(p)
		if e.Dir {
			e.Size = 0
		} else if !sized {
			continue // no length: a lock-null resource (a create in progress), not a file
		}
		if e.Name == "" || e.Name == "/" || seen[e.Name] {
			continue
		}
		seen[e.Name] = true
		out = append(out, e)
		if !mod.IsZero() {
			times[e.Name] = mod
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
