package masthead_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

func TestErrorCode(t *testing.T) {
	notFound := masthead.Errorf(masthead.ENOTFOUND, "No article %d.", 7)
	tests := []struct {
		name        string
		err         error
		code, shown string
	}{
		{"Nil", nil, "", ""},
		{"DomainError", notFound, masthead.ENOTFOUND, "No article 7."},
		{"Wrapped", fmt.Errorf("load page: %w", notFound), masthead.ENOTFOUND, "No article 7."},
		{"OtherErrorIsInternal", errors.New("disk on fire at /var/lib/x"), masthead.EINTERNAL, "Internal error."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := masthead.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := masthead.ErrorMessage(tt.err); got != tt.shown {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.shown)
			}
		})
	}
}

func TestArticleValidate(t *testing.T) {
	valid := func() *masthead.Article {
		return &masthead.Article{
			Title: "Title", Slug: "title", Status: masthead.StatusPublished,
			PublishedAt: time.Date(2024, 2, 27, 10, 0, 0, 0, time.UTC),
		}
	}
	tests := []struct {
		name   string
		change func(a *masthead.Article)
		want   string // "" for valid
	}{
		{"Valid", func(*masthead.Article) {}, ""},
		{"BlankTitle", func(a *masthead.Article) { a.Title = "  " }, "title is required"},
		{"LongTitle", func(a *masthead.Article) { a.Title = strings.Repeat("é", masthead.MaxTitleLen+1) }, "title is longer"},
		{"NoSlug", func(a *masthead.Article) { a.Slug = "" }, "slug is required"},
		{"BadStatus", func(a *masthead.Article) { a.Status = "maybe" }, `status must be`},
		{"NoTime", func(a *masthead.Article) { a.PublishedAt = time.Time{} }, "publication time"},
		{"TooManyTags", func(a *masthead.Article) { a.Tags = make([]masthead.Tag, masthead.MaxTags+1) }, "at most"},
		{"TagWithoutSlug", func(a *masthead.Article) { a.Tags = []masthead.Tag{{Name: "!!!"}} }, "no letters or digits"},
		{"SourceURLWithoutSource", func(a *masthead.Article) { a.SourceURL = "https://focus.ua/" }, "needs a source"},
		{"EmptySectionName", func(a *masthead.Article) { a.Section = &masthead.Section{Slug: "x"} }, "section name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(a)
			err := a.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if masthead.ErrorCode(err) != masthead.EINVALID || !strings.Contains(masthead.ErrorMessage(err), tt.want) {
				t.Fatalf("Validate = %v, want EINVALID mentioning %q", err, tt.want)
			}
		})
	}
}

func TestVisibleAt(t *testing.T) {
	at := time.Date(2024, 2, 27, 10, 0, 0, 0, time.UTC)
	a := &masthead.Article{Status: masthead.StatusPublished, PublishedAt: at}
	if a.VisibleAt(at.Add(-time.Second)) || !a.VisibleAt(at) {
		t.Fatal("a published article is visible from its publication time on, not before")
	}
	a.Status = masthead.StatusDraft
	if a.VisibleAt(at.Add(time.Hour)) {
		t.Fatal("a draft is visible")
	}
}

func TestSitemapEntryLastModified(t *testing.T) {
	pub := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		updated time.Time
		want    time.Time
	}{
		{"updated after publication", pub.Add(time.Hour), pub.Add(time.Hour)},
		{"saved before its scheduled publication", pub.Add(-time.Hour), pub},
		{"updated at publication", pub, pub},
	}
	for _, tc := range tests {
		e := masthead.SitemapEntry{Slug: "s", PublishedAt: pub, UpdatedAt: tc.updated}
		if got := e.LastModified(); !got.Equal(tc.want) {
			t.Errorf("%s: LastModified = %v, want %v", tc.name, got, tc.want)
		}
	}
}
