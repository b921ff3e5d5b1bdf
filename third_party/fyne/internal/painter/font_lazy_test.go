package painter

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// CareKeeper patch (font.go): the emoji font and the system's fonts are loaded the first time
// a rune is missing from the theme's fonts, and a font resource is parsed once for every style.
func TestFontsLoadedWhenNeeded(t *testing.T) {
	ClearFontCache()
	before := fontsParsed.Load()
	regular := CachedFontFace(fyne.TextStyle{}, nil, nil).Fonts
	bold := CachedFontFace(fyne.TextStyle{Bold: true}, nil, nil).Fonts
	if n := fontsParsed.Load() - before; n != 2 {
		t.Fatalf("opening two styles parsed %d fonts, want 2 (the theme's regular and bold; the emoji font only when needed)", n)
	}
	if f := regular.ResolveFace('A'); f == nil || fontsParsed.Load()-before != 2 {
		t.Fatalf("a letter of the theme's font loaded another font (%d parsed)", fontsParsed.Load()-before)
	}
	const smile = '😀'
	f := regular.ResolveFace(smile)
	if _, ok := f.NominalGlyph(smile); !ok {
		t.Fatal("an emoji did not resolve to a font that has it")
	}
	if n := fontsParsed.Load() - before; n != 3 {
		t.Fatalf("after an emoji: %d fonts parsed, want 3", n)
	}
	g := bold.ResolveFace(smile)
	if _, ok := g.NominalGlyph(smile); !ok {
		t.Fatal("an emoji in bold did not resolve to a font that has it")
	}
	if n := fontsParsed.Load() - before; n != 3 {
		t.Fatalf("the emoji font was parsed again for bold: %d fonts parsed, want 3", n)
	}
	if f == g || f.Font != g.Font {
		t.Fatal("the two styles should share the parsed emoji font through faces of their own")
	}
}

// byValue is a font resource held by value, with its bytes: it cannot be a map key.
type byValue struct{ b []byte }

func (r byValue) Name() string    { return "by-value.ttf" }
func (r byValue) Content() []byte { return r.b }

// A font resource that cannot be a map key is parsed each time instead of cached (a cache
// keyed by it would panic).
func TestFontByValueResource(t *testing.T) {
	r := byValue{b: theme.DefaultTextFont().Content()}
	for i := 0; i < 2; i++ {
		if f := loadMeasureFont(r); f == nil {
			t.Fatal("the font was not loaded")
		}
	}
}
