//go:build race

package feedread

// raceEnabled makes the hang guards patient: the race detector slows the
// parser down several times.
const raceEnabled = true
