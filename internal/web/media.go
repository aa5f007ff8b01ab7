package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/imaging"
)

// maxUpload bounds an editor's form with a lead image in it.
const maxUpload = imaging.DefaultMaxBytes + 1<<20

// renditionFile is the only shape of file name the media route serves, so
// no path from a request can reach outside an image's folder.
var renditionFile = regexp.MustCompile(`^[0-9]{1,5}\.(jpg|png)$`)

// mediaURL is where a rendition is served.
func mediaURL(im *masthead.Image, r masthead.Rendition) string {
	return "/media/" + strconv.FormatInt(im.ID, 10) + "/" + r.File
}

// handleMedia serves an uploaded image's rendition. A rendition never
// changes under its URL (a new upload is a new image), so browsers may keep
// it for a year.
// GET /media/{id}/{file}
func (s *Server) handleMedia(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	file := r.PathValue("file")
	if err != nil || id < 1 || !renditionFile.MatchString(file) || s.opts.MediaDir == "" {
		s.notFound(w, r)
		return
	}
	f, err := os.Open(filepath.Join(s.opts.MediaDir, strconv.FormatInt(id, 10), file))
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header()["Cache-Control"] = cacheImmutable
	http.ServeContent(w, r, file, st.ModTime(), f)
}

// uploads allows one image to be processed at a time: decoding a photo
// takes a core for about a second and tens of megabytes.
type uploads chan struct{}

// saveUpload turns an uploaded file into an image: renditions written to
// the media directory, the record stored. The texts come from the form.
func (s *Server) saveUpload(ctx context.Context, file io.Reader, alt, caption, credit string) (*masthead.Image, error) {
	if s.opts.MediaDir == "" {
		return nil, masthead.Errorf(masthead.ECONFLICT, "This server has no media directory for uploads.")
	}
	im := &masthead.Image{Alt: alt, Caption: caption, Credit: credit, Renditions: []masthead.Rendition{{}}}
	if err := im.Validate(); err != nil { // the texts, before the work
		return nil, err
	}
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	res, err := imaging.Process(file, imaging.Options{})
	if err != nil {
		return nil, err
	}
	im.Width, im.Height, im.Renditions = res.Width, res.Height, nil
	for _, r := range res.Renditions {
		ext := ".jpg"
		if r.ContentType == "image/png" {
			ext = ".png"
		}
		im.Renditions = append(im.Renditions, masthead.Rendition{Width: r.Width, Height: r.Height, File: strconv.Itoa(r.Width) + ext})
	}
	if err := s.store.CreateImage(ctx, im); err != nil {
		return nil, err
	}
	dir := filepath.Join(s.opts.MediaDir, strconv.FormatInt(im.ID, 10))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	for i, r := range res.Renditions {
		if err := writeFileAtomic(filepath.Join(dir, im.Renditions[i].File), r.Data); err != nil {
			return nil, err
		}
	}
	return im, nil
}

// writeFileAtomic writes data through a temporary file and a rename, so a
// crash never leaves half an image under its final name.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
