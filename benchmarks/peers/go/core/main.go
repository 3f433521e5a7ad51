// Go peer for the Greenlet core benchmarks.
//
// Everything runs with GOMAXPROCS=1 so goroutines are multiplexed on one OS
// thread, like greenlets on a gevent hub. Standard library only.
//
// Usage: go run . [--quick]
// Output: RESULT peer=go workload=<name> value=<number> unit=<ns/op|bytes/task>
package main

import (
	"flag"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"
)

func report(workload string, value float64, unit string) {
	fmt.Printf("RESULT peer=go workload=%s value=%.1f unit=%s\n", workload, value, unit)
}

func nsPer(elapsed time.Duration, ops int) float64 {
	return float64(elapsed.Nanoseconds()) / float64(ops)
}

// switchBench: two goroutines each yield n times with runtime.Gosched().
// Returns ns per yield (total time / 2n).
func switchBench(n int) float64 {
	var wg sync.WaitGroup
	worker := func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
	}
	start := time.Now()
	wg.Add(2)
	go worker()
	go worker()
	wg.Wait()
	return nsPer(time.Since(start), 2*n)
}

// spawnJoin: start a goroutine that returns a value through its own result
// channel and wait for it, n times in a row.
func spawnJoin(n int) float64 {
	sum := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		result := make(chan int, 1)
		go func() { result <- 42 }()
		sum += <-result
	}
	elapsed := time.Since(start)
	if sum != 42*n {
		panic("spawn-join: wrong sum")
	}
	return nsPer(elapsed, n)
}

func inUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse + ms.StackInuse
}

// memoryPerWaiter: m goroutines block on one shared channel; the growth of
// HeapInuse+StackInuse is divided by m. Closing the channel releases them.
func memoryPerWaiter(m int) float64 {
	release := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(m)
	done.Add(m)
	before := inUse()
	for i := 0; i < m; i++ {
		go func() {
			started.Done()
			<-release
			done.Done()
		}()
	}
	started.Wait()
	after := inUse()
	close(release)
	done.Wait()
	return float64(int64(after)-int64(before)) / float64(m)
}

// eventHandoff: two goroutines pass a counter back and forth over two
// unbuffered channels. Returns ns per one-way handoff (total / 2n).
func eventHandoff(n int) float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	start := time.Now()
	v := 0
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pong
	}
	elapsed := time.Since(start)
	close(ping)
	if v != n {
		panic("event-handoff: wrong value")
	}
	return nsPer(elapsed, 2*n)
}

// queueBench: one producer, one consumer, a channel with capacity 100.
func queueBench(n int) float64 {
	ch := make(chan int, 100)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	elapsed := time.Since(start)
	if sum != n*(n-1)/2 {
		panic("queue: wrong sum")
	}
	return nsPer(elapsed, n)
}

// median runs a timed workload three times (after one warm-up at n/10) and
// returns the median, to damp scheduling noise on a small machine.
func median(run func(int) float64, n int) float64 {
	run(n / 10)
	a, b, c := run(n), run(n), run(n)
	return a + b + c - math.Max(a, math.Max(b, c)) - math.Min(a, math.Min(b, c))
}

func main() {
	quick := flag.Bool("quick", false, "small N for a smoke run")
	flag.Parse()
	runtime.GOMAXPROCS(1)

	nSwitch, nSpawn, mWaiters, nHandoff, nQueue := 2_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000
	if *quick {
		nSwitch, nSpawn, mWaiters, nHandoff, nQueue = 20_000, 10_000, 10_000, 10_000, 10_000
	}

	report("switch", median(switchBench, nSwitch), "ns/op")
	report("spawn-join", median(spawnJoin, nSpawn), "ns/op")
	report("memory-per-waiter", memoryPerWaiter(mWaiters), "bytes/task")
	report("event-handoff", median(eventHandoff, nHandoff), "ns/op")
	report("queue", median(queueBench, nQueue), "ns/op")
}
