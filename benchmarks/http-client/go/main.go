// The Go net/http client of the HTTP client benchmark: N goroutines share one http.Client (N idle connections
// per host kept), GET a URL as fast as the server answers, and print the requests per second.
// Usage: go-client <url> <seconds> <concurrency>
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := os.Args[1]
	seconds, _ := strconv.ParseFloat(os.Args[2], 64)
	concurrency, _ := strconv.Atoi(os.Args[3])
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency, DisableCompression: false}}
	var count int64
	var stop int32
	var wg sync.WaitGroup
	for i := 0; i < concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for atomic.LoadInt32(&stop) == 0 {
				response, err := client.Get(url)
				if err != nil {
					panic(err)
				}
				io.ReadAll(response.Body)
				response.Body.Close()
				if response.StatusCode != 200 {
					panic(response.Status)
				}
				atomic.AddInt64(&count, 1)
			}
		}()
	}
	time.Sleep(2 * time.Second)
	start := atomic.LoadInt64(&count)
	began := time.Now()
	time.Sleep(time.Duration(seconds * float64(time.Second)))
	measured := atomic.LoadInt64(&count) - start
	elapsed := time.Since(began).Seconds()
	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	fmt.Printf("go %.0f req/s (%d requests in %.2f s, %d concurrent)\n", float64(measured)/elapsed, measured, elapsed, concurrency)
}
