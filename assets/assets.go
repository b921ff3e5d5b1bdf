// Package assets holds CareKeeper's embedded artwork. It does not import Fyne; the app package
// wraps these bytes in Fyne resources.
package assets

import _ "embed"

//go:generate go run icon_gen.go

// IconPNG is the application icon, a 512×512 PNG (drawn by icon_gen.go).
//
//go:embed icon.png
var IconPNG []byte
