package web

import (
	"html/template"
	"net/http"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
)

// maxCommentDepth is how deep replies nest on the page; deeper replies are
// shown at the deepest level.
const maxCommentDepth = 5

// handleArticle serves an article with its comments and the comment form.
// Drafts and scheduled articles are not found; an article reached under a
// wrong date is redirected to its canonical URL.
// GET /{year}/{month}/{day}/{slug}/
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
	comments, err := s.store.ApprovedComments(r.Context(), a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lay := s.layout(r, a.Title, canonical)
	lay.Description = a.Standfirst
	lay.Feeds = s.feedLinks(&listing{title: s.opts.SiteTitle, path: "/"})
	s.render(w, r, "article", &articlePage{
		Layout:   lay,
		Article:  a,
		Body:     template.HTML(a.BodyHTML), // sanitised by markup when stored
		Comments: threadComments(comments, maxCommentDepth),
		Form:     commentForm{Action: canonical + "comments#respond"},
	})
}

// threadComments arranges comments (oldest first) into threads. A reply whose
// parent is missing (not approved) is shown at the top level; one deeper than
// maxDepth is attached to its ancestor at maxDepth.
func threadComments(comments []*masthead.Comment, maxDepth int) []*commentNode {
	nodes := make(map[int64]*commentNode, len(comments))
	depth := make(map[int64]int, len(comments))
	var roots []*commentNode
	for _, c := range comments {
		n := &commentNode{Comment: c, Body: template.HTML(comment.Format(c.Body))}
		nodes[c.ID] = n
		parent, ok := nodes[c.ParentID]
		if c.ParentID == 0 || !ok {
			roots = append(roots, n)
			depth[c.ID] = 1
			continue
		}
		// Climb until the reply fits under maxDepth.
		for depth[parent.ID] >= maxDepth {
			parent = nodes[parent.ParentID]
		}
		parent.Replies = append(parent.Replies, n)
		depth[c.ID] = depth[parent.ID] + 1
	}
	return roots
}
