package cli_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A failure whose error carries the package's own prefix, the same as the command's name, says
// it once: "carekeeper household: household: making …" was printed before.
func TestErrorPrefixOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer srv.Close()
	r := in(newVault(t)).with("CAREKEEPER_WEBDAV_PASSWORD", "wrong")
	res := r.run(t, "household", "create", "--name", "Home", "--webdav", srv.URL+"/dav", "--webdav-user", "u").
		fails(t, 1, "carekeeper household: ", "refused the user name or app password")
	if strings.Contains(res.stderr, "household: household:") {
		t.Errorf("prefix said twice: %q", res.stderr)
	}
}
