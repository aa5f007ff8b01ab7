package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/masthead-news/masthead/internal/cache"
)

//go:embed static
var staticFS embed.FS

// assets are the embedded stylesheets and scripts, each served at
// /static/{hash}/{name}. The hash is of the content, so a URL never changes
// meaning and browsers may keep a file forever.
type assets struct {
	byName map[string]*asset
}

type asset struct {
	hash string
	page *cache.Page
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := path.Base(p)
		if _, dup := a.byName[name]; dup {
			// URLs carry only the base name, so two files may not share it.
			return fmt.Errorf("asset %s: another asset has the name %s", p, name)
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			return fmt.Errorf("asset %s: unknown content type", p)
		}
		sum := sha256.Sum256(body)
		a.byName[name] = &asset{hash: hex.EncodeToString(sum[:6]), page: cache.NewPage(ctype, body)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load assets: %w", err)
	}
	return a, nil
}

// url is the template function "asset": the fingerprinted URL of an asset.
// An unknown name fails the render, and parseTemplates' test render catches
// it at start-up.
func (a *assets) url(name string) (string, error) {
	as, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no asset named %q", name)
	}
	return "/static/" + as.hash + "/" + name, nil
}

// handleStatic serves an embedded asset, cacheable for a year.
// GET /static/{hash}/{name}
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	as, ok := s.assets.byName[r.PathValue("name")]
	if !ok || as.hash != r.PathValue("hash") {
		s.notFound(w, r)
		return
	}
	writePage(w, r, as.page, cacheImmutable)
}
