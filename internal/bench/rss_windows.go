//go:build windows

package bench

import "io/fs"

func maxRSS() int64 { return 0 }

func allocated(info fs.FileInfo) int64 { return info.Size() }
