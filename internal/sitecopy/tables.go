package sitecopy

import "strings"

// kind is how a column is kept in each database, and so how a value is read
// from SQLite and handed to PostgreSQL.
type kind int

const (
	integer     kind = iota // INTEGER → BIGINT, INTEGER or SMALLINT
	nullInteger             // the same, NULL allowed (optional references)
	text                    // TEXT → TEXT
	boolean                 // INTEGER 0 or 1 → BOOLEAN
	real                    // REAL → DOUBLE PRECISION
	blob                    // BLOB → BYTEA
	jsonText                // TEXT holding JSON → JSONB
)

// column is one column, named alike in both schemas.
type column struct {
	name string
	kind kind
}

// table is one table that holds site data, named alike in both schemas.
type table struct {
	name    string
	columns []column
	// order is the source's key, the order rows are read and written in:
	// the order the target's primary key wants, and, for comments,
	// parents before their replies (a reply is always created after its
	// parent, so it has the higher ID), as the target checks each
	// reference as the row arrives.
	order string
}

// columnNames lists the table's columns, for SELECT and COPY.
func (t table) columnNames() []string {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	return names
}

// selectAll reads the whole table in its order.
func (t table) selectAll() string {
	return "SELECT " + strings.Join(t.columnNames(), ", ") + " FROM " + t.name + " ORDER BY " + t.order
}

// siteTables returns every table that holds site data, with every column,
// in the order they are copied: each after the tables it refers to. The
// rest of either schema is bookkeeping or derived: isDerived and
// isDerivedColumn say which.
func siteTables() []table {
	return []table{
		{name: "users", order: "id", columns: []column{
			{"id", integer}, {"email", text}, {"name", text}, {"role", text}, {"password_hash", text},
			{"disabled", boolean}, {"created_at", integer}, {"last_login_at", integer}, {"tokens_valid_after", integer},
		}},
		{name: "images", order: "id", columns: []column{
			{"id", integer}, {"alt", text}, {"caption", text}, {"credit", text}, {"width", integer}, {"height", integer},
			{"renditions", jsonText}, {"created_at", integer},
		}},
		{name: "sections", order: "id", columns: []column{{"id", integer}, {"slug", text}, {"name", text}}},
		{name: "tags", order: "id", columns: []column{{"id", integer}, {"slug", text}, {"name", text}}},
		{name: "authors", order: "id", columns: []column{{"id", integer}, {"slug", text}, {"name", text}}},
		{name: "sources", order: "id", columns: []column{
			{"id", integer}, {"slug", text}, {"name", text}, {"homepage", text}, {"canonical_original", boolean},
		}},
		{name: "articles", order: "id", columns: []column{
			{"id", integer}, {"slug", text}, {"title", text}, {"standfirst", text}, {"body", text}, {"body_html", text},
			{"section_id", nullInteger}, {"author_id", nullInteger}, {"source_id", nullInteger}, {"source_url", text},
			{"status", text}, {"published_at", integer}, {"created_at", integer}, {"updated_at", integer},
			{"comments_closed", boolean}, {"image_url", text},
			{"created_by", nullInteger}, {"image_id", nullInteger},
		}},
		{name: "article_tags", order: "article_id, tag_id", columns: []column{
			{"article_id", integer}, {"tag_id", integer}, {"position", integer},
		}},
		{name: "comments", order: "id", columns: []column{
			{"id", integer}, {"article_id", integer}, {"parent_id", nullInteger}, {"status", text},
			{"name", text}, {"email", text}, {"website", text}, {"ip", text}, {"body", text},
			{"spam_score", real}, {"created_at", integer}, {"rate_key", text},
		}},
		{name: "article_revisions", order: "id", columns: []column{
			{"id", integer}, {"article_id", integer}, {"user_id", nullInteger}, {"saved_at", integer}, {"data", jsonText},
		}},
		{name: "article_views", order: "article_id, hour", columns: []column{
			{"article_id", integer}, {"hour", integer}, {"views", integer},
		}},
		{name: "article_view_totals", order: "article_id", columns: []column{{"article_id", integer}, {"views", integer}}},
		{name: "source_configs", order: "source_id", columns: []column{
			{"source_id", integer}, {"interval_seconds", integer}, {"mode", text}, {"section", text}, {"tags", text},
			{"include_words", text}, {"exclude_words", text}, {"full_text", boolean}, {"selector", text},
		}},
		{name: "source_feeds", order: "id", columns: []column{
			{"id", integer}, {"source_id", integer}, {"url", text}, {"etag", text}, {"last_modified", text},
			{"last_polled", integer}, {"next_poll", integer}, {"failures", integer}, {"last_error", text},
			{"last_error_at", integer}, {"imported", integer},
		}},
		{name: "imported_items", order: "url", columns: []column{
			{"url", text}, {"article_id", nullInteger}, {"created_at", integer},
		}},
		// The fingerprint is the same 64 bits in both, as a signed integer.
		{name: "article_fingerprints", order: "article_id", columns: []column{
			{"article_id", integer}, {"fingerprint", integer},
			{"b0", integer}, {"b1", integer}, {"b2", integer}, {"b3", integer},
			{"b4", integer}, {"b5", integer}, {"b6", integer}, {"b7", integer},
		}},
		{name: "article_reports", order: "id", columns: []column{
			{"id", integer}, {"article_id", integer}, {"source_id", integer}, {"url", text}, {"title", text}, {"seen_at", integer},
		}},
		{name: "term_redirects", order: "kind, old_slug", columns: []column{
			{"kind", text}, {"old_slug", text}, {"new_slug", text},
		}},
		{name: "settings", order: "key", columns: []column{{"key", text}, {"value", text}}},
		{name: "tokens", order: "id", columns: []column{
			{"id", integer}, {"name", text}, {"hash", blob}, {"created_at", integer}, {"user_id", nullInteger},
		}},
		// Sessions are copied so that the newsroom stays logged in across
		// the move: both stores keep alexedwards/scs's encoded data as it
		// is, and expired ones are pruned on the target as they would have
		// been on the source.
		{name: "sessions", order: "token", columns: []column{{"token", text}, {"data", blob}, {"expiry", integer}}},
		{name: "login_failures", order: "key, at", columns: []column{{"key", text}, {"at", integer}}},
		{name: "spam_domains", order: "domain", columns: []column{{"domain", text}, {"hits", integer}, {"last_seen", integer}}},
	}
}

// isDerived reports whether a table of the database ("sqlite" or
// "postgres") holds no site data of its own: migration bookkeeping, the
// change version (each database counts its own), and the search index,
// which each database builds its own way from the articles (SQLite's FTS5
// tables, of words and of word pairs, with their shadow tables and
// vocabulary, all named articles_fts* or articles_pairs*).
func isDerived(database, name string) bool {
	switch name {
	case "goose_db_version", "change_version":
		return true
	}
	if database == "sqlite" {
		return strings.HasPrefix(name, "articles_fts") || strings.HasPrefix(name, "articles_pairs")
	}
	return name == "article_search" || name == "search_words"
}

// isDerivedColumn reports whether a column of a copied table holds what the
// database derives from other data, which the other database derives its
// own way or not at all: SQLite keeps each article's approved-comment count
// in the row, where PostgreSQL counts the comments (migration 0019).
func isDerivedColumn(database, table, column string) bool {
	return database == "sqlite" && table == "articles" && column == "comment_count"
}
