package views

import "bytes"

// botMarks are lowercase fragments of the User-Agents of crawlers, link
// previewers, monitors and scripts. Browsers' User-Agents contain none of
// them; almost every bot names itself with one, and most carry a URL
// ("+http://…") explaining who they are.
var botMarks = [][]byte{
	[]byte("bot"), []byte("crawl"), []byte("spider"), []byte("slurp"), []byte("http"), []byte("preview"), []byte("fetch"), []byte("scan"),
	[]byte("monitor"), []byte("headless"), []byte("lighthouse"), []byte("python"), []byte("curl"), []byte("wget"), []byte("java/"),
	[]byte("okhttp"), []byte("libwww"), []byte("feed"), []byte("archiver"), []byte("facebookexternalhit"), []byte("embedly"),
}

// IsBot reports whether a User-Agent is a bot's. An empty one counts as a
// bot: every browser sends one.
func IsBot(userAgent string) bool {
	if userAgent == "" {
		return true
	}
	// Lower the User-Agent into a stack buffer: this runs on every article
	// view, and strings.ToLower would allocate.
	var buf [256]byte
	n := copy(buf[:], userAgent)
	for i, b := range buf[:n] {
		if 'A' <= b && b <= 'Z' {
			buf[i] = b + 'a' - 'A'
		}
	}
	for _, m := range botMarks {
		if bytes.Contains(buf[:n], m) {
			return true
		}
	}
	return false
}
