package hhvault

import (
	"errors"

	"carekeeper/sync/transport"
)

// newWebDAV opens the WebDAV transport (sync/transport/webdav, landing separately).
func newWebDAV(url, user, password string) (transport.Transport, error) {
	return nil, errors.New("the WebDAV transport is not in this build yet: use a shared folder")
}
