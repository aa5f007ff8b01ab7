package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/masthead-news/masthead"
)

// decodeRendition decodes r with the decoder its ContentType names, so a
// rendition labelled JPEG that is really a PNG fails.
func decodeRendition(t *testing.T, r Rendition) image.Image {
	t.Helper()
	var (
		m   image.Image
		err error
	)
	switch r.ContentType {
	case "image/jpeg":
		m, err = jpeg.Decode(bytes.NewReader(r.Data))
	case "image/png":
		m, err = png.Decode(bytes.NewReader(r.Data))
	default:
		t.Fatalf("ContentType %q", r.ContentType)
	}
	if err != nil {
		t.Fatalf("decoding %s rendition: %v", r.ContentType, err)
	}
	if b := m.Bounds(); b.Dx() != r.Width || b.Dy() != r.Height {
		t.Fatalf("rendition says %d×%d, decodes to %d×%d", r.Width, r.Height, b.Dx(), b.Dy())
	}
	return m
}

func TestProcessFormats(t *testing.T) {
	t.Parallel()
	const w, h = 320, 240
	opaqueRGBA := quadrants(w, h)

	seeThrough := quadrants(w, h)
	seeThrough.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 128})

	pal := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{red, green, blue, white, color.NRGBA{}})
	draw4 := func(m *image.Paletted, transparent bool) {
		for y := range h {
			for x := range w {
				m.SetColorIndex(x, y, uint8(2*(y*2/h)+x*2/w))
			}
		}
		if transparent {
			m.SetColorIndex(w-1, h-1, 4)
		}
	}
	draw4(pal, true)
	palOpaque := image.NewPaletted(pal.Rect, pal.Palette)
	draw4(palOpaque, false)

	gray := image.NewGray(image.Rect(0, 0, w, h))
	deep := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			gray.SetGray(x, y, color.Gray{uint8(x)})
			deep.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 100), 0, 0, 0xffff})
		}
	}
	deep.SetNRGBA64(1, 1, color.NRGBA64{0, 0, 0, 0xfffe}) // barely see-through counts too

	webpQuadrants := quadrants(w, h)
	webpAlpha := quadrants(w, h)
	for x := range w {
		webpAlpha.Pix[4*x+3] = 0 // a transparent top row
	}

	tests := []struct {
		name       string
		data       []byte
		wantFormat string
		wantType   string
		wantColour bool // the picture is quadrants
	}{
		{"jpeg", encodeJPEG(t, opaqueRGBA), "jpeg", "image/jpeg", true},
		{"png opaque rgba", encodePNG(t, opaqueRGBA), "png", "image/jpeg", true},
		{"png with alpha", encodePNG(t, seeThrough), "png", "image/png", true},
		{"png palette with transparent colour", encodePNG(t, pal), "png", "image/png", true},
		{"png palette all opaque", encodePNG(t, palOpaque), "png", "image/jpeg", true},
		{"png gray", encodePNG(t, gray), "png", "image/jpeg", false},
		{"png 16-bit with alpha", encodePNG(t, deep), "png", "image/png", false},
		{"webp lossless opaque", riff("VP8L", vp8l(t, webpQuadrants)), "webp", "image/jpeg", true},
		{"webp lossless alpha", riff("VP8L", vp8l(t, webpAlpha)), "webp", "image/png", true},
		{"webp extended", riff("VP8X", vp8x(w, h, vp8xAlpha), "VP8L", vp8l(t, webpAlpha)), "webp", "image/png", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Process(bytes.NewReader(tt.data), Options{Widths: []int{160, 480}})
			if err != nil {
				t.Fatalf("Process: %v", err)
			}
			if res.Format != tt.wantFormat || res.Width != w || res.Height != h {
				t.Errorf("Result = %s %d×%d, want %s %d×%d", res.Format, res.Width, res.Height, tt.wantFormat, w, h)
			}
			// 480 is above 320: never upscaled.
			if len(res.Renditions) != 1 {
				t.Fatalf("%d renditions, want 1 (160 wide)", len(res.Renditions))
			}
			r := res.Renditions[0]
			if r.Width != 160 || r.Height != 120 || r.ContentType != tt.wantType {
				t.Errorf("rendition %d×%d %s, want 160×120 %s", r.Width, r.Height, r.ContentType, tt.wantType)
			}
			m := decodeRendition(t, r)
			if want := [4]string{"red", "green", "blue", "white"}; tt.wantColour && corners(m) != want {
				t.Errorf("quarters are %v, want %v", corners(m), want)
			}
		})
	}
}

func TestProcessSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		w, h   int
		widths []int
		want   []image.Point
	}{
		// Wide, short pictures keep the defaults' cases quick.
		{"all defaults fit", 1700, 100, nil, []image.Point{{480, 28}, {960, 56}, {1600, 94}}},
		{"1600 above original", 1000, 50, nil, []image.Point{{480, 24}, {960, 48}}},
		{"exactly a default width", 960, 64, nil, []image.Point{{480, 32}, {960, 64}}},
		{"smaller than all: original", 300, 200, nil, []image.Point{{300, 200}}},
		{"unsorted, repeated", 100, 75, []int{96, 48, 96}, []image.Point{{48, 36}, {96, 72}}},
		{"portrait", 90, 120, []int{30, 60}, []image.Point{{30, 40}, {60, 80}}},
		{"height rounds to nearest", 1000, 333, []int{480}, []image.Point{{480, 160}}},
		{"height at least 1", 4000, 3, []int{480}, []image.Point{{480, 1}}},
		{"tall and narrow", 100, 1000, []int{50}, []image.Point{{50, 500}}},
		{"one pixel", 1, 1, nil, []image.Point{{1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := encodePNG(t, image.NewGray(image.Rect(0, 0, tt.w, tt.h)))
			res, err := Process(bytes.NewReader(data), Options{Widths: tt.widths})
			if err != nil {
				t.Fatalf("Process: %v", err)
			}
			var got []image.Point
			for _, r := range res.Renditions {
				got = append(got, image.Pt(r.Width, r.Height))
				decodeRendition(t, r)
				// Aspect ratio kept to within the rounding of one pixel.
				if exact := float64(r.Width) * float64(tt.h) / float64(tt.w); r.Height != 1 && (float64(r.Height) < exact-0.5 || float64(r.Height) > exact+0.5) {
					t.Errorf("%d wide rendition is %d high; the aspect ratio says %.2f", r.Width, r.Height, exact)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("renditions %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProcessRefusals(t *testing.T) {
	t.Parallel()
	photo := encodeJPEG(t, quadrants(64, 48))
	picture := encodePNG(t, quadrants(64, 48))
	lossless := riff("VP8L", vp8l(t, quadrants(64, 48)))
	var animation bytes.Buffer
	if err := gif.Encode(&animation, quadrants(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	badCRC := bytes.Clone(picture)
	badCRC[len(badCRC)-13] ^= 0xff // in IDAT's checksum, just before IEND

	// A JPEG with too many scans: cheap to refuse before decoding, since a
	// decoder walks the whole frame once per scan.
	scan := []byte{0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34}
	manyScans := bytes.Clone(photo[:len(photo)-2])
	for range maxJPEGScans + 1 {
		manyScans = append(manyScans, scan...)
	}
	manyScans = append(manyScans, 0xFF, 0xD9)

	tests := []struct {
		name    string
		data    []byte
		opt     Options
		want    error
		wantMsg string
	}{
		{"empty", nil, Options{}, ErrUnsupported, "empty"},
		{"html", []byte("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"), Options{}, ErrUnsupported, "web page"},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), Options{}, ErrUnsupported, "SVG"},
		{"gif", animation.Bytes(), Options{}, ErrUnsupported, "GIF"},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), Options{}, ErrUnsupported, "HEIC"},
		{"pdf", []byte("%PDF-1.7\n"), Options{}, ErrUnsupported, "PDF"},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00"), Options{}, ErrUnsupported, "AVIF"},
		{"video", []byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00"), Options{}, ErrUnsupported, "video"},
		{"tiff", []byte("II*\x00\x08\x00\x00\x00\x00\x00"), Options{}, ErrUnsupported, "TIFF"},
		{"bmp", []byte("BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"), Options{}, ErrUnsupported, "BMP"},
		{"text starting BM", []byte("BMW recalls 4000 cars"), Options{}, ErrUnsupported, "not a JPEG"},
		{"wav", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), Options{}, ErrUnsupported, "not a JPEG"},
		{"text", []byte("hello"), Options{}, ErrUnsupported, "not a JPEG, PNG or WebP picture"},
		{"jpeg cut in half", photo[:len(photo)/2], Options{}, ErrCorrupt, "JPEG is damaged or incomplete"},
		{"jpeg header only", photo[:40], Options{}, ErrCorrupt, "JPEG"},
		{"jpeg magic only", []byte("\xff\xd8\xff"), Options{}, ErrCorrupt, "JPEG"},
		{"jpeg too many scans", manyScans, Options{}, ErrUnsupported, "scans"},
		{"png cut short", picture[:len(picture)-30], Options{}, ErrCorrupt, "PNG"},
		{"png bad checksum", badCRC, Options{}, ErrCorrupt, "PNG"},
		{"png signature only", picture[:8], Options{}, ErrCorrupt, "PNG"},
		{"webp cut short", lossless[:len(lossless)-10], Options{}, ErrCorrupt, "WebP"},
		{"webp header only", lossless[:12], Options{}, ErrCorrupt, "WebP"},
		{"webp animated", riff("VP8X", vp8x(8, 8, vp8xAnimation), "ANIM", make([]byte, 6)), Options{}, ErrUnsupported, "Animated"},
		{"over MaxBytes", picture, Options{MaxBytes: int64(len(picture) - 1)}, ErrTooLarge, "larger than"},
		{"default MaxBytes", bytes.Repeat([]byte{0}, DefaultMaxBytes+1), Options{}, ErrTooLarge, "larger than 15 MiB"},
		{"pixel bomb", pngHeader(100000, 100000), Options{}, ErrTooManyPixels, "100000×100000 pixels; the largest accepted is 40 megapixels"},
		{"over MaxPixels", picture, Options{MaxPixels: 64*48 - 1}, ErrTooManyPixels, "64×48"},
		{"jpeg over MaxPixels", photo, Options{MaxPixels: 1000}, ErrTooManyPixels, "1000 pixels"},
		{"webp over MaxPixels", lossless, Options{MaxPixels: 1000}, ErrTooManyPixels, "64×48"},
		{"too tall for a jpeg", encodePNG(t, image.NewGray(image.Rect(0, 0, 1, maxJPEGSide+1))), Options{}, ErrTooManyPixels, "this tall"},
	}
	sentinels := []error{ErrUnsupported, ErrTooLarge, ErrTooManyPixels, ErrCorrupt}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := Process(bytes.NewReader(tt.data), tt.opt)
			if err == nil {
				t.Fatalf("Process accepted it: %s %d×%d", res.Format, res.Width, res.Height)
			}
			for _, s := range sentinels {
				if errors.Is(err, s) != (s == tt.want) {
					t.Errorf("errors.Is(%v, %v) = %v", err, s, !(s == tt.want))
				}
			}
			if code := masthead.ErrorCode(err); code != masthead.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, masthead.EINVALID)
			}
			t.Log(err)
			if msg := masthead.ErrorMessage(err); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q does not contain %q", msg, tt.wantMsg)
			}
		})
	}
}

// TestPixelBombCheap checks that a header declaring 10 gigapixels (40 GB
// decoded) is refused from the header, before any allocation in
// proportion to it.
func TestPixelBombCheap(t *testing.T) {
	// Not parallel: the allocation count must be this test's alone, and
	// parallel tests wait until the sequential ones are done.
	bomb := pngHeader(100000, 100000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := Process(bytes.NewReader(bomb), Options{}); !errors.Is(err, ErrTooManyPixels) {
			t.Fatalf("Process: %v, want ErrTooManyPixels", err)
		}
	}
	runtime.ReadMemStats(&after)
	if perRun := (after.TotalAlloc - before.TotalAlloc) / 10; perRun > 64<<10 {
		t.Errorf("refusing a bomb allocated %d bytes", perRun)
	}
}

func TestProcessMaxBytesInclusive(t *testing.T) {
	t.Parallel()
	data := encodePNG(t, quadrants(16, 16))
	if _, err := Process(bytes.NewReader(data), Options{MaxBytes: int64(len(data))}); err != nil {
		t.Errorf("a file of exactly MaxBytes: %v", err)
	}
}

// TestMetadataStripped checks that nothing but pixels survives: not the
// Exif block (where phones put the GPS position), XMP, comments, or PNG
// text chunks.
func TestMetadataStripped(t *testing.T) {
	t.Parallel()
	const gps = "GPS 48.858370N 2.294481E reporter-phone-secret"
	photo := encodeJPEG(t, quadrants(64, 48))
	photo = withSegment(photo, 0xFE, []byte("COM "+gps))                                   // comment
	photo = withSegment(photo, markerAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00"+gps)) // XMP
	photo = withSegment(photo, markerAPP1, exifPayload(binary.LittleEndian, 1, gps))       // Exif, first
	picture := withPNGChunk(encodePNG(t, quadrants(64, 48)), "tEXt", []byte("Comment\x00"+gps))
	picture = withPNGChunk(picture, "eXIf", exifPayload(binary.LittleEndian, 1, gps)[len(exifHeader):])

	for name, data := range map[string][]byte{"jpeg": photo, "png": picture} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if !bytes.Contains(data, []byte(gps)) {
				t.Fatal("the test file does not carry the marker")
			}
			res, err := Process(bytes.NewReader(data), Options{Widths: []int{32, 64}})
			if err != nil {
				t.Fatalf("Process: %v", err)
			}
			for _, r := range res.Renditions {
				for _, leak := range []string{"GPS", "reporter", "Exif", "ns.adobe.com", "COM", "tEXt", "eXIf"} {
					if bytes.Contains(r.Data, []byte(leak)) {
						t.Errorf("%d wide rendition contains %q", r.Width, leak)
					}
				}
			}
		})
	}
}

func TestProcessDeterministic(t *testing.T) {
	t.Parallel()
	seeThrough := quadrants(300, 200)
	seeThrough.Pix[3] = 0
	for name, data := range map[string][]byte{
		"jpeg": encodeJPEG(t, quadrants(300, 200)),
		"png":  encodePNG(t, seeThrough),
	} {
		opt := Options{Widths: []int{100, 250}}
		a, err := Process(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Process(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Renditions {
			if !bytes.Equal(a.Renditions[i].Data, b.Renditions[i].Data) {
				t.Errorf("%s: rendition %d differs between runs", name, i)
			}
		}
	}
}

func TestProcessOptions(t *testing.T) {
	t.Parallel()
	data := encodePNG(t, quadrants(16, 16))
	for _, opt := range []Options{
		{MaxBytes: -1},
		{MaxPixels: -1},
		{Quality: 101},
		{Quality: -5},
		{Widths: []int{480, 0}},
		{Widths: []int{-480}},
		{Widths: []int{maxJPEGSide + 1}},
	} {
		_, err := Process(bytes.NewReader(data), opt)
		if err == nil {
			t.Errorf("%+v: accepted", opt)
			continue
		}
		if masthead.ErrorCode(err) != masthead.EINTERNAL {
			t.Errorf("%+v: %v is shown to editors, but it is a programming mistake", opt, err)
		}
	}

	widths := []int{960, 480, 960}
	if _, err := Process(bytes.NewReader(data), Options{Widths: widths}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(widths, []int{960, 480, 960}) {
		t.Errorf("Process changed the caller's Widths to %v", widths)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestProcessReadError(t *testing.T) {
	t.Parallel()
	cut := errors.New("connection reset")
	_, err := Process(io.MultiReader(strings.NewReader("\xff\xd8\xff"), failingReader{cut}), Options{})
	if !errors.Is(err, cut) {
		t.Errorf("Process: %v, want it to wrap %v", err, cut)
	}
	if masthead.ErrorCode(err) != masthead.EINTERNAL {
		t.Errorf("a read failure is reported to the editor as %q", masthead.ErrorCode(err))
	}
}

func TestSafelyRecovers(t *testing.T) {
	t.Parallel()
	res, err := safely(func() (*Result, error) { panic("index out of range") })
	if res != nil || !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("safely = %v, %v; want nil and ErrCorrupt with the panic", res, err)
	}
}

func TestByteSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{
		0:           "0 bytes",
		100:         "100 bytes",
		1536:        "1.5 KiB",
		15 << 20:    "15 MiB",
		1<<20 + 1:   "1 MiB",
		2621440:     "2.5 MiB",
		15<<20 + 99: "15 MiB",
	} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
