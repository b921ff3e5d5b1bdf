//go:build ignore

// icon_gen draws assets/icon.png: a teal rounded square with a white heart and a small teal
// cross inside it. Run it from the assets directory with 'go generate' (see assets.go) or
// 'go run icon_gen.go'. It uses only the standard library and is deterministic, so running it
// again produces the same file.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size = 512
	ss   = 4 // supersamples per axis, for smooth edges
)

var (
	tealTop    = color.NRGBA{0x2a, 0xa7, 0x9b, 0xff}
	tealBottom = color.NRGBA{0x17, 0x7e, 0x78, 0xff}
	white      = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// inRoundedSquare reports whether (x, y), in [0,1]², lies in the rounded square.
func inRoundedSquare(x, y float64) bool {
	const m, r = 0.04, 0.2 // margin, corner radius
	lo, hi := m+r, 1-m-r
	dx := math.Max(math.Max(lo-x, x-hi), 0)
	dy := math.Max(math.Max(lo-y, y-hi), 0)
	if x < m || x > 1-m || y < m || y > 1-m {
		return false
	}
	return dx*dx+dy*dy <= r*r
}

// inHeart reports whether (x, y), in [0,1]² with y down, lies in the heart.
func inHeart(x, y float64) bool {
	// Map to the classic implicit heart (x²+y²-1)³ - x²y³ <= 0, y up, centred.
	const scale = 0.27
	u := (x - 0.5) / scale
	v := -(y-0.52)/scale + 0.12
	a := u*u + v*v - 1
	return a*a*a-u*u*v*v*v <= 0
}

// inCross reports whether (x, y) lies in the small plus sign in the middle of the heart.
func inCross(x, y float64) bool {
	const cx, cy, arm, half = 0.5, 0.49, 0.1, 0.033
	h := math.Abs(x-cx) <= arm && math.Abs(y-cy) <= half
	v := math.Abs(x-cx) <= half && math.Abs(y-cy) <= arm
	return h || v
}

func main() {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / size
					y := (float64(py) + (float64(sy)+0.5)/ss) / size
					if !inRoundedSquare(x, y) {
						continue
					}
					c := lerp(tealTop, tealBottom, y)
					if inHeart(x, y) && !inCross(x, y) {
						c = white
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a += 255
				}
			}
			n := float64(ss * ss)
			if a == 0 {
				continue
			}
			// Colours are averaged over covered samples; alpha is coverage.
			cov := a / 255
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(r/cov + 0.5), G: uint8(g/cov + 0.5), B: uint8(b/cov + 0.5), A: uint8(a/n + 0.5),
			})
		}
	}
	f, err := os.Create("icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func lerp(a, b color.NRGBA, t float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}
