package hhvault

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"

	"carekeeper/sync/transport"
	"carekeeper/sync/transport/webdav"
)

// FailureWords put why an exchange failed into one plain clause for the status line (the app's
// Today and Settings, 'household status'): what could not be reached or used, and where — not
// the chain of steps ("household: listing the devices' folders: cannot reach …: dial tcp …:
// connect: connection refused"), which stays in Last.Error and 'household status --json'.
func FailureWords(err error, cfg Config) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var setup *SetupError
	if errors.As(err, &setup) {
		return setup.Words
	}
	var se *webdav.StatusError
	if errors.As(err, &se) { // already a plain sentence naming the host: refused, not allowed, full
		return se.Error()
	}
	var dns *net.DNSError
	var ne net.Error
	switch {
	case cfg.WebDAV != "":
		server := "the WebDAV server"
		if u, perr := url.Parse(cfg.WebDAV); perr == nil && u.Host != "" {
			server += " " + u.Host
		}
		switch {
		case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(msg, "connection refused"):
			return server + " could not be reached (connection refused)"
		case errors.As(err, &dns) || strings.Contains(msg, "no such host"):
			return server + " could not be found (no such name: check the address, or the network)"
		case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
			strings.Contains(msg, "network is unreachable") || strings.Contains(msg, "no route to host"):
			return server + " could not be reached (no network route to it)"
		case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
			errors.As(err, &ne) && ne.Timeout() || strings.Contains(msg, "did not answer") || strings.Contains(msg, "stopped sending"):
			return server + " did not answer in time"
		case errors.Is(err, transport.ErrNotExist):
			return "the household's folder on " + server + " is not there (removed or renamed?)"
		case strings.Contains(msg, "cannot reach"):
			return server + " could not be reached"
		}
	case cfg.Folder != "":
		folder := "the shared folder " + cfg.Folder
		switch {
		case errors.Is(err, transport.ErrNotExist) || errors.Is(err, fs.ErrNotExist):
			return folder + " is not there (is its drive connected, or was it moved?)"
		case errors.Is(err, fs.ErrPermission):
			return "CareKeeper may not write in " + folder + " (check its permissions)"
		case errors.Is(err, syscall.EROFS):
			return folder + " is read-only"
		case errors.Is(err, syscall.ENOSPC):
			return "the disk of " + folder + " is full"
		}
	}
	return strings.TrimPrefix(msg, "household: ")
}

// PlainFailure is err said as FailureWords (one plain line for 'household sync'), still
// matching what err matches (errors.Is, errors.As).
func PlainFailure(err error, cfg Config) error {
	if err == nil {
		return nil
	}
	return &plainFailure{FailureWords(err, cfg), err}
}

type plainFailure struct {
	words string
	err   error
}

func (e *plainFailure) Error() string { return e.words }
func (e *plainFailure) Unwrap() error { return e.err }
