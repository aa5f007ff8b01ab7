package postgres

import (
	"strconv"
	"strings"
)

// args collects the arguments of a query built piece by piece, and names
// each by its PostgreSQL placeholder, which, unlike SQLite's ?, is numbered.
type args []any

// add appends v and returns its placeholder, such as $3.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(conds, ` AND `)
}

type rowScanner interface {
	Scan(dest ...any) error
}
