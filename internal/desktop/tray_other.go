//go:build windows || darwin

package desktop

import "context"

func trayAvailable(context.Context) bool { return true }
