package imaging

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// The four colours of quadrants, far enough apart to tell after JPEG.
var (
	red   = color.NRGBA{255, 0, 0, 255}
	green = color.NRGBA{0, 255, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 255}
	white = color.NRGBA{255, 255, 255, 255}
)

// quadrants returns a w×h picture whose top-left quarter is red, top-right
// green, bottom-left blue and bottom-right white: asymmetric, so any
// mirroring or turn shows.
func quadrants(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = white
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

// nameColour returns which of the quadrant colours c is closest to.
func nameColour(c color.Color) string {
	r, g, b, _ := c.RGBA()
	best, bestDist := "", int64(-1)
	for name, q := range map[string]color.NRGBA{"red": red, "green": green, "blue": blue, "white": white} {
		qr, qg, qb, _ := q.RGBA()
		d := sq(int64(r)-int64(qr)) + sq(int64(g)-int64(qg)) + sq(int64(b)-int64(qb))
		if bestDist < 0 || d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

func sq(v int64) int64 { return v * v }

// corners names the colours at the centres of m's four quarters: top-left,
// top-right, bottom-left, bottom-right.
func corners(m image.Image) [4]string {
	b := m.Bounds()
	at := func(fx, fy int) string {
		return nameColour(m.At(b.Min.X+b.Dx()*fx/4, b.Min.Y+b.Dy()*fy/4))
	}
	return [4]string{at(1, 1), at(3, 1), at(1, 3), at(3, 3)}
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withSegment returns the JPEG data with a marker segment inserted right
// after the SOI marker, where cameras put their APP segments.
func withSegment(data []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, data[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, data[2:]...)
}

// exifPayload returns an APP1 payload: the Exif header and a TIFF
// structure whose IFD0 has an Orientation tag (unless o is 0) and an
// ImageDescription holding note, standing in for the GPS position and
// other details a phone records.
func exifPayload(order binary.AppendByteOrder, o uint16, note string) []byte {
	var tiff []byte
	if order.String() == "LittleEndian" {
		tiff = append(tiff, "II"...)
	} else {
		tiff = append(tiff, "MM"...)
	}
	tiff = order.AppendUint16(tiff, 42)
	tiff = order.AppendUint32(tiff, 8) // IFD0 right after the header

	entries := 1
	if o != 0 {
		entries++
	}
	noteOffset := 8 + 2 + 12*entries + 4 // after the IFD and its next-IFD link
	tiff = order.AppendUint16(tiff, uint16(entries))
	tiff = order.AppendUint16(tiff, 0x010E) // ImageDescription
	tiff = order.AppendUint16(tiff, 2)      // ASCII
	tiff = order.AppendUint32(tiff, uint32(len(note)+1))
	tiff = order.AppendUint32(tiff, uint32(noteOffset))
	if o != 0 {
		tiff = order.AppendUint16(tiff, 0x0112) // Orientation
		tiff = order.AppendUint16(tiff, 3)      // SHORT
		tiff = order.AppendUint32(tiff, 1)
		tiff = order.AppendUint16(tiff, o)
		tiff = order.AppendUint16(tiff, 0)
	}
	tiff = order.AppendUint32(tiff, 0) // no IFD1
	tiff = append(tiff, note...)
	tiff = append(tiff, 0)
	return append([]byte(exifHeader), tiff...)
}

// withPNGChunk returns the PNG data with a chunk inserted right after
// IHDR.
func withPNGChunk(data []byte, typ string, payload []byte) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
	chunk = append(chunk, typ...)
	chunk = append(chunk, payload...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append([]byte{}, data[:afterIHDR]...)
	out = append(out, chunk...)
	return append(out, data[afterIHDR:]...)
}

// pngHeader returns the start of a PNG declaring a w×h 8-bit RGBA picture:
// signature, IHDR, a tiny IDAT and IEND. It decodes no further than the
// header says, which is all a decompression-bomb check may look at.
func pngHeader(w, h uint32) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, payload []byte) {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
		c = append(c, typ...)
		c = append(c, payload...)
		c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
		out = append(out, c...)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit, RGBA, deflate, no filter, no interlace
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return out
}

// vp8l returns m as a lossless WebP bitstream (the VP8L chunk's payload),
// written here because x/image has a WebP decoder but no encoder. It
// handles only pictures with at most two values in each channel, which is
// enough for test patterns and keeps the encoder trivial: each channel gets
// a "simple" prefix code of one symbol (0 bits per pixel) or two (1 bit),
// and there are no transforms, colour cache or back-references. See the
// WebP lossless bitstream specification (RFC 9649), sections 3 to 5.
func vp8l(t testing.TB, m *image.NRGBA) []byte {
	t.Helper()
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var bw bitWriter
	bw.write(0x2f, 8) // signature
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	bw.write(1, 1) // alpha_is_used, a hint only
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes

	// Prefix codes come green, red, blue, alpha (then distance); the
	// offsets are those channels' bytes in an NRGBA pixel.
	channels := [4]int{1, 0, 2, 3}
	var symbols [4][]uint8
	for i, off := range channels {
		for p := off; p < len(m.Pix); p += 4 {
			if v := m.Pix[p]; !bytes.Contains(symbols[i], []byte{v}) {
				symbols[i] = append(symbols[i], v)
			}
		}
		if len(symbols[i]) > 2 {
			t.Fatalf("vp8l: channel %d has %d values; at most 2 are supported", off, len(symbols[i]))
		}
		bw.write(1, 1) // simple code
		bw.write(uint32(len(symbols[i])-1), 1)
		bw.write(1, 1) // first symbol has 8 bits
		for _, s := range symbols[i] {
			bw.write(uint32(s), 8)
		}
	}
	bw.write(1, 1) // distance: simple code
	bw.write(0, 1) // of one symbol
	bw.write(0, 1) // written in 1 bit
	bw.write(0, 1) // symbol 0, never used

	for p := 0; p < len(m.Pix); p += 4 {
		for i, off := range channels {
			if len(symbols[i]) == 2 {
				bit := uint32(0)
				if m.Pix[p+off] == symbols[i][1] {
					bit = 1
				}
				bw.write(bit, 1)
			}
		}
	}
	return bw.bytes()
}

// bitWriter packs bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (b *bitWriter) write(v uint32, n uint) {
	b.acc |= uint64(v) << b.nacc
	b.nacc += n
	for b.nacc >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.nacc -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.nacc > 0 {
		return append(b.buf, byte(b.acc))
	}
	return b.buf
}

// riff wraps chunks (FourCC, payload pairs) in a RIFF WEBP container.
func riff(chunks ...any) []byte {
	var body []byte
	body = append(body, "WEBP"...)
	for i := 0; i < len(chunks); i += 2 {
		id, payload := chunks[i].(string), chunks[i+1].([]byte)
		body = append(body, id...)
		body = binary.LittleEndian.AppendUint32(body, uint32(len(payload)))
		body = append(body, payload...)
		if len(payload)%2 == 1 {
			body = append(body, 0)
		}
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}

// vp8x returns an extended-format header chunk payload for a w×h canvas.
func vp8x(w, h int, flags byte) []byte {
	p := []byte{flags, 0, 0, 0}
	for _, v := range []int{w - 1, h - 1} {
		p = append(p, byte(v), byte(v>>8), byte(v>>16))
	}
	return p
}

// Flags of the VP8X chunk.
const (
	vp8xAlpha     = 1 << 4
	vp8xAnimation = 1 << 1
)
