package cli_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"carekeeper/sync/fhirtest"
)

// F218: 'portal add' failed with Go's raw errors ('smart: discovery failed: dial tcp
// 127.0.0.1:1: connect: connection refused; CapabilityStatement fallback: …', 'http: server
// gave HTTP response to HTTPS client', 'smart: fhir: the server address must use https …').
// Each is said in words with what to do; an address that cannot be one is a usage error. A
// portal added is said in words too, with how to sign in (it printed the id alone).
func TestPortalAddSaysWhyInWords(t *testing.T) {
	r := in(newVault(t))
	plain := httptest.NewServer(http.NotFoundHandler()) // no SMART configuration, and no TLS
	t.Cleanup(plain.Close)
	host := strings.TrimPrefix(plain.URL, "http://")
	for _, tc := range []struct {
		name, fhir string
		code       int
		want       string
	}{
		{"nothing listens", "http://127.0.0.1:1/fhir", 1, "the portal cannot be used: could not reach 127.0.0.1:1 (connection refused): check the --fhir address and your connection"},
		{"https to a plain server", "https://" + host + "/fhir", 1, "could not reach " + host + " (it answered without a secure connection"},
		{"not a SMART server", plain.URL + "/fhir", 1, "the portal cannot be used: " + host + " does not offer a sign-in for patient apps (SMART on FHIR) at that address"},
		{"http elsewhere", "http://fhir.example.org/r4", 2, "--fhir must start with https:// (http only for a server on this computer)"},
		{"not an address", "mychart.clinic.example", 2, "--fhir must be the portal's FHIR web address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := r.run(t, "portal", "add", "--name", "Clinic", "--fhir", tc.fhir).fails(t, tc.code, tc.want)
			for _, raw := range []string{"dial tcp", "smart:", "fhir:", "HTTPS client", "CapabilityStatement", "discovery failed"} {
				if strings.Contains(res.stderr, raw) {
					t.Errorf("stderr %q says %q", res.stderr, raw)
				}
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base, err := fhirtest.New(nil, fhirtest.Options{}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := r.run(t, "portal", "add", "--name", "Example portal", "--fhir", base, "--client-id", fhirtest.DefaultClientID).ok(t).stdout
	if !strings.HasPrefix(out, "Added the portal Example portal (") || !strings.Contains(out, "Sign in to it with 'carekeeper portal connect ") {
		t.Errorf("portal add said %q", out)
	}
}
