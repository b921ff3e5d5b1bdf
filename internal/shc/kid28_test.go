package shc_test

import (
	"errors"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

// F181: a card naming the trusted example issuer but a key it does not have (kid "nope") was
// imported as "signature not checked" under the trusted issuer's name, while the same card
// with a bad signature was refused as forged: a forger had only to change the kid. For an
// issuer trusted with keys at hand it is refused; with no keys at hand it is still not checked.
func TestVerifyKeyTheTrustedIssuerDoesNotHave(t *testing.T) {
	jws := shctest.Sign(t, shctest.Key{Priv: shctest.OtherKey(t).Priv, Kid: "nope"}, shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: now.Add(-time.Hour)})
	c, err := shc.Parse(jws)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Verify(trust(t), now); got != "" || !errors.Is(err, shc.ErrUnknownKey) {
		t.Errorf("trusted issuer: %q, %v; want ErrUnknownKey", got, err)
	}
	if got, err := c.Verify(nil, now); got != shc.NotChecked || err != nil {
		t.Errorf("no keys at hand: %q, %v; want not checked", got, err)
	}
}
