package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
)

// F379: a carer whose laptop joined for Grace (Dad desk manages everyone) invited her own phone
// for her own father, Tom, and shared her own mother, Ann, with it: "Dad desk" held Tom and Ann
// too, and nobody was asked or told. A person a device made goes only to the devices chosen for
// them; the invite and share lines name every device that will hold the person. Over a folder
// and over WebDAV (a real rclone server), with three vaults as three computers.
func TestOwnPersonSharedGoesOnlyToTheChosenDevices(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) (flags []string, env []string)
	}{
		{"folder", func(t *testing.T) ([]string, []string) {
			return []string{"--folder", t.TempDir()}, nil
		}},
		{"webdav", func(t *testing.T) ([]string, []string) {
			dav := engines.StartRclone(t)
			return []string{"--webdav", dav.URL, "--webdav-user", dav.User}, []string{"CAREKEEPER_WEBDAV_PASSWORD", dav.Password}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			where, env := tc.setup(t)
			desk := in(newVault(t)).with(env...)
			laptop := in(newVault(t)).with(env...)
			phone := in(newVault(t)).with(env...)
			desk.run(t, append([]string{"household", "create", "--name", "Okafor", "--device-name", "Dad desk"}, where...)...).ok(t)
			grace := addedProfile(t, desk, "--name", "Grace Okafor", "--birth-date", "1941-05-06")
			desk.run(t, "household", "sync").ok(t)
			tom := addedProfile(t, laptop, "--name", "Tom Baker", "--birth-date", "1950-03-03")
			ann := addedProfile(t, laptop, "--name", "Ann Baker", "--birth-date", "1952-07-08")
			joinWith := func(admin, joiner runner, name string, inviteArgs ...string) string {
				t.Helper()
				out := admin.run(t, append([]string{"household", "invite"}, inviteArgs...)...).ok(t).stdout
				code := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
				joined := make(chan result, 1)
				go func() {
					joined <- joiner.run(t, append([]string{"household", "join", "--code", code, "--device-name", name, "--wait", "60"}, where...)...)
				}()
				for done := false; !done; {
					admin.run(t, "household", "sync").ok(t)
					select {
					case res := <-joined:
						res.ok(t)
						done = true
					case <-time.After(200 * time.Millisecond):
					}
				}
				return out
			}
			out := joinWith(desk, laptop, "Carer laptop", "--profile", grace, "--role", "manage")
			if want := "Grace Okafor will be shared with the new device only. The new device will manage Grace Okafor: record their doses and change their reminders.\n"; !strings.Contains(out, want) {
				t.Errorf("Dad desk's invitation for Grace says %q, want %q", out, want)
			}
			out = joinWith(laptop, phone, "Carer phone", "--profile", tom, "--role", "manage")
			if want := "Tom Baker will be shared with the new device only. The new device will manage Tom Baker: record their doses and change their reminders.\n"; !strings.Contains(out, want) {
				t.Errorf("the carer's invitation for her own Tom says %q, want %q", out, want)
			}
			ids := map[string]string{}
			var ds []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			}
			syncAll := func() {
				t.Helper()
				for range 2 {
					for _, r := range []runner{laptop, desk, phone} {
						r.run(t, "household", "sync").ok(t)
					}
				}
			}
			syncAll()
			if err := json.Unmarshal([]byte(laptop.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil || len(ds) != 3 {
				t.Fatalf("devices %v %v", ds, err)
			}
			for _, d := range ds {
				ids[d.Name] = d.ID
			}
			res := laptop.run(t, "share", "--profile", ann, "--device", ids["Carer phone"], "--role", "manage").ok(t)
			if want := "Ann Baker is on this computer and shared with Carer phone only. Carer phone will manage Ann Baker: record their doses and change their reminders."; !strings.HasPrefix(res.stdout, want) {
				t.Errorf("the carer shares her own Ann with her phone: %q, want %q", res.stdout, want)
			}
			// A person of the household's goes to the device managing everyone too: said.
			res = laptop.run(t, "share", "--profile", grace, "--device", ids["Carer phone"], "--role", "view").ok(t)
			// what the device may do is said: "--role view" and "--role manage" answered alike (F496)
			if want := "Grace Okafor is on this computer and shared with Carer phone and Dad desk (manages everyone) only. Carer phone will only view Grace Okafor: see their records"; !strings.HasPrefix(res.stdout, want) {
				t.Errorf("the carer shares Grace with her phone: %q, want %q", res.stdout, want)
			}
			syncAll()
			for _, c := range []struct {
				who       string
				r         runner
				want, not []string
			}{
				{"Carer phone", phone, []string{"Tom Baker", "Ann Baker", "Grace Okafor"}, nil},
				{"Carer laptop", laptop, []string{"Tom Baker", "Ann Baker", "Grace Okafor"}, nil},
				{"Dad desk", desk, []string{"Grace Okafor"}, []string{"Tom Baker", "Ann Baker"}},
			} {
				ps := c.r.run(t, "profile", "list").ok(t).stdout
				for _, w := range c.want {
					if !strings.Contains(ps, w) {
						t.Errorf("%s does not hold %s: %q", c.who, w, ps)
					}
				}
				for _, n := range c.not {
					if strings.Contains(ps, n) {
						t.Errorf("%s holds %s, whom nobody shared with it: %q", c.who, n, ps)
					}
				}
			}
			// Shared with it explicitly, Dad desk holds Tom.
			res = laptop.run(t, "share", "--profile", tom, "--device", ids["Dad desk"], "--role", "view").ok(t)
			if want := "Tom Baker is on this computer and shared with Carer phone and Dad desk only."; !strings.HasPrefix(res.stdout, want) {
				t.Errorf("the carer shares Tom with Dad desk: %q, want %q", res.stdout, want)
			}
			syncAll()
			if ps := desk.run(t, "profile", "list").ok(t).stdout; !strings.Contains(ps, "Tom Baker") || strings.Contains(ps, "Ann Baker") {
				t.Errorf("Dad desk, given Tom: %q", ps)
			}
			if tc.name == "folder" { // nothing readable in the shared folder
				dir := where[1]
				filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					b, _ := os.ReadFile(p)
					for _, s := range []string{"Tom", "Baker", "Grace", "Carer", "Dad desk"} {
						if strings.Contains(string(b), s) {
							t.Errorf("%s holds %q in clear", p, s)
						}
					}
					return nil
				})
			}
		})
	}
}
