package store

// PageBounds applies the contract's paging rules: no limit (or a negative
// one) means DefaultLimit, a limit is at most MaxLimit, and a negative
// offset counts as none.
func PageBounds(limit, offset int) (int, int) {
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	return limit, max(offset, 0)
}
