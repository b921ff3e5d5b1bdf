package shc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
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
		return Issuer{}, fmt.Errorf("fetching the issuer's keys: %w", err)
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
