package feedread

// Limits bounds what Parse accepts and returns. A zero or negative field
// means its default, so the zero Limits is the default Limits.
type Limits struct {
	// MaxBytes is the largest document Parse accepts; larger ones are
	// refused with ErrTooLarge rather than truncated, because a truncated
	// feed would silently lose its oldest items at best and fail to parse at
	// worst. Default 10 MiB.
	MaxBytes int64
	// MaxItems is how many items Parse returns: the newest ones by date.
	// Default 200.
	MaxItems int
	// MaxField bounds the short fields, in bytes: Feed.Title, Item.Title,
	// Author, GUID and each category are cut to it; URLs longer than it are
	// dropped instead, because a cut URL points somewhere else. Default
	// 1 KiB.
	MaxField int
	// MaxContent bounds Summary and Content, in bytes. Default 64 KiB.
	MaxContent int
}

// Defaults of Limits. They suit polling news feeds: real feeds are well under
// a megabyte and carry tens of items, and 64 KiB holds a long article's HTML.
const (
	DefaultMaxBytes   = 10 << 20
	DefaultMaxItems   = 200
	DefaultMaxField   = 1 << 10
	DefaultMaxContent = 64 << 10
)

// DefaultLimits returns the limits Parse uses for a zero Limits.
func DefaultLimits() Limits {
	return Limits{}.withDefaults()
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxItems <= 0 {
		l.MaxItems = DefaultMaxItems
	}
	if l.MaxField <= 0 {
		l.MaxField = DefaultMaxField
	}
	if l.MaxContent <= 0 {
		l.MaxContent = DefaultMaxContent
	}
	return l
}
