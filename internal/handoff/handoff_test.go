package handoff

import (
	"runtime/debug"
	"testing"
)

func TestSameBuild(t *testing.T) {
	build := func(ldflags, revision string, deps ...*debug.Module) *debug.BuildInfo {
		return &debug.BuildInfo{
			GoVersion: "go1.26.0",
			Main:      debug.Module{Path: "carekeeper", Version: "(devel)"},
			Deps:      deps,
			Settings: []debug.BuildSetting{
				{Key: "-ldflags", Value: ldflags}, {Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "amd64"},
				{Key: "vcs.revision", Value: revision}, {Key: "vcs.modified", Value: "false"},
			},
		}
	}
	badger := &debug.Module{Path: "github.com/dgraph-io/badger/v4", Version: "v4.9.6", Sum: "h1:a"}
	fyne := &debug.Module{Path: "fyne.io/fyne/v2", Version: "v2.7.1"}
	stamp := "-X=carekeeper/internal/buildinfo.Stamp=version=1.2.3;build=4;commit=abc"
	app := build(stamp+" -s -w -X fyne.io/fyne/v2/internal/metadata.Name=CareKeeper", "", badger, fyne)
	other := func(f func(b *debug.BuildInfo)) *debug.BuildInfo {
		b := build(stamp, "", badger)
		f(b)
		return b
	}
	for _, tc := range []struct {
		name     string
		app, cli *debug.BuildInfo
		want     bool
	}{
		{"release build, Fyne's flags only in the app", app, build(stamp, "", badger), true},
		{"development build of one revision", build("", "r1", badger, fyne), build("", "r1", badger), true},
		{"another revision", build("", "r1", badger), build("", "r2", badger), false},
		{"another release", app, build("-X=carekeeper/internal/buildinfo.Stamp=version=1.2.2;build=3;commit=abd", "", badger), false},
		{"a stamped and an unstamped build", app, build("", "", badger), false},
		{"another version of a shared module", app, build(stamp, "", &debug.Module{Path: badger.Path, Version: "v4.9.5", Sum: "h1:b"}), false},
		{"another Go", app, other(func(b *debug.BuildInfo) { b.GoVersion = "go1.25.0" }), false},
		{"another module", app, other(func(b *debug.BuildInfo) { b.Main.Path = "example.com/other" }), false},
		{"another platform", app, other(func(b *debug.BuildInfo) { b.Settings[1].Value = "darwin" }), false},
		{"modified tree", build("", "r1"), other(func(b *debug.BuildInfo) { b.Settings[3].Value = "r1"; b.Settings[4].Value = "true" }), false},
		{"no build information", app, nil, false},
	} {
		if got := sameBuild(tc.app, tc.cli); got != tc.want {
			t.Errorf("%s: sameBuild = %v, want %v", tc.name, got, tc.want)
		}
	}
}
