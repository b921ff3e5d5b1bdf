package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"syscall"
	"time"

	"carekeeper/internal/health"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhir"
	"carekeeper/sync/smart"
)

func init() {
	register(
		&command{name: "portal", args: "add --name NAME --fhir URL [--client-id ID] [--profile ID] [--redirect-port N] | list | connect ID",
			summary: "add, list and sign in to provider portals (SMART on FHIR)", run: runPortal,
			detail: "portal add reads the server's SMART configuration and says in words why if it cannot be used; it says\n" +
				"the portal was added and how to sign in to it, with its id (--json: {\"id\"}). --redirect-port fixes the loopback port for portals whose client\n" +
				"registration compares the redirect URI exactly. --profile puts the portal's records under that person\n" +
				"(else the portal's patient is matched to a person, or one is created, at the first sync).\n" +
				"portal list prints the portals (--json: [{\"id\",\"name\",\"fhir\",\"profile\",\"connected\",\"lastSync\",\"status\"}]).\n" +
				"portal connect prints the address to sign in at (--json: {\"authorizeURL\"} on its own line; without --json the\n" +
				"browser is opened too), waits up to 10 minutes for the portal to come back to 127.0.0.1, then prints\n" +
				"{\"connected\": true, \"patient\"}."},
		&command{name: "sync", args: "[--portal ID] [--full]", summary: "fetch new and changed records from the connected portals", run: runSync,
			detail: "Syncs every connected portal (or only --portal ID): incremental where the portal supports it, a full pass\n" +
				"every 7 days (or with --full) to notice deletions. A sync that is interrupted resumes where it stopped.\n" +
				"--json prints one object per portal and line: {\"portal\",\"complete\",\"requests\",\"resources\":{TYPE:\n" +
				"{\"fetched\",\"added\",\"updated\",\"unchanged\",\"deleted\"}},\"error\"}. Exit 1 if any portal is incomplete."},
	)
}

// connectTimeout is how long `portal connect` waits for the sign-in.
const connectTimeout = 10 * time.Minute

// httpClient is the client for discovery and sign-in (never retrying: codes are single-use).
var httpClient = &http.Client{Timeout: 60 * time.Second}

// flusher is a writer that can push out what it buffered (os.File has Sync, bufio Flush).
type flusher interface{ Flush() error }

func (c *call) flush() {
	if f, ok := c.env.Stdout.(flusher); ok {
		_ = f.Flush()
	}
}

type portalJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	FHIR      string `json:"fhir"`
	Profile   string `json:"profile"`
	Connected bool   `json:"connected"`
	LastSync  string `json:"lastSync"`
	Status    string `json:"status"`
	Warning   string `json:"warning,omitempty"` // e.g. the sign-in lasts one session
}

func runPortal(ctx context.Context, c *call) error {
	sub, err := c.subcommand("say 'portal add', 'portal list' or 'portal connect ID'")
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		return runPortalAdd(ctx, c)
	case "list":
		return runPortalList(ctx, c)
	case "connect":
		return runPortalConnect(ctx, c)
	}
	return usagef("unknown portal command %q", sub)
}

func runPortalAdd(ctx context.Context, c *call) error {
	var name, base, clientID, profile string
	var port int
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "the portal's name")
		fs.StringVar(&base, "fhir", "", "FHIR base URL")
		fs.StringVar(&clientID, "client-id", "", "registered client id")
		fs.StringVar(&profile, "profile", "", "person the portal's records belong to")
		fs.IntVar(&port, "redirect-port", 0, "fixed loopback redirect port")
	}); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(name) == "":
		return usagef("--name is required")
	case base == "":
		return usagef("--fhir is required")
	case port < 0 || port > 65535:
		return usagef("--redirect-port must be a port number")
	}
	u, err := fhir.CheckBase(base)
	if err != nil {
		// said as what to give, not 'smart: fhir: the server address must use https …' (F218)
		if u, perr := url.Parse(strings.TrimSpace(base)); perr == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") && u.User == nil && u.RawQuery == "" && u.Fragment == "" {
			return usagef("--fhir must start with https:// (http only for a server on this computer)")
		}
		return usagef("--fhir must be the portal's FHIR web address, as https://host/path (no user, query or #)")
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	cfg, err := smart.Discover(ctx, httpClient, base)
	if err != nil {
		return portalProblem(u.Host, err)
	}
	if err := cfg.Check(); err != nil {
		var ce *smart.CheckError
		if errors.As(err, &ce) {
			return &wordsError{"the portal cannot be used: " + strings.Join(ce.Missing, "; "), err}
		}
		return fmt.Errorf("the portal cannot be used: %w", err)
	}
	p, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: strings.TrimSpace(name), FHIR: base, ClientID: clientID,
		Profile: profile, RedirectPort: port, Config: cfg}, time.Now())
	if err != nil {
		return err
	}
	if c.json {
		if err := c.printJSON(map[string]string{"id": p.ID}); err != nil {
			return err
		}
	} else {
		// in words, with what to do next (it printed the id alone, as 'profile add' did: F187)
		textf(c.env.Stdout, "Added the portal %s (%s). Sign in to it with 'carekeeper portal connect %s'.\n", p.Name, u.Host, p.ID)
	}
	return v.Close()
}

// wordsError is a failure said in words, still matching what its cause matches (errors.Is,
// errors.As); the cause's own text is not said.
type wordsError struct {
	words string
	err   error
}

func (e *wordsError) Error() string { return e.words }
func (e *wordsError) Unwrap() error { return e.err }

// portalProblem says in words why the portal at host could not be read: 'portal add' said
// Go's 'smart: discovery failed: dial tcp 127.0.0.1:1: connect: connection refused;
// CapabilityStatement fallback: …' (F218). The cause stays wrapped.
func portalProblem(host string, err error) error {
	var dns *net.DNSError
	var ne net.Error
	var cert *tls.CertificateVerificationError
	msg := err.Error()
	reach := func(why string) error {
		return &wordsError{"the portal cannot be used: could not reach " + host + " (" + why + "): check the --fhir address and your connection", err}
	}
	switch {
	case errors.Is(err, smart.ErrNotSMART):
		return &wordsError{"the portal cannot be used: " + host + " does not offer a sign-in for patient apps (SMART on FHIR) at that address: check --fhir is the portal's FHIR address (its help pages give it)", err}
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(msg, "connection refused"):
		return reach("connection refused")
	case errors.As(err, &dns) || strings.Contains(msg, "no such host"):
		return reach("no such name")
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		strings.Contains(msg, "network is unreachable") || strings.Contains(msg, "no route to host"):
		return reach("no network route to it")
	case strings.Contains(msg, "HTTP response to HTTPS client"):
		return reach("it answered without a secure connection: is the address http://?")
	case errors.As(err, &cert) || strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:"):
		return reach("its secure connection could not be checked")
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() || strings.Contains(msg, "Client.Timeout"):
		return reach("it did not answer in time")
	case strings.Contains(msg, "answered HTTP 5"):
		return &wordsError{"the portal cannot be used: " + host + " answered with an error of its own: try again later", err}
	case strings.Contains(msg, "answered HTTP 4"):
		return &wordsError{"the portal cannot be used: " + host + " refused to give its sign-in details: check the --fhir address", err}
	case strings.Contains(msg, "not valid JSON"):
		return &wordsError{"the portal cannot be used: " + host + " did not answer as a FHIR server: check the --fhir address", err}
	}
	return fmt.Errorf("the portal cannot be used: %w", err)
}

func runPortalList(ctx context.Context, c *call) error {
	if err := c.bindNoArgs(nil); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	ps, err := cksync.Portals(ctx, v)
	if err != nil {
		return err
	}
	out := make([]portalJSON, 0, len(ps))
	for _, p := range ps {
		j := portalJSON{ID: p.ID, Name: p.Name, FHIR: p.FHIR, Profile: p.Profile, Connected: p.Connected, Status: p.Status, Warning: p.Warning()}
		if !p.LastSync.IsZero() {
			j.LastSync = p.LastSync.UTC().Format(time.RFC3339)
		}
		out = append(out, j)
	}
	if c.json {
		return c.printJSON(out)
	}
	if len(out) == 0 {
		textln(c.env.Stdout, "No portals yet: 'carekeeper portal add --name NAME --fhir URL'.")
		return nil
	}
	tw := newTabs(c.env.Stdout)
	textf(tw, "ID\tNAME\tSTATUS\tLAST SYNC\tFHIR\n")
	for _, p := range out {
		last := "never"
		if t, err := time.Parse(time.RFC3339, p.LastSync); err == nil {
			last = health.DateTimeWords(t.In(c.device()))
		}
		textf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Status, last, p.FHIR)
	}
	return tw.Flush()
}

func runPortalConnect(ctx context.Context, c *call) error {
	if err := c.bind(nil); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("say which portal: 'portal connect ID'")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	p, err := cksync.GetPortal(v, c.args[0])
	if err != nil {
		return err
	}
	cfg := p.Config
	if cfg == nil {
		if cfg, err = smart.Discover(ctx, httpClient, p.FHIR); err != nil {
			return fmt.Errorf("the portal cannot be used: %w", err)
		}
	}
	wctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	login, err := smart.Begin(wctx, httpClient, cfg, p.ClientID, p.RedirectPort)
	if err != nil {
		return err
	}
	defer login.Close()
	if c.json {
		if err := c.printJSON(map[string]string{"authorizeURL": login.AuthorizeURL}); err != nil {
			return err
		}
	} else {
		textf(c.env.Stdout, "Sign in to %s in your browser. If it does not open, open this address:\n\n  %s\n\nWaiting up to 10 minutes...\n",
			p.Name, login.AuthorizeURL)
		_ = smart.OpenBrowser(login.AuthorizeURL)
	}
	c.flush()
	tok, err := login.Wait(wctx)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return errors.New("no sign-in within 10 minutes; run 'portal connect' again")
		}
		if errors.Is(err, context.Canceled) {
			// Ctrl-C while the browser sign-in waited: said as what happened, not Go's
			// "smart: waiting for the sign-in: context canceled" (F525)
			return &wordsError{"sign-in cancelled: nothing was changed", err}
		}
		return err
	}
	if err := cksync.Connected(ctx, v, p, tok); err != nil {
		return err
	}
	if c.json {
		out := map[string]any{"connected": true, "patient": tok.Patient}
		if w := p.Warning(); w != "" {
			out["warning"] = w
		}
		if err := c.printJSON(out); err != nil {
			return err
		}
	} else {
		textf(c.env.Stdout, "Connected to %s. Run 'carekeeper sync' to fetch the records.\n", p.Name)
		if w := p.Warning(); w != "" {
			textf(c.env.Stdout, "Note: %s.\n", w)
		}
	}
	return v.Close()
}

func runSync(ctx context.Context, c *call) error {
	c.bulk = true
	var only string
	var full bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&only, "portal", "", "only this portal")
		fs.BoolVar(&full, "full", false, "fetch everything (notices deletions)")
	}); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	var ps []cksync.Portal
	if only != "" {
		p, err := cksync.GetPortal(v, only)
		if err != nil {
			return err
		}
		ps = []cksync.Portal{*p}
	} else if ps, err = cksync.Portals(ctx, v); err != nil {
		return err
	}
	incomplete := 0
	ran := 0
	for _, p := range ps {
		if p.Patient == "" && only == "" {
			continue // never connected: nothing to sync yet
		}
		ran++
		r, err := cksync.SyncPortal(ctx, v, p.ID, cksync.SyncOptions{Full: full})
		switch {
		case errors.Is(err, cksync.ErrNotConnected):
			r = &cksync.Result{Portal: p.ID, Resources: map[string]*cksync.Counts{}, Error: err.Error()}
			if p.Status == cksync.StatusSignInAgain {
				r.Error = cksync.ErrSignInAgain.Error() + ": run 'carekeeper portal connect " + p.ID + "'"
			}
		case err != nil:
			return err
		}
		if !r.Complete {
			incomplete++
		}
		if c.json {
			if err := c.printJSON(r); err != nil {
				return err
			}
			c.flush()
			continue
		}
		printSyncResult(c, &p, r)
	}
	if ran == 0 && !c.json {
		textln(c.env.Stdout, "No connected portals: 'carekeeper portal add' and 'carekeeper portal connect'.")
	}
	if err := v.Close(); err != nil {
		return err
	}
	if incomplete > 0 {
		if c.json {
			return &silentError{fmt.Errorf("%s incomplete", health.Count(incomplete, "portal", ""))}
		}
		return fmt.Errorf("%d of %s incomplete", incomplete, health.Count(ran, "portal", ""))
	}
	return nil
}

func printSyncResult(c *call, p *cksync.Portal, r *cksync.Result) {
	var added, updated, deleted, fetched int
	types := make([]string, 0, len(r.Resources))
	for t, n := range r.Resources {
		added += n.Added
		updated += n.Updated
		deleted += n.Deleted
		fetched += n.Fetched
		types = append(types, t)
	}
	sort.Strings(types)
	state := "complete"
	if !r.Complete {
		state = "INCOMPLETE: " + r.Error
	}
	textf(c.env.Stdout, "%s: %d fetched, %d added, %d updated, %d deleted in %d requests; %s\n",
		p.Name, fetched, added, updated, deleted, r.Requests, state)
}
