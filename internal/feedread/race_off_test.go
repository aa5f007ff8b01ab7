//go:build !race

package feedread

const raceEnabled = false
