//go:build windows || darwin

package notify

import "context"

// Windows: beeep's toast (AppID = appName; beeep writes it under
// HKCU\Software\Classes\AppUserModelId). macOS: terminal-notifier or osascript.
func newPlatform(ctx context.Context, appName, icon string) (Notifier, error) {
	return newPlain(appName, icon), nil
}
