// Command devportal runs CareKeeper's test portal (carekeeper/sync/fhirtest): a FHIR R4 +
// SMART App Launch v2 server on 127.0.0.1 serving the patients of a folder of FHIR Bundles,
// for demos and manual tests, with optional fault injection.
//
//	go run ./cmd/devportal --port 8765 --interactive
//	go run ./cmd/devportal --rate-limit-every 5 --retry-after 2s --expire-token-after 20
//
// It prints the FHIR base URL, the client id and the redirect URI to use, then serves until
// interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"carekeeper/sync/fhirtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "devportal:", err)
		os.Exit(2)
	}
}

// run parses the flags, starts the portal and serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devportal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		port         = fs.Int("port", 0, "port on 127.0.0.1 (0: any free port)")
		data         = fs.String("data", "../shared/fixtures/synthea", "directory (or file) of FHIR Bundles to serve")
		clientID     = fs.String("client-id", fhirtest.DefaultClientID, "the registered public client id")
		redirectPort = fs.Int("redirect-port", 0, "require this exact loopback redirect port (0: any port, RFC 8252)")
		patient      = fs.String("patient", "", "id of the patient to log in (default: the first loaded)")
		interactive  = fs.Bool("interactive", false, "show a consent page with a patient chooser instead of logging in at once")
		tokenLife    = fs.Duration("token-lifetime", time.Hour, "access token lifetime")
		noRefresh    = fs.Bool("no-refresh", false, "issue no refresh tokens")
		paging       = fs.String("paging", "cursor", "next links: cursor or offset")
		maxOffset    = fs.Int("max-offset", 0, "with --paging offset, refuse pages at or beyond this offset (e.g. 10000)")
		epic         = fs.Bool("epic-content-type", false, "answer application/json+fhir like Epic")
		noSort       = fs.Bool("no-sort", false, "do not support _sort")
		noLU         = fs.Bool("no-lastupdated", false, "do not support _lastUpdated")
		verbose      = fs.Bool("log", false, "log every request (method, path, status)")
		f            fhirtest.Faults
	)
	rule := func(r *fhirtest.Rule, name, usage string) {
		fs.IntVar(&r.Every, name+"-every", 0, usage+" on every Nth FHIR request (0: never)")
		fs.IntVar(&r.Times, name+"-times", 0, "at most this many "+name+" faults (0: no limit)")
	}
	rule(&f.TooManyRequests, "rate-limit", "answer 429")
	fs.DurationVar(&f.RetryAfter, "retry-after", time.Second, "Retry-After of the 429s")
	rule(&f.Unavailable, "unavailable", "answer 503")
	fs.DurationVar(&f.UnavailableRetryAfter, "unavailable-retry-after", 0, "Retry-After of the 503s (0: none)")
	rule(&f.Slow, "slow", "delay the answer by --slow-delay")
	fs.DurationVar(&f.SlowDelay, "slow-delay", 5*time.Second, "delay of slow answers")
	rule(&f.Drop, "drop", "drop the connection mid-body")
	rule(&f.Hangup, "hangup", "close the connection without answering")
	rule(&f.Malformed, "malformed", "send a truncated JSON page")
	fs.IntVar(&f.ExpireTokenAfter, "expire-token-after", 0, "access tokens expire after N FHIR requests (0: never)")
	fs.BoolVar(&f.IgnoreLastUpdated, "ignore-lastupdated", false, "silently ignore _lastUpdated in searches")
	nextLinks := fs.String("next-links", "", "next links that never end: repeat, cycle or endless (cursor paging)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch fhirtest.NextLinkFault(*nextLinks) {
	case "", fhirtest.NextRepeat, fhirtest.NextCycle, fhirtest.NextEndless:
		f.NextLinks = fhirtest.NextLinkFault(*nextLinks)
	default:
		return fmt.Errorf("--next-links must be repeat, cycle or endless")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	redirect := fhirtest.DefaultRedirectURI
	if *redirectPort != 0 {
		redirect = "http://127.0.0.1:" + strconv.Itoa(*redirectPort) + "/callback"
	}
	opts := fhirtest.Options{
		Addr:                "127.0.0.1:" + strconv.Itoa(*port),
		Clients:             map[string]fhirtest.Client{*clientID: {RedirectURIs: []string{redirect}, ExactPort: *redirectPort != 0}},
		Patient:             *patient,
		Interactive:         *interactive,
		AccessTokenLifetime: *tokenLife,
		NoRefreshTokens:     *noRefresh,
		MaxOffset:           *maxOffset,
		EpicContentType:     *epic,
		NoSort:              *noSort,
		NoLastUpdated:       *noLU,
		Faults:              f,
	}
	switch *paging {
	case "cursor":
	case "offset":
		opts.Paging = fhirtest.PagingOffset
	default:
		return fmt.Errorf("--paging must be cursor or offset")
	}
	if *verbose {
		l := log.New(stderr, "", log.LstdFlags)
		opts.Logf = l.Printf
	}
	start := time.Now()
	ds, err := fhirtest.Load(*data)
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	srv := fhirtest.New(ds, opts)
	if *patient != "" && srv.Patient() != *patient {
		return fmt.Errorf("--patient: no such patient")
	}
	if err := srv.SetPatient(srv.Patient()); err != nil {
		return fmt.Errorf("no Patient in %s", *data)
	}
	base, err := srv.Start(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "FHIR base URL: %s\n", base)
	fmt.Fprintf(stdout, "client id:     %s\n", *clientID)
	fmt.Fprintf(stdout, "redirect URI:  %s\n", redirect)
	fmt.Fprintf(stdout, "logs in:       Patient/%s (%d patients, %d resources, loaded in %v)\n",
		srv.Patient(), len(srv.Patients()), ds.Len(), loaded.Round(time.Millisecond))
	for _, p := range srv.Patients() {
		fmt.Fprintf(stdout, "  patient %s\n", p)
	}
	portArg := ""
	if *redirectPort != 0 {
		portArg = " --redirect-port " + strconv.Itoa(*redirectPort)
	}
	fmt.Fprintf(stdout, "try:           carekeeper portal add --name test --fhir %s --client-id %s%s\n", base, *clientID, portArg)
	<-ctx.Done()
	return nil
}
