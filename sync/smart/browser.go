package smart

import (
	"errors"
	"net/url"
	"os/exec"
	"runtime"
)

// OpenBrowser opens an https (or loopback http) URL in the system browser: xdg-open on
// Linux and the BSDs, open on macOS, rundll32 url.dll,FileProtocolHandler on Windows. It does
// not wait for the browser. Callers should also print the URL, for when no browser opens.
func OpenBrowser(rawURL string) error {
	if err := httpsOrLoopback(rawURL); err != nil {
		return errors.New("smart: refusing to open an address that " + err.Error())
	}
	if u, err := url.Parse(rawURL); err != nil || u.User != nil {
		return errors.New("smart: refusing to open this address")
	}
	name, args := browserCommand(runtime.GOOS, rawURL)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return errors.New("smart: cannot start the web browser (" + name + ")")
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

func browserCommand(goos, u string) (string, []string) {
	switch goos {
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", u}
	case "darwin":
		return "open", []string{u}
	default:
		return "xdg-open", []string{u}
	}
}
