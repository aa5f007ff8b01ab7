package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testSections(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	inSection := func(slug string, pub time.Time, status masthead.ArticleStatus, secSlug, secName string) {
		a := newArticle(slug, pub)
		a.Status = status
		a.Section = &masthead.Section{Slug: secSlug, Name: secName}
		save(t, s, a)
	}
	inSection("w1", base.Add(-time.Hour), masthead.StatusPublished, "world", "World")
	inSection("w2", base.Add(-2*time.Hour), masthead.StatusPublished, "world", "World")
	inSection("b1", base.Add(-time.Hour), masthead.StatusDraft, "business", "Business")
	inSection("s1", base.Add(time.Hour), masthead.StatusPublished, "science", "Science")
	inSection("a1", base.Add(-time.Hour), masthead.StatusPublished, "zz-arts", "Arts")
	save(t, s, newArticle("no-section", base.Add(-time.Hour)))

	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		{"sections with a visible article, by name", base, []string{"Arts", "World"}},
		{"a scheduled article's section appears when it is due", base.Add(time.Hour), []string{"Arts", "Science", "World"}},
		{"no section before any article is visible", base.Add(-3 * time.Hour), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Sections(t.Context(), tc.now)
			if err != nil {
				t.Fatalf("Sections: %v", err)
			}
			var names []string
			for _, sec := range got {
				if sec.ID == 0 || sec.Slug == "" {
					t.Errorf("section %+v lacks ID or slug", sec)
				}
				names = append(names, sec.Name)
			}
			if d := diff(tc.want, names); d != "" {
				t.Errorf("Sections (-want +got):\n%s", d)
			}
		})
	}
}
