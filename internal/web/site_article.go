package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
)

// handleArticle serves an article with its comments and the comment form.
// Drafts and scheduled articles are not found; an article reached under a
// wrong date is redirected to its canonical URL.
// GET /{year}/{month}/{day}/{slug}/
// relatedLen is how many related articles an article page shows.
const relatedLen = 5

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.ArticleBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !a.VisibleAt(s.now()) {
		s.notFound(w, r)
		return
	}
	canonical := articlePath(a)
	if r.URL.Path != canonical {
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return
	}
	set, err := s.comments.Settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.buildArticlePage(r, articleView{article: a, settings: set, form: rememberedForm(r)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.countView(w, r, a.ID)
	s.render(w, r, "article", page)
}

// threadComments arranges comments (oldest first) into threads. A reply whose
// parent is missing (not approved) is shown at the top level; one deeper than
// maxDepth is attached to its ancestor at maxDepth.
func threadComments(comments []*masthead.Comment, maxDepth int, zone *zoneClock) []*commentNode {
	maxDepth = max(maxDepth, 1)
	nodes := make(map[int64]*commentNode, len(comments))
	depth := make(map[int64]int, len(comments))
	var roots []*commentNode
	for _, c := range comments {
		n := &commentNode{
			comment:  c,
			ID:       c.ID,
			Name:     c.Name,
			Website:  c.Website,
			Initial:  initial(c.Name),
			Datetime: c.CreatedAt.UTC().Format(time.RFC3339),
			Date:     zone.in(c.CreatedAt).Format(dateLayout),
			Body:     template.HTML(comment.Format(c.Body)),
		}
		nodes[c.ID] = n
		parent, ok := nodes[c.ParentID]
		if c.ParentID == 0 || !ok {
			roots = append(roots, n)
			depth[c.ID] = 1
			continue
		}
		// Climb until the reply fits under maxDepth.
		for depth[parent.ID] >= maxDepth {
			parent = nodes[parent.comment.ParentID]
		}
		parent.Replies = append(parent.Replies, n)
		depth[c.ID] = depth[parent.ID] + 1
	}
	return roots
}
