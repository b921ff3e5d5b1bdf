package shc_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

func TestFetchIssuer(t *testing.T) {
	jwks := shctest.PublicJWKS(t)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good/.well-known/jwks.json":
			w.Write(jwks)
		case "/big/.well-known/jwks.json":
			w.Write([]byte(`{"keys":[` + strings.Repeat(" ", 300<<10) + `]}`))
		case "/junk/.well-known/jwks.json":
			w.Write([]byte(`<html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	is, err := shc.FetchIssuer(context.Background(), srv.Client(), srv.URL+"/good/", "Test", now)
	if err != nil || is.Iss != srv.URL+"/good" || len(is.Keys) == 0 || is.Source != "online" || !is.Saved.Equal(now) {
		t.Fatalf("%+v %v", is, err)
	}
	// the fetched keys verify a card offline
	c, _ := shc.Parse(card(t, shctest.Claims{Iss: srv.URL + "/good"}))
	if st, err := c.Verify(mustTrust(t, is), now); err != nil || st != shc.Verified {
		t.Errorf("verify with fetched keys: %q %v", st, err)
	}
	for path, want := range map[string]string{"/missing": "404", "/big": "larger than", "/junk": "key set"} {
		if _, err := shc.FetchIssuer(context.Background(), srv.Client(), srv.URL+path, "", now); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", path, err)
		}
	}
	if _, err := shc.FetchIssuer(context.Background(), nil, "http://example.com", "", now); err == nil {
		t.Error("http issuer accepted")
	}
}
