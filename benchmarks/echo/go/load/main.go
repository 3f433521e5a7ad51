// The one load generator of the echo benchmark: N connections, each sending a fixed-size request and reading the
// whole echo back before the next (one request in flight per connection), for a warm-up and then a measured period.
// Prints one line: RESULT round_trips=... rps=... p50_us=... p99_us=... errors=...
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7001", "server address")
	conns := flag.Int("conns", 100, "connections")
	size := flag.Int("size", 64, "request and response size in bytes")
	warmup := flag.Duration("warmup", 2*time.Second, "unmeasured warm-up")
	duration := flag.Duration("duration", 10*time.Second, "measured period")
	flag.Parse()

	var measuring int32
	var stop int32
	var errors int64
	latencies := make([][]time.Duration, *conns)
	var ready, done sync.WaitGroup
	ready.Add(*conns)
	done.Add(*conns)
	for i := 0; i < *conns; i++ {
		go func(slot int) {
			defer done.Done()
			conn, err := net.Dial("tcp", *addr)
			ready.Done()
			if err != nil {
				atomic.AddInt64(&errors, 1)
				return
			}
			defer conn.Close()
			conn.(*net.TCPConn).SetNoDelay(true)
			request := make([]byte, *size)
			for j := range request {
				request[j] = byte('a' + (slot+j)%26)
			}
			response := make([]byte, *size)
			samples := make([]time.Duration, 0, 1<<16)
			for atomic.LoadInt32(&stop) == 0 {
				start := time.Now()
				if _, err := conn.Write(request); err != nil {
					atomic.AddInt64(&errors, 1)
					return
				}
				if _, err := io.ReadFull(conn, response); err != nil {
					atomic.AddInt64(&errors, 1)
					return
				}
				if atomic.LoadInt32(&measuring) == 1 {
					samples = append(samples, time.Since(start))
				}
			}
			latencies[slot] = samples
		}(i)
	}
	ready.Wait()
	time.Sleep(*warmup)
	atomic.StoreInt32(&measuring, 1)
	time.Sleep(*duration)
	atomic.StoreInt32(&measuring, 0)
	atomic.StoreInt32(&stop, 1)
	done.Wait()

	var all []time.Duration
	for _, samples := range latencies {
		all = append(all, samples...)
	}
	if len(all) == 0 {
		fmt.Fprintln(os.Stderr, "no round trips measured")
		os.Exit(1)
	}
	sort.Slice(all, func(a, b int) bool { return all[a] < all[b] })
	quantile := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))].Nanoseconds()) / 1000 }
	fmt.Printf("RESULT round_trips=%d rps=%.0f p50_us=%.1f p99_us=%.1f errors=%d\n",
		len(all), float64(len(all))/duration.Seconds(), quantile(0.50), quantile(0.99), errors)
}
