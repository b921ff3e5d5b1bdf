package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"aead.dev/minisign"

	"carekeeper/internal/clinic"
	"carekeeper/internal/inputfile"
)

func init() {
	register(&command{name: "clinic", args: "keygen --pub FILE --key FILE | sign --key FILE CONFIG | verify [--pub FILE] CONFIG | show | import CONFIG",
		summary: "make, sign, check and show the signed clinic configuration", run: runClinic,
		detail: "For clinic IT. keygen makes a provisioning key pair (minisign format; the private key is encrypted with the\n" +
			"password from $CAREKEEPER_CLINIC_KEY_PASSWORD or the terminal). sign checks CONFIG and writes CONFIG.minisig with\n" +
			"the trusted comment purpose=clinic-config;clinic_id=...;serial=.... verify checks CONFIG and its .minisig against\n" +
			"the provisioning keys built into this CareKeeper (or --pub FILE), including expiry and anti-rollback. show prints\n" +
			"the configuration in use and any that were rejected, with the reason (--json: {\"config\",\"path\",\"machine\",\n" +
			"\"rejected\":[{\"path\",\"reason\"}]}). import verifies CONFIG and installs it for this user.\n" +
			"See docs/clinic-config.md."})
}

func runClinic(ctx context.Context, c *call) error {
	sub, err := c.subcommand("clinic needs keygen, sign, verify, show or import")
	if err != nil {
		return err
	}
	var pub, key string
	if err := c.bind(func(fs *flag.FlagSet) {
		switch sub {
		case "keygen":
			fs.StringVar(&pub, "pub", "", "public key file to write")
			fs.StringVar(&key, "key", "", "encrypted private key file to write")
		case "sign":
			fs.StringVar(&key, "key", "", "encrypted private key file")
		case "verify":
			fs.StringVar(&pub, "pub", "", "public key file to trust instead of the built-in keys")
		}
	}); err != nil {
		return err
	}
	switch sub {
	case "keygen":
		return clinicKeygen(c, pub, key)
	case "sign":
		return clinicSign(c, key)
	case "verify":
		return clinicVerify(c, pub)
	case "show":
		return clinicShow(c)
	case "import":
		return clinicImport(c)
	}
	return usagef("unknown clinic command %q", sub)
}

func oneFile(c *call, what string) (string, error) {
	if len(c.args) != 1 {
		return "", usagef("give one %s file", what)
	}
	return c.args[0], nil
}

func (c *call) keyPassword(confirm bool) (string, error) {
	if p := c.env.Getenv("CAREKEEPER_CLINIC_KEY_PASSWORD"); p != "" {
		return p, nil
	}
	p, err := c.ask("Provisioning key password: ", confirm, "no provisioning key password: set CAREKEEPER_CLINIC_KEY_PASSWORD, or run in a terminal")
	return string(p), err
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, errors.Unwrap(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

func clinicKeygen(c *call, pubPath, keyPath string) error {
	if pubPath == "" || keyPath == "" {
		return usagef("keygen needs --pub FILE and --key FILE")
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	pw, err := c.keyPassword(true)
	if err != nil {
		return err
	}
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		return err
	}
	enc, err := minisign.EncryptKey(pw, priv)
	if err != nil {
		return err
	}
	pt, err := pub.MarshalText()
	if err != nil {
		return err
	}
	if err := writeNew(keyPath, enc, 0o600); err != nil {
		return err
	}
	if err := writeNew(pubPath, append(pt, '\n'), 0o644); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]string{"keyId": fmt.Sprintf("%016X", pub.ID()), "pub": pubPath, "key": keyPath})
	}
	textf(c.env.Stdout, "Wrote the public key %s and the encrypted private key %s (key id %016X).\nKeep the private key offline.\n", pubPath, keyPath, pub.ID())
	return nil
}

func clinicSign(c *call, keyPath string) error {
	if keyPath == "" {
		return usagef("sign needs --key FILE")
	}
	path, err := oneFile(c, "configuration")
	if err != nil {
		return err
	}
	data, err := inputfile.Read(path, clinic.MaxConfigBytes)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	// A configuration past its not_after is refused by every CareKeeper: signing it would only
	// roll out a file that does nothing (F133). Said before the key's password is asked.
	if cfg, err := clinic.Parse(data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	} else if !time.Now().Before(cfg.NotAfter) {
		return fmt.Errorf("%s: its not_after (%s) has passed, so CareKeeper would refuse it: set a later not_after and sign again",
			path, cfg.NotAfter.UTC().Format("2 January 2006"))
	}
	keyData, err := inputfile.Read(keyPath, 64<<10)
	if err != nil {
		return fmt.Errorf("reading %s: %w", keyPath, err)
	}
	pw, err := c.keyPassword(false)
	if err != nil {
		return err
	}
	key, err := minisign.DecryptKey(pw, keyData)
	if err != nil {
		return fmt.Errorf("%s: wrong password or not a minisign private key", keyPath)
	}
	sig, err := clinic.Sign(key, data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path+".minisig", sig, 0o644); err != nil {
		return fmt.Errorf("writing the signature: %w", err)
	}
	textf(c.env.Stdout, "Signed %s -> %s.minisig\n", path, path)
	return nil
}

func clinicVerify(c *call, pubPath string) error {
	path, err := oneFile(c, "configuration")
	if err != nil {
		return err
	}
	l, err := clinic.NewLoader()
	if err != nil {
		return err
	}
	if pubPath != "" {
		raw, err := inputfile.Read(pubPath, 64<<10)
		if err != nil {
			return fmt.Errorf("reading %s: %w", pubPath, err)
		}
		var k minisign.PublicKey
		if err := k.UnmarshalText(raw); err != nil {
			return fmt.Errorf("%s: not a minisign public key", pubPath)
		}
		l.Keys = []minisign.PublicKey{k}
	}
	cfg, err := l.VerifyFile(path)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]any{"valid": true, "config": cfg})
	}
	textf(c.env.Stdout, "%s: valid — %s, serial %d, until %s\n", path, cfg.ClinicName, cfg.Serial, cfg.NotAfter.UTC().Format(time.DateOnly))
	return nil
}

func clinicShow(c *call) error {
	if err := c.noArgs(); err != nil {
		return err
	}
	l, err := clinic.NewLoader()
	if err != nil {
		return err
	}
	f, err := l.Load()
	if err != nil {
		return err
	}
	if c.json {
		type rej struct {
			Path   string `json:"path"`
			Reason string `json:"reason"`
		}
		out := struct {
			Config   *clinic.Config `json:"config"`
			Path     string         `json:"path,omitempty"`
			Machine  bool           `json:"machine"`
			Rejected []rej          `json:"rejected"`
		}{Config: f.Config, Path: f.Path, Machine: f.Machine, Rejected: []rej{}}
		for _, r := range f.Rejected {
			out.Rejected = append(out.Rejected, rej{r.Path, r.Reason})
		}
		return c.printJSON(out)
	}
	w := c.env.Stdout
	if f.Config == nil {
		textln(w, "No clinic configuration is in use.")
	} else {
		where := "imported by this user"
		if f.Machine {
			where = "installed on this computer"
		}
		textf(w, "Clinic configuration %s (%s):\n", f.Path, where)
		for _, line := range f.Config.Explain() {
			textf(w, "  %s\n", line)
		}
	}
	for _, r := range f.Rejected {
		textf(w, "Not used: %s\n", r.Error())
	}
	return nil
}

func clinicImport(c *call) error {
	path, err := oneFile(c, "configuration")
	if err != nil {
		return err
	}
	l, err := clinic.NewLoader()
	if err != nil {
		return err
	}
	cfg, err := l.Import(path)
	if err != nil {
		return err
	}
	textf(c.env.Stdout, "Installed the configuration of %s for this user.\n", cfg.ClinicName)
	return nil
}
