package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/shc"
)

func init() {
	register(&command{name: "cards", args: "trust --iss URL [--name NAME] JWKS-FILE | fetch --iss URL [--name NAME] | untrust --iss URL | issuers", summary: "trust a SMART Health Card issuer's keys (from a file or fetched once), stop trusting one, list the trusted issuers", run: runCards,
		detail: "cards trust stores an issuer's public keys (its JWKS, from <iss>/.well-known/jwks.json) in the vault: cards it\nsigned then import as \"signature verified\". Cards of issuers not trusted here or by the clinic configuration\nimport as \"signature not checked\"; nothing is fetched at import. cards fetch gets the issuer's keys from\n<iss>/.well-known/jwks.json now (TLS 1.2+, 20 s) and keeps them the same way. cards untrust takes an issuer off the\nvault's list (--json: {\"iss\",\"removed\"}): its new cards import as \"signature not checked\"; cards imported before keep\nwhat they showed. An issuer the clinic configuration trusts is changed there. cards issuers lists them (--json:\n[{\"iss\",\"name\",\"keys\",\"source\"}])."})
}

func runCards(ctx context.Context, c *call) error {
	sub, err := c.subcommand("cards needs trust, fetch, untrust or issuers")
	if err != nil {
		return err
	}
	var iss, name string
	if err := c.bind(func(fs *flag.FlagSet) {
		if sub == "trust" || sub == "fetch" || sub == "untrust" {
			fs.StringVar(&iss, "iss", "", "the issuer's iss URL (https, as on its cards)")
		}
		if sub == "trust" || sub == "fetch" {
			fs.StringVar(&name, "name", "", "a name to show for the issuer")
		}
	}); err != nil {
		return err
	}
	switch sub {
	case "trust":
		if iss == "" || len(c.args) != 1 {
			return usagef("cards trust needs --iss URL and one JWKS file")
		}
		data, err := inputfile.Read(c.args[0], 1<<20)
		if err != nil {
			return err
		}
		keys, err := shc.ParseJWKS(data)
		if err != nil {
			return err
		}
		v, err := c.open()
		if err != nil {
			return err
		}
		defer v.Close()
		if err := shc.SaveIssuer(ctx, v, shc.Issuer{Iss: iss, Name: name, Keys: keys, Source: "person"}); err != nil {
			return err
		}
		if c.json {
			return c.printJSON(map[string]any{"iss": iss, "keys": len(keys)})
		}
		textf(c.env.Stdout, "Trusted %s (%s): its cards import as signature verified.\n", iss, health.Count(len(keys), "key", ""))
		return v.Close()
	case "fetch":
		if iss == "" || len(c.args) != 0 {
			return usagef("cards fetch needs --iss URL")
		}
		is, err := shc.FetchIssuer(ctx, nil, iss, name, time.Now())
		if err != nil {
			return err
		}
		v, err := c.open()
		if err != nil {
			return err
		}
		defer v.Close()
		if err := shc.SaveIssuer(ctx, v, is); err != nil {
			return err
		}
		if c.json {
			return c.printJSON(map[string]any{"iss": is.Iss, "keys": len(is.Keys)})
		}
		textf(c.env.Stdout, "Fetched and trusted %s (%s): its cards import as signature verified.\n", is.Iss, health.Count(len(is.Keys), "key", ""))
		return v.Close()
	case "untrust":
		if iss == "" || len(c.args) != 0 {
			return usagef("cards untrust needs --iss URL")
		}
		return c.untrustIssuer(ctx, strings.TrimRight(iss, "/"))
	case "issuers":
		if err := c.noArgs(); err != nil {
			return err
		}
		v, err := c.open()
		if err != nil {
			return err
		}
		defer v.Close()
		list, err := shc.Issuers(ctx, v)
		if err != nil {
			return err
		}
		all := append(list, clinicCardIssuers()...)
		if c.json {
			type row struct {
				Iss    string `json:"iss"`
				Name   string `json:"name"`
				Keys   int    `json:"keys"`
				Source string `json:"source"`
			}
			out := []row{}
			for _, is := range all {
				out = append(out, row{is.Iss, is.Name, len(is.Keys), is.Source})
			}
			return c.printJSON(out)
		}
		if len(all) == 0 {
			textln(c.env.Stdout, "No trusted health card issuers: 'carekeeper cards trust --iss URL JWKS-FILE'.")
			return nil
		}
		tw := newTabs(c.env.Stdout)
		textf(tw, "ISSUER\tNAME\tKEYS\tTRUSTED BY\n")
		// who trusts it in words (--json keeps the source codes): it said "person"
		by := map[string]string{"person": "you (a key file)", "online": "you (fetched)", "clinic": "your clinic's setup"}
		for _, is := range all {
			textf(tw, "%s\t%s\t%d\t%s\n", is.Iss, is.Name, len(is.Keys), cmp.Or(by[is.Source], is.Source))
		}
		return tw.Flush()
	}
	return usagef("cards needs trust, fetch, untrust or issuers")
}

// untrustIssuer takes iss off the vault's trust list, as the app's Remove does. An issuer not
// on it is an error: one the clinic configuration trusts is changed there, any other is
// likely mistyped.
func (c *call) untrustIssuer(ctx context.Context, iss string) error {
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	list, err := shc.Issuers(ctx, v)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(is shc.Issuer) bool { return is.Iss == iss }) {
		if slices.ContainsFunc(clinicCardIssuers(), func(is shc.Issuer) bool { return strings.TrimRight(is.Iss, "/") == iss }) {
			return fmt.Errorf("%s is trusted by the clinic configuration, not in this vault: it can only be removed there", iss)
		}
		return fmt.Errorf("%s is not a trusted health card issuer ('carekeeper cards issuers' lists them)", iss)
	}
	if err := shc.RemoveIssuer(ctx, v, iss); err != nil {
		return err
	}
	if c.json {
		if err := c.printJSON(map[string]any{"iss": iss, "removed": true}); err != nil {
			return err
		}
		return v.Close()
	}
	textf(c.env.Stdout, "Stopped trusting %s: its new cards import as signature not checked; cards already imported keep what they showed.\n", iss)
	return v.Close()
}
