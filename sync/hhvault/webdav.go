package hhvault

import (
	"carekeeper/sync/transport"
	"carekeeper/sync/transport/webdav"
)

// newWebDAV opens the WebDAV transport.
func newWebDAV(url, user, password string) (transport.Transport, error) {
	return webdav.New(webdav.Config{URL: url, User: user, Password: password})
}
