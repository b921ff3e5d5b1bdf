package cli

import (
	"context"

	"carekeeper/internal/buildinfo"
)

func init() {
	register(&command{name: "version", summary: "print the version, build number and commit", run: runVersion,
		detail: "--json prints {\"version\",\"build\",\"commit\"}."})
}

func runVersion(_ context.Context, c *call) error {
	if err := c.bindNoArgs(nil); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]string{"version": buildinfo.Version, "build": buildinfo.Build, "commit": buildinfo.CommitID()})
	}
	textln(c.env.Stdout, "CareKeeper "+buildinfo.String())
	return nil
}
