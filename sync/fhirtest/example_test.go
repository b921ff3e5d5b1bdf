package fhirtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"carekeeper/sync/fhirtest"
)

// A test portal with one patient: sign in with x/oauth2 (PKCE, aud, client_id in the body),
// then search with the access token. Real tests load fixtures with fhirtest.Load once per test
// binary.
func Example() {
	bundle := []byte(`{"resourceType":"Bundle","type":"transaction","entry":[
	 {"fullUrl":"urn:uuid:6b2f1e4c-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","id":"6b2f1e4c-0000-4000-8000-000000000001"}},
	 {"fullUrl":"urn:uuid:6b2f1e4c-0000-4000-8000-000000000002","resource":{"resourceType":"Observation","status":"final",
	  "subject":{"reference":"urn:uuid:6b2f1e4c-0000-4000-8000-000000000001"}}}]}`)
	loadedAt := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ds, err := fhirtest.ParseBundles(loadedAt, bundle)
	if err != nil {
		panic(err)
	}
	srv := fhirtest.New(ds, fhirtest.Options{Clock: func() time.Time { return loadedAt.Add(time.Hour) }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, err := srv.Start(ctx)
	if err != nil {
		panic(err)
	}

	origin := base[:len(base)-len("/fhir")]
	cfg := &oauth2.Config{
		ClientID:    fhirtest.DefaultClientID,
		Endpoint:    oauth2.Endpoint{AuthURL: origin + "/oauth/authorize", TokenURL: origin + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: "http://127.0.0.1:50000/callback", // any port: nothing needs to listen here
		Scopes:      []string{"launch/patient", "offline_access", "patient/*.rs"},
	}
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("a-state-of-at-least-122-bits-xxxxxx", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("aud", base))
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		panic(err)
	}
	fmt.Println("patient:", tok.Extra("patient"))

	req, _ := http.NewRequest("GET", base+"/Observation?patient="+srv.Patient(), nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Content-Type"))
	fmt.Println("searches:", srv.Counts().Search, "observations:", srv.TypeCounts(srv.Patient())["Observation"])
	// Output:
	// patient: 6b2f1e4c-0000-4000-8000-000000000001
	// 200 OK application/fhir+json; charset=utf-8
	// searches: 1 observations: 1
}
