package hhvault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"carekeeper/sync/transport"
	"carekeeper/sync/transport/folder"
)

// awaitedFolder is a household's shared folder that was not there when the background
// exchange started (OpenAwaiting): every operation looks for it again. While it is not there
// each fails with errFolderGone, which is not transport.ErrNotExist — the household must not
// take a missing folder for an empty one (no devices, no invitation) — and nothing is made in
// its place (an unmounted drive's mount point stays empty).
type awaitedFolder struct{ dir string }

var (
	_ transport.Transport = awaitedFolder{}
	_ transport.Sweeper   = awaitedFolder{}
)

func (a awaitedFolder) folder() (*folder.Folder, error) {
	f, err := folder.New(a.dir)
	if errors.Is(err, transport.ErrNotExist) {
		return nil, fmt.Errorf("the shared folder %s is not there: %w", a.dir, fs.ErrNotExist)
	}
	return f, err
}

func (a awaitedFolder) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	f, err := a.folder()
	if err != nil {
		return nil, err
	}
	return f.List(ctx, dir)
}

func (a awaitedFolder) Read(ctx context.Context, name string, limit int64) ([]byte, error) {
	f, err := a.folder()
	if err != nil {
		return nil, err
	}
	return f.Read(ctx, name, limit)
}

func (a awaitedFolder) Create(ctx context.Context, name string, data []byte) error {
	f, err := a.folder()
	if err != nil {
		return err
	}
	return f.Create(ctx, name, data)
}

func (a awaitedFolder) Remove(ctx context.Context, name string) error {
	f, err := a.folder()
	if err != nil {
		return err
	}
	return f.Remove(ctx, name)
}

func (a awaitedFolder) MkdirAll(ctx context.Context, dir string) error {
	f, err := a.folder()
	if err != nil {
		return err
	}
	return f.MkdirAll(ctx, dir)
}

func (a awaitedFolder) Sweep(ctx context.Context, dir string, age time.Duration) (int, error) {
	f, err := a.folder()
	if err != nil {
		return 0, err
	}
	return f.Sweep(ctx, dir, age)
}
