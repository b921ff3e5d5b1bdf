package shc_test

import (
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

func FuzzParse(f *testing.F) {
	f.Add(shctest.Sign(f, shctest.ExampleKey(f), shctest.Bundle(f, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Unix(1617976270, 0)}))
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, jws string) {
		c, err := shc.Parse(jws)
		if err != nil {
			return
		}
		if _, err := c.Verify(nil, time.Unix(1700000000, 0)); err == nil {
			if _, err := c.Resources(); err != nil {
				return
			}
		}
	})
}

func FuzzText(f *testing.F) {
	f.Add([]byte(shc.Encode("eyJ.abc.def")))
	f.Add([]byte("shc:/1/2/5656\nshc:/2/2/5757"))
	f.Fuzz(func(t *testing.T, text []byte) {
		_, _ = shc.ParseText(text)
		_ = shc.LooksLikeFile(text)
		_, _ = shc.ParseFile(text)
	})
}
