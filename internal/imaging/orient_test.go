package imaging

import (
	"bytes"
	"encoding/binary"
	"image"
	"strings"
	"testing"
)

// TestOrientationApply checks every orientation on a 3×2 picture whose
// pixels are the letters
//
//	a b c
//	d e f
//
// against the picture as Exif 2.3 says it is shown, written out by hand.
func TestOrientationApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		o    orientation
		want string // rows, top to bottom, separated by "/"
	}{
		{1, "abc/def"},
		{2, "cba/fed"},   // mirrored left to right
		{3, "fed/cba"},   // turned 180°
		{4, "def/abc"},   // mirrored top to bottom
		{5, "ad/be/cf"},  // transposed
		{6, "da/eb/fc"},  // turned 90° clockwise
		{7, "fc/eb/da"},  // transversed
		{8, "cf/be/ad"},  // turned 90° anticlockwise
		{0, "abc/def"},   // not an orientation: left alone
		{200, "abc/def"}, // nor this
	}
	for _, tt := range tests {
		src := image.NewRGBA(image.Rect(0, 0, 3, 2))
		for i := range 6 {
			src.Pix[4*i] = "abcdef"[i]
		}
		got := tt.o.apply(src)
		var rows []string
		for y := range got.Rect.Dy() {
			var row []byte
			for x := range got.Rect.Dx() {
				row = append(row, got.Pix[got.PixOffset(x, y)])
			}
			rows = append(rows, string(row))
		}
		if s := strings.Join(rows, "/"); s != tt.want {
			t.Errorf("orientation %d: %s, want %s", tt.o, s, tt.want)
		}
	}
}

// TestProcessOrientation checks that phone photos come out upright: a JPEG
// of quadrants (red, green / blue, white) stored with each Exif
// orientation must show the quadrants where that orientation puts them.
func TestProcessOrientation(t *testing.T) {
	t.Parallel()
	const w, h = 96, 48
	stored := encodeJPEG(t, quadrants(w, h))
	tests := []struct {
		o    uint16
		want [4]string // top-left, top-right, bottom-left, bottom-right
	}{
		{1, [4]string{"red", "green", "blue", "white"}},
		{2, [4]string{"green", "red", "white", "blue"}},
		{3, [4]string{"white", "blue", "green", "red"}},
		{4, [4]string{"blue", "white", "red", "green"}},
		{5, [4]string{"red", "blue", "green", "white"}},
		{6, [4]string{"blue", "red", "white", "green"}},
		{7, [4]string{"white", "green", "blue", "red"}},
		{8, [4]string{"green", "white", "red", "blue"}},
	}
	for _, tt := range tests {
		for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
			data := withSegment(stored, markerAPP1, exifPayload(order, tt.o, "phone"))
			// Scaled renditions, and one at the original width (96 or,
			// turned, 48).
			res, err := Process(bytes.NewReader(data), Options{Widths: []int{24, 48, 96}})
			if err != nil {
				t.Fatalf("orientation %d: %v", tt.o, err)
			}
			wantW, wantH := w, h
			if tt.o >= 5 {
				wantW, wantH = h, w
			}
			if res.Width != wantW || res.Height != wantH {
				t.Errorf("orientation %d: Result %d×%d, want %d×%d", tt.o, res.Width, res.Height, wantW, wantH)
			}
			if n := len(res.Renditions); res.Renditions[n-1].Width != wantW {
				t.Fatalf("orientation %d: widest rendition %d, want %d", tt.o, res.Renditions[n-1].Width, wantW)
			}
			for _, r := range res.Renditions {
				m := decodeRendition(t, r)
				if r.Width*wantH != r.Height*wantW {
					t.Errorf("orientation %d: rendition %d×%d is not %d:%d", tt.o, r.Width, r.Height, wantW, wantH)
				}
				if got := corners(m); got != tt.want {
					t.Errorf("orientation %d (%s), %d wide: quarters %v, want %v", tt.o, order, r.Width, got, tt.want)
				}
			}
		}
	}
}
