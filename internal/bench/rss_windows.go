//go:build windows

package bench

import (
	"io/fs"
	"time"
)

// cpuTime is not measured on Windows: the figures fall back to wall time.
func cpuTime() time.Duration { return 0 }

func maxRSS() int64 { return 0 }

func allocated(info fs.FileInfo) int64 { return info.Size() }
