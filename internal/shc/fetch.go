package shc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// maxJWKSBytes bounds a fetched key set.
const maxJWKSBytes = 256 << 10

// FetchIssuer is the online check a person asks for (never done at import): it gets the
// issuer's key set from <iss>/.well-known/jwks.json over TLS 1.2 or newer, within 20 seconds,
// and returns it as an Issuer to keep (Source "online"), so later imports verify offline.
// client nil means a default client.
func FetchIssuer(ctx context.Context, client *http.Client, iss, name string, now time.Time) (Issuer, error) {
	iss = strings.TrimRight(iss, "/")
	if !strings.HasPrefix(iss, "https://") {
		return Issuer{}, errors.New("the issuer must be an https URL")
	}
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}, Proxy: http.ProxyFromEnvironment}}
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, iss+"/.well-known/jwks.json", nil)
	if err != nil {
		return Issuer{}, fmt.Errorf("the issuer URL is not valid: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return Issuer{}, unreachable(req.URL.Host, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Issuer{}, fmt.Errorf("fetching the issuer's keys: the server answered %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return Issuer{}, fmt.Errorf("fetching the issuer's keys: %w", err)
	}
	if len(data) > maxJWKSBytes {
		return Issuer{}, fmt.Errorf("the issuer's key set is larger than %d KiB", maxJWKSBytes>>10)
	}
	keys, err := ParseJWKS(data)
	if err != nil {
		return Issuer{}, fmt.Errorf("the issuer's key set: %w", err)
	}
	return Issuer{Iss: iss, Name: name, Keys: keys, Source: "online", Saved: now.UTC()}, nil
}

// fetchError is a failed fetch said in words, still matching what its cause matches.
type fetchError struct {
	words string
	err   error
}

func (e *fetchError) Error() string { return e.words }
func (e *fetchError) Unwrap() error { return e.err }

// unreachable says in words why the issuer at host could not be asked for its keys — Go's
// 'Get "https://…/jwks.json": dial tcp …: connect: connection refused' was the whole message
// (F166) — and what to do instead.
func unreachable(host string, err error) error {
	var dns *net.DNSError
	var ne net.Error
	var cert *tls.CertificateVerificationError
	msg := err.Error()
	why := ""
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(msg, "connection refused"):
		why = "connection refused"
	case errors.As(err, &dns) || strings.Contains(msg, "no such host"):
		why = "no such name: check the address, or the network"
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		strings.Contains(msg, "network is unreachable") || strings.Contains(msg, "no route to host"):
		why = "no network route to it"
	case errors.As(err, &cert) || strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:"):
		why = "its secure connection could not be checked"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		why = "it did not answer within 20 seconds"
	}
	words := "could not reach " + host + " to fetch the issuer's keys"
	if why != "" {
		words += " (" + why + ")"
	}
	return &fetchError{words + "; or trust the issuer from its key file: 'carekeeper cards trust --iss URL JWKS-FILE'", err}
}
