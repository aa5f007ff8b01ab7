package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// maxCaptionProse is the most text a caption has: a sentence or two and
// a credit.
const maxCaptionProse = 400

// pictureWords are the words of class and id names that mark an element
// as a picture's frame.
var pictureWords = map[string]bool{
	"image": true, "img": true, "photo": true, "picture": true, "figure": true,
	"media": true, "gallery": true, "slideshow": true,
}

// isPictureBox reports whether n is a picture with its caption set without
// <figure> and <figcaption>: an element named for pictures ("image top",
// "photo-wrap") holding an image and no more text than a caption. Its text
// is the caption ("In this Dec. 12, 2006, file photo, ..."), which is no
// more body text than a <figcaption>; prose is the text in n outside
// links.
func isPictureBox(n *html.Node, prose int) bool {
	if prose > maxCaptionProse || !(pictureName(attr(n, "class")) || pictureName(attr(n, "id"))) {
		return false
	}
	return hasPicture(n)
}

func pictureName(v string) bool {
	for _, class := range strings.Fields(v) {
		for _, w := range nameWords(class) {
			if pictureWords[w] {
				return true
			}
		}
	}
	return false
}
