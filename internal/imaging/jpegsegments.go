package imaging

import "bytes"

// JPEG markers this package looks for.
const (
	markerSOI  = 0xD8 // start of image
	markerEOI  = 0xD9 // end of image
	markerSOS  = 0xDA // start of scan: entropy-coded data follows its header
	markerAPP1 = 0xE1 // Exif (and XMP) metadata
)

// jpegSegments calls visit with each marker segment of the JPEG in data, in
// file order, until visit returns false or the image ends. The payload
// excludes the marker and length bytes; entropy-coded data after each SOS
// header is skipped. Each byte is looked at a bounded number of times and
// nothing is allocated.
//
// A malformed structure ends the walk quietly: the walker serves metadata
// look-ups and limits, which must cope with anything, while the decoder
// decides whether the file is damaged.
func jpegSegments(data []byte, visit func(marker byte, payload []byte) bool) {
	if len(data) < 2 || data[0] != 0xFF || data[1] != markerSOI {
		return
	}
	p := 2
	for p+1 < len(data) {
		if data[p] != 0xFF {
			return
		}
		m := data[p+1]
		switch {
		case m == 0xFF: // fill byte before a marker
			p++
			continue
		case m == markerEOI:
			return
		case m == 0x00, m == 0x01, m >= 0xD0 && m <= markerSOI: // markers without a length
			p += 2
			continue
		}
		if p+4 > len(data) {
			return
		}
		n := int(data[p+2])<<8 | int(data[p+3]) // counts itself, not the marker
		if n < 2 || p+2+n > len(data) {
			return
		}
		if !visit(m, data[p+4:p+2+n]) {
			return
		}
		p += 2 + n
		if m == markerSOS {
			p = skipEntropyData(data, p)
		}
	}
}

// skipEntropyData returns the offset of the first marker at or after p in
// the entropy-coded data of a scan. Inside it, 0xFF is followed by 0x00
// (a stuffed data byte), by a restart marker, or by more 0xFF fill bytes;
// anything else starts the next segment.
func skipEntropyData(data []byte, p int) int {
	for {
		i := bytes.IndexByte(data[p:], 0xFF)
		if i < 0 || p+i+1 >= len(data) {
			return len(data)
		}
		p += i
		switch b := data[p+1]; {
		case b == 0x00, b >= 0xD0 && b <= 0xD7:
			p += 2
		case b == 0xFF:
			p++
		default:
			return p
		}
	}
}

// maxJPEGScans is the most scans a JPEG may have. Encoders write 1 to 3
// for baseline files and about 10 for progressive ones (mozjpeg's tuned
// scripts stay under 20), but the format sets no limit, and a decoder walks
// every block of the picture once per scan: a 15 MiB file of tiny scans
// over a 40-megapixel frame would keep a CPU busy for hours.
const maxJPEGScans = 100

// jpegScans returns the number of scans in the JPEG in data, counting no
// further than limit+1.
func jpegScans(data []byte, limit int) int {
	n := 0
	jpegSegments(data, func(m byte, _ []byte) bool {
		if m == markerSOS {
			n++
		}
		return n <= limit
	})
	return n
}
