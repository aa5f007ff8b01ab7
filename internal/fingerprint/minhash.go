package fingerprint

// MinWords is the fewest words a text needs for Of to fingerprint it. Below
// it a few changed words flip a large share of the shingles, and short
// texts (a headline, a one-line teaser) say too little to tell stories
// apart.
const MinWords = 20

// shingleSize is how many consecutive words make a shingle. Three is long
// enough that two different stories share few shingles even on the same
// topic, and short enough that one edited word disturbs only three.
const shingleSize = 3

// seeds holds one constant per hash function, from a fixed splitmix64
// sequence: changing them changes every stored fingerprint.
var seeds = func() [64]uint64 {
	var s [64]uint64
	x := uint64(0x6d61737468656164) // "masthead"
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()

// mix is the splitmix64 finaliser: a fixed bijection of 64-bit integers
// that spreads every input bit over the output.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// FNV-1a 64 (the hash/fnv New64a algorithm), written out to hash strings
// without copying them into byte slices.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv1a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// Of returns the fingerprint of text, or 0 when text has fewer than
// MinWords words. The text should be the article's body as plain text;
// markup left in counts as words.
func Of(text string) Fingerprint {
	w := words(text)
	if len(w) < MinWords {
		return 0
	}
	var mins [64]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for i := 0; i+shingleSize <= len(w); i++ {
		sh := uint64(fnvOffset)
		for j, word := range w[i : i+shingleSize] {
			if j > 0 {
				sh = fnv1a(sh, " ") // words hold no spaces, so this is unambiguous
			}
			sh = fnv1a(sh, word)
		}
		for k := range mins {
			if v := mix(sh ^ seeds[k]); v < mins[k] {
				mins[k] = v
			}
		}
	}
	// The lowest bit of each minimum: the minimum is decided by the high
	// bits, so its lowest bit is an unbiased coin for each distinct
	// minimising shingle, and the same bit when both texts share it.
	var f Fingerprint
	for k, m := range mins {
		f |= Fingerprint(m&1) << k
	}
	if f == 0 {
		// 0 means "no fingerprint"; a real text lands on it with
		// probability 2^-64, and moving it one bit away costs nothing.
		f = 1
	}
	return f
}
