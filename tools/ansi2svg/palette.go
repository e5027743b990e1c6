package main

import "fmt"

// RGB is a resolved 24-bit colour.
type RGB struct{ R, G, B uint8 }

// Hex returns the colour as #rrggbb.
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// blend mixes c toward o; f is c's share (0..1).
func (c RGB) blend(o RGB, f float64) RGB {
	mix := func(a, b uint8) uint8 { return uint8(float64(a)*f + float64(b)*(1-f) + 0.5) }
	return RGB{mix(c.R, o.R), mix(c.G, o.G), mix(c.B, o.B)}
}

// Default colours of the rendered terminal.
var (
	defaultFG = RGB{0xd0, 0xd0, 0xd0}
	defaultBG = RGB{0x1e, 0x1e, 0x2e}
)

// ansi16 are xterm's default colours 0-15.
var ansi16 = [16]RGB{
	{0x00, 0x00, 0x00}, {0xcd, 0x00, 0x00}, {0x00, 0xcd, 0x00}, {0xcd, 0xcd, 0x00},
	{0x00, 0x00, 0xee}, {0xcd, 0x00, 0xcd}, {0x00, 0xcd, 0xcd}, {0xe5, 0xe5, 0xe5},
	{0x7f, 0x7f, 0x7f}, {0xff, 0x00, 0x00}, {0x00, 0xff, 0x00}, {0xff, 0xff, 0x00},
	{0x5c, 0x5c, 0xff}, {0xff, 0x00, 0xff}, {0x00, 0xff, 0xff}, {0xff, 0xff, 0xff},
}

// xterm256 returns xterm's colour n (0-255): the 16 system colours, the
// 6x6x6 cube and the 24-step grey ramp.
func xterm256(n uint8) RGB {
	switch {
	case n < 16:
		return ansi16[n]
	case n < 232:
		i := int(n) - 16
		level := func(v int) uint8 {
			if v == 0 {
				return 0
			}
			return uint8(55 + 40*v)
		}
		return RGB{level(i / 36), level(i / 6 % 6), level(i % 6)}
	default:
		g := uint8(8 + 10*(int(n)-232))
		return RGB{g, g, g}
	}
}
