package shc_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/testutil"
)

// F166: an issuer that cannot be reached is said in words — which host, why, and what to do —
// not as Go's 'Get "https://…": dial tcp …: connect: connection refused'; the cause still
// matches errors.Is.
func TestFetchIssuerUnreachableInWords(t *testing.T) {
	addr := testutil.RefusedAddr(t) // nothing listens there
	_, err := shc.FetchIssuer(context.Background(), nil, "https://"+addr+"/issuer", "", time.Now())
	want := "could not reach " + addr + " to fetch the issuer's keys (connection refused); or trust the issuer from its key file: 'carekeeper cards trust --iss URL JWKS-FILE'"
	if err == nil || err.Error() != want || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("refused: %v, want %q (and ECONNREFUSED)", err, want)
	}
	// A server whose certificate the computer does not trust.
	srv := httptest.NewTLSServer(nil)
	defer srv.Close()
	_, err = shc.FetchIssuer(context.Background(), nil, srv.URL+"/issuer", "", time.Now())
	if err == nil || !strings.Contains(err.Error(), "(its secure connection could not be checked)") || strings.Contains(err.Error(), "x509") {
		t.Errorf("untrusted certificate: %v", err)
	}
}
