package clinic

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"aead.dev/minisign"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/inputfile"
)

// Sizes read at most: a configuration is a few KiB; a larger file, a FIFO or a device is
// refused without reading it.
const (
	MaxConfigBytes = 1 << 20
	maxSmallFile   = 64 << 10 // signatures, keys, the serials memory
	maxLogoBytes   = 4 << 20
)

//go:embed keys/*.pub
var keyFiles embed.FS

// TrustedKeys are the provisioning public keys built into this CareKeeper: the current one
// and the next one, so the provisioning key can be rotated without a new build.
func TrustedKeys() ([]minisign.PublicKey, error) {
	var keys []minisign.PublicKey
	for _, name := range []string{"keys/current.pub", "keys/next.pub"} {
		b, err := keyFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("built-in provisioning key: %w", err)
		}
		var k minisign.PublicKey
		if err := k.UnmarshalText(bytes.TrimSpace(b)); err != nil {
			return nil, fmt.Errorf("built-in provisioning key %s: %w", name, err)
		}
		keys = append(keys, k)
	}
	return append(keys, extraKeys()...), nil
}

// Places are where configurations are looked up: machine-wide directories first (set up by
// clinic IT), then the per-user directory (a configuration the person imported).
type Places struct {
	Machine []string
	User    string
}

// DefaultPlaces are the platform's locations.
func DefaultPlaces() Places {
	var p Places
	switch runtime.GOOS {
	case "windows":
		if pd := os.Getenv("ProgramData"); pd != "" {
			p.Machine = []string{filepath.Join(pd, "CareKeeper")}
		}
	case "darwin":
		p.Machine = []string{"/Library/Application Support/org.carekeeper.app"}
	default:
		dirs := os.Getenv("XDG_CONFIG_DIRS")
		if dirs == "" {
			dirs = "/etc/xdg"
		}
		for _, d := range filepath.SplitList(dirs) {
			if filepath.IsAbs(d) {
				p.Machine = append(p.Machine, filepath.Join(d, "carekeeper"))
			}
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		p.User = filepath.Join(d, "carekeeper")
	}
	return p
}

// Found is the result of a lookup: the accepted configuration (nil if none) with where it
// came from, and every configuration that was found and rejected, with the reason.
type Found struct {
	Config   *Config
	Path     string
	Machine  bool   // set up machine-wide by clinic IT
	Logo     []byte // the clinic's logo, when present and matching logo_sha256
	Rejected []Rejection
}

// Loader finds, verifies and remembers configurations.
type Loader struct {
	Places Places
	Keys   []minisign.PublicKey
	Now    func() time.Time
	// StateFile keeps the highest serial accepted per clinic (anti-rollback). It holds no
	// health data. Empty: Places.User/serials.json.
	StateFile string
}

// NewLoader is a Loader with the platform's places and the built-in keys.
func NewLoader() (*Loader, error) {
	keys, err := TrustedKeys()
	if err != nil {
		return nil, err
	}
	return &Loader{Places: DefaultPlaces(), Keys: keys, Now: time.Now}, nil
}

func (l *Loader) stateFile() string {
	if l.StateFile != "" {
		return l.StateFile
	}
	if l.Places.User == "" {
		return ""
	}
	return filepath.Join(l.Places.User, "serials.json")
}

func (l *Loader) serials() map[string]uint64 {
	out := map[string]uint64{}
	if f := l.stateFile(); f != "" {
		if b, err := inputfile.Read(f, maxSmallFile); err == nil {
			_ = json.Unmarshal(b, &out) // a damaged file only loses the rollback memory
		}
	}
	return out
}

func (l *Loader) remember(c *Config) error {
	f := l.stateFile()
	if f == "" {
		return nil
	}
	s := l.serials()
	if s[c.ClinicID] >= c.Serial {
		return nil
	}
	s[c.ClinicID] = c.Serial
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f), 0o700); err != nil {
		return fmt.Errorf("remembering the clinic configuration: %w", err)
	}
	if err := atomicfile.WriteFile(f, b); err != nil {
		return fmt.Errorf("remembering the clinic configuration: %w", err)
	}
	return nil
}

func (l *Loader) verifier() *Verifier {
	seen := l.serials()
	return &Verifier{Keys: l.Keys, Now: l.Now, Highest: func(id string) uint64 { return seen[id] }}
}

// VerifyFile verifies path against path + ".minisig".
func (l *Loader) VerifyFile(path string) (*Config, error) {
	data, err := inputfile.Read(path, MaxConfigBytes)
	if err != nil {
		return nil, &Rejection{Path: path, Reason: plainOSError(err)}
	}
	sig, err := inputfile.Read(path+".minisig", maxSmallFile)
	if err != nil {
		return nil, &Rejection{Path: path, Reason: "its signature file (" + filepath.Base(path) + ".minisig) " + plainOSError(err)}
	}
	c, err := l.verifier().Verify(data, sig)
	if err != nil {
		return nil, &Rejection{Path: path, Reason: err.Error()}
	}
	return c, nil
}

func plainOSError(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "is missing"
	case errors.Is(err, os.ErrPermission):
		return "cannot be read (permission denied)"
	case errors.Is(err, inputfile.ErrNotRegular):
		return "cannot be read: " + err.Error()
	}
	var tl *inputfile.TooLargeError
	if errors.As(err, &tl) {
		return "is " + err.Error()
	}
	return "cannot be read"
}

// Load looks up the configuration: every valid one machine-wide and per user is a
// candidate; machine-wide beats per-user, and among the same kind the higher serial wins.
// The accepted one's serial is remembered so an older one is refused later.
func (l *Loader) Load() (*Found, error) {
	f := &Found{}
	try := func(dir string, machine bool) {
		path := filepath.Join(dir, FileName)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return
		}
		c, err := l.VerifyFile(path)
		if err != nil {
			var r *Rejection
			if errors.As(err, &r) {
				f.Rejected = append(f.Rejected, *r)
			}
			return
		}
		better := f.Config == nil || (machine && !f.Machine) || (machine == f.Machine && c.Serial > f.Config.Serial)
		if better {
			f.Config, f.Path, f.Machine = c, path, machine
		}
	}
	for _, d := range l.Places.Machine {
		try(d, true)
	}
	if l.Places.User != "" {
		try(l.Places.User, false)
	}
	if f.Config == nil {
		return f, nil
	}
	if logo, err := inputfile.Read(filepath.Join(filepath.Dir(f.Path), LogoName), maxLogoBytes); err == nil && f.Config.CheckLogo(logo) {
		f.Logo = logo
	}
	return f, l.remember(f.Config)
}

// Import verifies a configuration a person was given (a file and its .minisig beside it) and
// copies both into the per-user place.
func (l *Loader) Import(path string) (*Config, error) {
	c, err := l.VerifyFile(path)
	if err != nil {
		return nil, err
	}
	if l.Places.User == "" {
		return nil, errors.New("no per-user configuration directory")
	}
	if err := os.MkdirAll(l.Places.User, 0o700); err != nil {
		return nil, fmt.Errorf("saving the clinic configuration: %w", err)
	}
	for _, name := range []string{"", ".minisig"} {
		b, err := inputfile.Read(path+name, MaxConfigBytes)
		if err != nil {
			return nil, fmt.Errorf("reading the clinic configuration: %w", err)
		}
		dst := filepath.Join(l.Places.User, FileName+name)
		if err := atomicfile.WriteFile(dst, b); err != nil {
			return nil, fmt.Errorf("saving the clinic configuration: %w", err)
		}
	}
	return c, l.remember(c)
}

// Explain lists, in plain words, what a configuration changes in the app.
func (c *Config) Explain() []string {
	var out []string
	out = append(out, fmt.Sprintf("Set up by %s (configuration %d, valid until %s).", c.ClinicName, c.Serial, c.NotAfter.UTC().Format("2 January 2006")))
	for _, p := range c.Portals {
		out = append(out, fmt.Sprintf("Offers the portal %q (%s); you choose whether to connect it.", p.Name, hostOf(p.FHIRBaseURL)))
	}
	if s := c.Support; s.Phone != "" || s.Email != "" || s.URL != "" {
		var parts []string
		for _, v := range []string{s.Phone, s.Email, s.URL, s.Hours} {
			if v != "" {
				parts = append(parts, v)
			}
		}
		out = append(out, "Help with the app: "+strings.Join(parts, ", ")+".")
	}
	p := c.Policies
	if p.MinPassphraseScore > 0 {
		out = append(out, fmt.Sprintf("New passphrases must reach strength %d of 4.", p.MinPassphraseScore))
	}
	if p.AutoLockMinutes > 0 {
		out = append(out, fmt.Sprintf("The app locks after %d idle minutes.", p.AutoLockMinutes))
	}
	if p.PrivateNotifications {
		out = append(out, "Reminders do not show medicine names.")
	}
	if p.SyncIntervalHours > 0 {
		out = append(out, fmt.Sprintf("Connected portals sync every %d hours.", p.SyncIntervalHours))
	}
	out = append(out, "The clinic cannot see your records: nothing is sent anywhere except to the portals you connect.")
	return out
}

func hostOf(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		raw = raw[i+3:]
	}
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		raw = raw[:i]
	}
	return raw
}
