package folder_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"carekeeper/sync/transport/transporttest"
)

// A process killed at random moments while it creates files leaves no partial file under a
// final name (the helper re-runs this test binary).
func TestKilledDuringCreates(t *testing.T) {
	if dir := os.Getenv("CAREKEEPER_TEST_CREATE_LOOP"); dir != "" {
		round, _ := strconv.Atoi(os.Getenv("CAREKEEPER_TEST_ROUND"))
		if err := transporttest.CreateLoop(context.Background(), round, newFolder(t, dir)); err != nil {
			fmt.Println(err)
		}
		return
	}
	dir := t.TempDir()
	transporttest.KillDuringCreates(t, context.Background(), 8, func(round int) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledDuringCreates$")
		cmd.Env = append(os.Environ(), "CAREKEEPER_TEST_CREATE_LOOP="+dir, "CAREKEEPER_TEST_ROUND="+strconv.Itoa(round))
		return cmd
	}, newFolder(t, dir))
}
