//go:build !unix

package remind

import "testing"

func limitFileSize(t *testing.T, n uint64) {
	t.Skip("no file size limit on this platform")
}
