package app

import (
	"os"
	"testing"

	"carekeeper/internal/testutil"
)

func TestMain(m *testing.M) {
	testutil.RunWithMemoizedKDF(m, func() {
		if demoTmpl.root != "" {
			os.RemoveAll(demoTmpl.root)
		}
	})
}
