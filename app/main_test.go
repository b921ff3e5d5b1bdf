package app

import (
	"testing"

	"carekeeper/internal/testutil"
)

func TestMain(m *testing.M) { testutil.RunWithMemoizedKDF(m) }
