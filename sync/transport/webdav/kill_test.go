package webdav_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"carekeeper/internal/testutil/engines"
	"carekeeper/sync/transport/transporttest"
	"carekeeper/sync/transport/webdav"
)

// A client killed at random moments while it creates files leaves no partial file under a
// final name on either server (the helper re-runs this test binary).
func TestKilledDuringCreates(t *testing.T) {
	if u := os.Getenv("CAREKEEPER_TEST_CREATE_LOOP"); u != "" {
		round, _ := strconv.Atoi(os.Getenv("CAREKEEPER_TEST_ROUND"))
		c, err := webdav.New(webdav.Config{URL: u, User: os.Getenv("CAREKEEPER_TEST_USER"), Password: os.Getenv("CAREKEEPER_WEBDAV_PASSWORD")})
		if err == nil {
			err = transporttest.CreateLoop(context.Background(), round, c)
		}
		if err != nil {
			fmt.Println(err)
		}
		return
	}
	for _, srv := range []struct {
		name  string
		start func(testing.TB) *engines.WebDAV
	}{{"rclone", engines.StartRclone}, {"apache", engines.StartApache}} {
		t.Run(srv.name, func(t *testing.T) {
			s := srv.start(t)
			transporttest.KillDuringCreates(t, context.Background(), 8, func(round int) *exec.Cmd {
				cmd := exec.Command(os.Args[0], "-test.run=^TestKilledDuringCreates$")
				cmd.Env = append(os.Environ(), "CAREKEEPER_TEST_CREATE_LOOP="+s.URL, "CAREKEEPER_TEST_ROUND="+strconv.Itoa(round),
					"CAREKEEPER_TEST_USER="+s.User, "CAREKEEPER_WEBDAV_PASSWORD="+s.Password)
				return cmd
			}, client(t, s, ""))
		})
	}
}
