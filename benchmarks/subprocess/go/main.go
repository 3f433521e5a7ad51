// `echo hi` round trips with os/exec: one after another, and many at once from goroutines bounded by a semaphore.
// Usage: subprocess-bench [count] [concurrency]. Prints one RESULT line per workload.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"
)

func once() {
	out, err := exec.Command("echo", "hi").Output()
	if err != nil || string(out) != "hi\n" {
		panic(fmt.Sprintf("unexpected %q %v", out, err))
	}
}

func measure(workload string, count int, run func()) {
	start := time.Now()
	run()
	fmt.Printf("RESULT peer=go-os/exec workload=%s unit=round-trips/s value=%.0f\n", workload, float64(count)/time.Since(start).Seconds())
}

func main() {
	count, concurrency := 2000, 32
	if len(os.Args) > 1 {
		count, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		concurrency, _ = strconv.Atoi(os.Args[2])
	}
	measure("sequential", count, func() {
		for i := 0; i < count; i++ {
			once()
		}
	})
	measure(fmt.Sprintf("concurrent-%d", concurrency), count, func() {
		slots := make(chan struct{}, concurrency)
		var wg sync.WaitGroup
		for i := 0; i < count; i++ {
			slots <- struct{}{}
			wg.Add(1)
			go func() { defer wg.Done(); once(); <-slots }()
		}
		wg.Wait()
	})
}
