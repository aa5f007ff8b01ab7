package web

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

// photo is a JPEG of w×h pixels, as a phone would send.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postMultipart sends the editor's fields with a file, as the browser does
// for a form with enctype="multipart/form-data".
func (b *browser) postMultipart(path string, fields url.Values, fileField, fileName string, file []byte) response {
	b.ts.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := mw.CreateFormFile(fileField, fileName)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.ts.URL)
	return b.do(req)
}

func TestEditorLeadImage(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("ed@example.com", masthead.RoleEditor)
	b := ts.browser()
	b.login("ed@example.com", testPassword)
	_, doc := b.get("/admin/articles/new")
	form := editorForm(doc)
	form.Set("title", "Ferry returns")
	form.Set("status", "published")
	form.Set("published_at", testNow.Add(-time.Hour).UTC().Format(editorTimeLayout))

	// Not an image: refused with a reason, every field kept.
	res := b.postMultipart("/admin/articles/new", form, "image", "page.html", []byte("<!doctype html><p>hi</p>"))
	d := docOf(t, res)
	if res.status != http.StatusUnprocessableEntity || d.Find("#image-error").Text() == "" || d.Find("#title").AttrOr("value", "") != "Ferry returns" {
		t.Fatalf("an HTML file as the image: %d %q", res.status, d.Find("#image-error").Text())
	}
	// No alt text: refused before any work.
	res = b.postMultipart("/admin/articles/new", form, "image", "ferry.jpg", photo(t, 1200, 800))
	if d := docOf(t, res); res.status != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#image-error").Text(), "alt text") {
		t.Fatalf("an image without alt text: %d %q", res.status, d.Find("#image-error").Text())
	}
	// With alt text, but the title missing: the upload is kept, so the
	// corrected form saves without choosing the file again.
	form.Set("image_alt", "The ferry at the quay")
	form.Set("image_caption", "Back on Friday")
	form.Set("image_credit", "Photo: Ann Lee")
	form.Set("title", "")
	res = b.postMultipart("/admin/articles/new", form, "image", "ferry.jpg", photo(t, 1200, 800))
	d = docOf(t, res)
	kept := d.Find(`input[name="image_id"]`).AttrOr("value", "")
	if res.status != http.StatusUnprocessableEntity || kept == "" {
		t.Fatalf("refused for the title: %d, kept image %q", res.status, kept)
	}
	form = editorForm(d)
	form.Set("title", "Ferry returns")
	res = b.postMultipart("/admin/articles/new", form, "image", "", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save with the kept image: %d %.300s", res.status, res.body)
	}

	a, err := ts.store.ArticleBySlug(t.Context(), "ferry-returns")
	if err != nil || a.Image == nil || a.Image.Width != 1200 || len(a.Image.Renditions) != 2 {
		t.Fatalf("saved image = %+v, %v", a.Image, err)
	}
	page := ts.mustDoc(articlePath(a), http.StatusOK)
	img := page.Find("figure.lead-image img")
	if img.AttrOr("alt", "") != "The ferry at the quay" || !strings.Contains(img.AttrOr("srcset", ""), " 480w") ||
		!strings.Contains(page.Find("figure.lead-image figcaption").Text(), "Photo: Ann Lee") {
		t.Errorf("article figure: alt %q, srcset %q", img.AttrOr("alt", ""), img.AttrOr("srcset", ""))
	}
	if og := page.Find(`meta[property="og:image"]`).AttrOr("content", ""); !strings.HasPrefix(og, ts.URL+"/media/") {
		t.Errorf("og:image = %q", og)
	}
	src := img.AttrOr("src", "")
	res = ts.get(src)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/jpeg" || !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s: %d %q", src, res.status, res.header.Get("Content-Type"))
	}
	decoded, err := jpeg.Decode(strings.NewReader(res.body))
	if err != nil || decoded.Bounds().Dx() != 960 {
		t.Errorf("the served rendition: %v, %v", decoded.Bounds(), err)
	}
	for _, bad := range []string{"/media/1/../../etc/passwd", "/media/1/x.html", "/media/abc/480.jpg", "/media/999/480.jpg"} {
		if res := ts.get(bad); res.status != http.StatusNotFound && (res.status < 300 || res.status > 308) {
			t.Errorf("GET %s: %d", bad, res.status)
		}
	}
	if home := ts.mustDoc("/", http.StatusOK); home.Find(".teaser img.thumb").Length() != 1 {
		t.Errorf("the teaser has no thumbnail")
	}
}
