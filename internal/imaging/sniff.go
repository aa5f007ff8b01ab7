package imaging

import "bytes"

// sniff returns the codec for data, chosen from its first bytes only: the
// file name and the browser's declared type are whatever the uploader made
// them. Files that are not JPEG, PNG or WebP are refused with ErrUnsupported
// and, where the kind is recognisable, a message saying how to convert it,
// since most such uploads are honest mistakes (an iPhone's HEIC, an
// animated GIF, a page saved from a browser).
func sniff(data []byte) (codec, error) {
	switch {
	case len(data) == 0:
		return codec{}, refuse(ErrUnsupported, nil, "The file is empty; upload the picture again.")
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return jpegCodec(), nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return pngCodec(), nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		if animatedWebP(data) {
			return codec{}, refuse(ErrUnsupported, nil, "Animated WebP images cannot be used as lead images; upload a still JPEG, PNG or WebP.")
		}
		return webpCodec(), nil
	}
	return codec{}, refuse(ErrUnsupported, nil, "%s", whatIs(data))
}

// animatedWebP reports whether data, a RIFF WEBP file, starts with an
// extended-format header whose animation flag is set. The WebP decoder
// cannot read animations and would only call them invalid.
func animatedWebP(data []byte) bool {
	const animationFlag = 1 << 1
	return len(data) > 20 && string(data[12:16]) == "VP8X" && data[20]&animationFlag != 0
}

// whatIs says what kind of unsupported file data is and what the editor
// can do about it.
func whatIs(data []byte) string {
	head := data[:min(len(data), 512)]
	switch {
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "The file is a GIF, which is not accepted; upload a JPEG, PNG or WebP (for an animation, a still frame of it)."
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch string(head[8:12]) {
		case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
			return "The file is an HEIC photo, the iPhone's default format, which is not accepted; export it as JPEG (or set Settings › Camera › Formats to Most Compatible) and upload it again."
		case "avif", "avis":
			return "The file is an AVIF image, which is not accepted; export it as JPEG, PNG or WebP and upload it again."
		}
		return "The file is a video or other media file; upload a JPEG, PNG or WebP picture."
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return "The file is a TIFF or camera RAW image, which is not accepted; export it as JPEG and upload it again."
	case len(head) >= 14 && bytes.HasPrefix(head, []byte("BM")) && bytes.Equal(head[6:10], []byte{0, 0, 0, 0}): // reserved, zero
		return "The file is a BMP image, which is not accepted; save it as PNG or JPEG and upload it again."
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "The file is a PDF document; upload a JPEG, PNG or WebP picture."
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(text, []byte("<")) {
		if bytes.Contains(bytes.ToLower(head), []byte("<svg")) {
			return "The file is an SVG drawing, which is not accepted because it can carry scripts; export it as PNG and upload it again."
		}
		return "The file is a web page or other text document; upload a JPEG, PNG or WebP picture."
	}
	return "The file is not a JPEG, PNG or WebP picture; upload one of those."
}
