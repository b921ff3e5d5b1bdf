package hhvault

import (
	"errors"
	"net/http"

	"carekeeper/sync/transport"
	"carekeeper/sync/transport/webdav"
)

// newWebDAV opens the WebDAV transport.
func newWebDAV(url, user, password string) (transport.Transport, error) {
	return webdav.New(webdav.Config{URL: url, User: user, Password: password})
}

// Plain says a refused user name or app password in one plain line naming the server's host
// alone: the steps around it ("listing this device's folder d/<device id>") mean nothing to
// the person, who must fix the password.
func Plain(err error) error {
	var se *webdav.StatusError
	if errors.As(err, &se) && se.Code == http.StatusUnauthorized {
		return se
	}
	return err
}
