package cli

import "context"

func runBench(ctx context.Context, c *call) error {
	return usagef("not built yet")
}
