package main

import (
	"time"
)

// clusterCPU is the CPU time that each kind of process on the machine used
// in a measured window. With every instance, the database and the load
// generator on one machine, they take their CPU from the same cores.
type clusterCPU struct {
	masthead time.Duration // every instance of the setup together
	postgres time.Duration // the backends serving the setup's database
	bench    time.Duration // the load generator: this process
	pgKnown  bool          // postgres was read (a local PostgreSQL)
}

// windowCPU sums the CPU time the processes that pids lists used between
// from and to. It lists them at both ends: a process that starts within the
// window counts from its start; one that ends within it is missed.
func windowCPU(from, to time.Time, pids func() []int) <-chan time.Duration {
	done := make(chan time.Duration, 1)
	go func() {
		time.Sleep(time.Until(from))
		before := map[int]time.Duration{}
		for _, pid := range pids() {
			if c, err := processCPU(pid); err == nil {
				before[pid] = c
			}
		}
		time.Sleep(time.Until(to))
		var sum time.Duration
		for _, pid := range pids() {
			if c, err := processCPU(pid); err == nil {
				sum += c - before[pid]
			}
		}
		done <- sum
	}()
	return done
}
