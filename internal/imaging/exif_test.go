package imaging

import (
	"bytes"
	"encoding/binary"
	"image"
	"testing"
)

// ifd0 returns a big-endian TIFF structure whose IFD0 holds the given
// 12-byte entries.
func ifd0(entries ...[]byte) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(len(entries)))
	for _, e := range entries {
		tiff = append(tiff, e...)
	}
	return binary.BigEndian.AppendUint32(tiff, 0)
}

// entry returns a big-endian IFD entry.
func entry(tag, typ uint16, count, value uint32) []byte {
	e := binary.BigEndian.AppendUint16(nil, tag)
	e = binary.BigEndian.AppendUint16(e, typ)
	e = binary.BigEndian.AppendUint32(e, count)
	return binary.BigEndian.AppendUint32(e, value)
}

func TestTIFFOrientation(t *testing.T) {
	t.Parallel()
	description := entry(0x010E, 2, 4, 'a'<<24|'b'<<16|'c'<<8)
	short := func(v uint16) []byte { return entry(0x0112, 3, 1, uint32(v)<<16) }
	tests := []struct {
		name   string
		tiff   []byte
		want   orientation
		wantOK bool
	}{
		{"little-endian", exifPayload(binary.LittleEndian, 6, "x")[len(exifHeader):], 6, true},
		{"big-endian", exifPayload(binary.BigEndian, 3, "x")[len(exifHeader):], 3, true},
		{"after other tags", ifd0(description, short(8)), 8, true},
		{"as LONG", ifd0(entry(0x0112, 4, 1, 5)), 5, true},
		{"no orientation tag", ifd0(description), 0, false},
		{"no entries", ifd0(), 0, false},
		{"value 0", ifd0(short(0)), 0, false},
		{"value 9", ifd0(short(9)), 0, false},
		{"value 0xffff", ifd0(short(0xffff)), 0, false},
		{"ASCII type", ifd0(entry(0x0112, 2, 1, 6<<16)), 0, false},
		{"count 2", ifd0(entry(0x0112, 3, 2, 6<<16)), 0, false},
		{"empty", nil, 0, false},
		{"header only", []byte("MM\x00\x2a"), 0, false},
		{"unknown byte order", []byte("XX\x00\x2a\x00\x00\x00\x08\x00\x00"), 0, false},
		{"wrong magic", []byte("MM\x00\x2b\x00\x00\x00\x08\x00\x00"), 0, false},
		{"IFD beyond the end", []byte("MM\x00\x2a\x00\x00\x01\x00"), 0, false},
		{"IFD offset near 4 GiB", []byte("MM\x00\x2a\xff\xff\xff\xff"), 0, false},
		{"IFD offset at the last byte", []byte("MM\x00\x2a\x00\x00\x00\x08\x00"), 0, false},
		{"more entries claimed than present", append([]byte("MM\x00\x2a\x00\x00\x00\x08\xff\xff"), short(6)[:11]...), 0, false},
	}
	for _, tt := range tests {
		got, ok := tiffOrientation(tt.tiff)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: tiffOrientation = %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestJPEGOrientation(t *testing.T) {
	t.Parallel()
	photo := encodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)))
	exif6 := exifPayload(binary.LittleEndian, 6, "x")
	exif3 := exifPayload(binary.BigEndian, 3, "x")
	xmp := []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>")
	fill := append([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFF}, withSegment(photo, markerAPP1, exif6)[3:]...)
	afterImage := append(bytes.Clone(photo[:len(photo)-2]), withSegment([]byte{0xFF, 0xD8}, markerAPP1, exif6)[2:]...)
	tests := []struct {
		name string
		data []byte
		want orientation
	}{
		{"no metadata", photo, upright},
		{"exif", withSegment(photo, markerAPP1, exif6), 6},
		{"after XMP", withSegment(withSegment(photo, markerAPP1, exif6), markerAPP1, xmp), 6},
		{"first exif wins", withSegment(withSegment(photo, markerAPP1, exif6), markerAPP1, exif3), 3},
		{"fill bytes before a marker", fill, 6},
		{"exif without orientation", withSegment(photo, markerAPP1, exifPayload(binary.LittleEndian, 0, "x")), upright},
		{"exif after the image data is not looked for", afterImage, upright},
		{"segment longer than the file", append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, exif6...), upright},
		{"segment length below 2", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xE1}, upright},
		{"not a JPEG", exif6, upright},
		{"empty", nil, upright},
	}
	for _, tt := range tests {
		if got := jpegOrientation(tt.data); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestJPEGScans(t *testing.T) {
	t.Parallel()
	photo := encodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)))
	sos := []byte{0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0}
	// Entropy-coded data may hold 0xFF only as a stuffed 0xFF 0x00, a
	// restart marker, or fill; none of them ends the scan.
	data := []byte{0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0xD7, 0x78}
	three := bytes.Clone(photo[:len(photo)-2])
	for range 2 {
		three = append(three, sos...)
		three = append(three, data...)
	}
	three = append(three, 0xFF, 0xD9)
	tests := []struct {
		name  string
		data  []byte
		limit int
		want  int
	}{
		{"baseline", photo, 10, 1},
		{"three scans with stuffing and restarts", three, 10, 3},
		{"stops after limit", three, 1, 2},
		{"no EOI", three[:len(three)-2], 10, 3},
		{"not a JPEG", sos, 10, 0},
	}
	for _, tt := range tests {
		if got := jpegScans(tt.data, tt.limit); got != tt.want {
			t.Errorf("%s: %d scans, want %d", tt.name, got, tt.want)
		}
	}
}

// FuzzJPEGOrientation checks that the metadata readers take any bytes
// without panicking, stay in range, and visit segments in order inside the
// data.
func FuzzJPEGOrientation(f *testing.F) {
	photo := encodeJPEG(f, quadrants(16, 16))
	f.Add(photo)
	f.Add(withSegment(photo, markerAPP1, exifPayload(binary.LittleEndian, 6, "GPS")))
	f.Add(withSegment(photo, markerAPP1, exifPayload(binary.BigEndian, 8, "")))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00\x2a\xff\xff\xff\xff"))
	f.Add([]byte("\xff\xd8\xff\xda\x00\x02\xff\x00\xff\xd0\xff\xda\x00\x02\xff\xd9"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		if o, ok := tiffOrientation(data); ok != (o >= 1 && o <= 8) {
			t.Fatalf("tiffOrientation = %d, %v", o, ok)
		}
		if n := jpegScans(data, 3); n > 4 {
			t.Fatalf("counted %d scans past a limit of 3", n)
		}
		end := 0
		jpegSegments(data, func(_ byte, payload []byte) bool {
			if len(payload) == 0 && cap(payload) == 0 {
				return true
			}
			// payload must be a window of data, after the previous one.
			start := cap(data) - cap(payload)
			if start < end || start+len(payload) > len(data) || !bytes.Equal(data[start:start+len(payload)], payload) {
				t.Fatalf("payload at %d (len %d) is not after %d inside %d bytes", start, len(payload), end, len(data))
			}
			end = start + len(payload)
			return true
		})
	})
}
