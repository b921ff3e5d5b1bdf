package assets

import "embed"

// Guides holds the condition guides (guides/*.md), written by the CareKeeper team in plain
// language; internal/guides parses them. See guides/REVIEW.md before adding one.
//
//go:embed guides/*.md
var Guides embed.FS
