package imaging

import (
	"bytes"
	"encoding/binary"
)

// exifHeader starts the payload of an APP1 segment holding Exif data; XMP,
// the other common APP1 payload, starts with its namespace URL instead.
const exifHeader = "Exif\x00\x00"

// jpegOrientation returns the Orientation recorded in the Exif segment of
// the JPEG in data, or upright when there is none or it cannot be read:
// a wrong guess about broken metadata shows a picture turned, which an
// editor can see and fix, while refusing the upload for it helps no one.
func jpegOrientation(data []byte) orientation {
	o := upright
	jpegSegments(data, func(m byte, payload []byte) bool {
		if m == markerSOS {
			return false // Exif comes before the image data
		}
		if m != markerAPP1 || !bytes.HasPrefix(payload, []byte(exifHeader)) {
			return true
		}
		if v, ok := tiffOrientation(payload[len(exifHeader):]); ok {
			o = v
		}
		return false // only the first Exif segment counts
	})
	return o
}

// tiffOrientation reads the Orientation tag (0x0112) of the first image
// file directory (IFD0, the main picture; IFD1 describes the thumbnail) of
// the TIFF structure Exif data is stored in:
//
//	header: "II" (little-endian) or "MM" (big-endian), 42, offset of IFD0
//	IFD:    entry count (2 bytes), entries of 12 bytes each:
//	        tag (2), type (2), count (4), value or offset to it (4)
//
// Offsets are checked against len(tiff) before each read and only IFD0's
// entries are visited, so the work is bounded by the segment's 64 KiB
// whatever the offsets say. ok is false when the tag is missing or its
// value is not one of the eight orientations.
func tiffOrientation(tiff []byte) (o orientation, ok bool) {
	if len(tiff) < 8 {
		return 0, false
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0, false
	}
	if order.Uint16(tiff[2:]) != 42 {
		return 0, false
	}
	ifd := uint64(order.Uint32(tiff[4:]))
	if ifd+2 > uint64(len(tiff)) {
		return 0, false
	}
	count := uint64(order.Uint16(tiff[ifd:]))
	const (
		tagOrientation = 0x0112
		typeShort      = 3
		typeLong       = 4 // not what the spec says, but some writers use it
		entrySize      = 12
	)
	for i := range count {
		e := ifd + 2 + i*entrySize
		if e+entrySize > uint64(len(tiff)) {
			return 0, false
		}
		entry := tiff[e : e+entrySize]
		if order.Uint16(entry) != tagOrientation {
			continue
		}
		if order.Uint32(entry[4:]) != 1 {
			return 0, false
		}
		var v uint32
		switch order.Uint16(entry[2:]) {
		case typeShort:
			v = uint32(order.Uint16(entry[8:])) // left-justified in the value field
		case typeLong:
			v = order.Uint32(entry[8:])
		default:
			return 0, false
		}
		if v < 1 || v > 8 {
			return 0, false
		}
		return orientation(v), true
	}
	return 0, false
}
