// The slow-clients attack: slowloris connections that trickle a request head, slow-body connections that trickle a
// request body, and a well-behaved client measuring GET latency before and during the attack. Loopback only, bounded
// in connections and time. Checks that every slow connection is cut within the server's documented deadline and that
// the server's descriptor count returns to its baseline afterwards. Usage: see run.sh.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	addr           string
	headerDeadline time.Duration
	bodyGrace      time.Duration
	tolerance      time.Duration
)

func main() {
	port := flag.Int("port", 18090, "the server's port on 127.0.0.1")
	pid := flag.Int("pid", 0, "the server's process id, for its descriptor count")
	slowloris := flag.Int("slowloris", 2000, "slowloris connections (a head trickled one header line every 10 s)")
	slowBodies := flag.Int("slow-bodies", 500, "slow-body connections (a body trickled at 1 byte/s), kept up for the whole attack")
	attack := flag.Duration("attack", 32*time.Second, "how long the slow-body connections are kept up")
	probe := flag.Duration("probe", 5*time.Second, "how long each latency measurement runs")
	flag.DurationVar(&headerDeadline, "header-deadline", 30*time.Second, "the server's HeaderReadTimeout")
	flag.DurationVar(&bodyGrace, "body-grace", 5*time.Second, "the server's MinRequestBodyDataRate grace period")
	flag.DurationVar(&tolerance, "tolerance", 2*time.Second, "how late a cut may come and still count as within its deadline")
	probeOnly := flag.Bool("probe-only", false, "only measure GET latency and print the two p99s (the attack runs the probe so, in a process of its own)")
	flag.Parse()
	addr = fmt.Sprintf("127.0.0.1:%d", *port)
	if *probeOnly {
		keepAlive, fresh := p99(keepAliveGets(*probe/2)), p99(freshGets(*probe/2))
		fmt.Println(int64(keepAlive), int64(fresh))
		return
	}
	// The well-behaved client runs in a process of its own: the attack's thousands of goroutines and timers must not
	// delay it on the client side.
	measure := func(d time.Duration) (time.Duration, time.Duration) {
		out, err := exec.Command(os.Args[0], "-probe-only", "-port", strconv.Itoa(*port), "-probe", d.String()).Output()
		var keepAlive, fresh int64
		if _, scanErr := fmt.Sscan(string(out), &keepAlive, &fresh); err != nil || scanErr != nil {
			fmt.Fprintln(os.Stderr, "probe:", err, scanErr)
			os.Exit(2)
		}
		return time.Duration(keepAlive), time.Duration(fresh)
	}

	measure(*probe) // warm-up: the server's JIT tiers, the client's first connections
	idleKeepAlive, idleFresh := measure(*probe)
	time.Sleep(time.Second) // the probes' connections closed on both sides
	baselineFds := countFds(*pid)
	fmt.Printf("idle:   GET p99 %v (keep-alive), %v (new connection each); server fds %d\n", idleKeepAlive, idleFresh, baselineFds)

	start := time.Now()
	stop := make(chan struct{})
	var loris, bodies results
	var wg sync.WaitGroup
	for i := 0; i < *slowloris; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); loris.add(slowHead()) }()
	}
	var bodyWg sync.WaitGroup
	for i := 0; i < *slowBodies; i++ {
		bodyWg.Add(1)
		go func() {
			defer bodyWg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				bodies.add(slowBody(stop))
			}
		}()
	}
	time.Sleep(3 * time.Second) // every connection open and trickling
	fmt.Printf("attack: %d slowloris + %d slow-body connections opened in 3 s; server fds %d\n", *slowloris, *slowBodies, countFds(*pid))
	attackKeepAlive, attackFresh := measure(*probe)
	fmt.Printf("attack: GET p99 %v (keep-alive), %v (new connection each); server fds %d\n", attackKeepAlive, attackFresh, countFds(*pid))
	time.Sleep(time.Until(start.Add(*attack)))
	close(stop)
	wg.Wait()
	bodyWg.Wait()

	fmt.Println(loris.summary("slowloris", headerDeadline))
	fmt.Println(bodies.summary("slow body", bodyGrace))
	backAt, fds := waitForFds(*pid, baselineFds, 30*time.Second)
	fmt.Printf("after:  server fds %d (baseline %d) %v after the attack ended\n", fds, baselineFds, backAt.Round(10*time.Millisecond))

	ok := true
	check := func(what string, met bool) {
		verdict := "met"
		if !met {
			verdict, ok = "NOT met", false
		}
		fmt.Printf("figure: %-62s %s\n", what, verdict)
	}
	check("every slowloris connection cut within its deadline, with 408", loris.allCutInTime(*slowloris, headerDeadline))
	check("every slow-body connection cut within its deadline, with 408", bodies.allCutInTime(-1, bodyGrace))
	check(fmt.Sprintf("GET p99 during the attack <= 2x idle (keep-alive, %.2fx)", ratio(attackKeepAlive, idleKeepAlive)), attackKeepAlive <= 2*idleKeepAlive)
	check(fmt.Sprintf("GET p99 during the attack <= 2x idle (new connections, %.2fx)", ratio(attackFresh, idleFresh)), attackFresh <= 2*idleFresh)
	check("server descriptors back to the baseline", fds <= baselineFds)
	if !ok {
		os.Exit(1)
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// outcome is what one slow connection saw: a 408, when it came after the connection's first trickled byte, or an error.
type outcome struct {
	got408 bool
	after  time.Duration
	err    string
}

type results struct {
	mu   sync.Mutex
	list []outcome
}

func (r *results) add(o outcome) {
	if o.err == "attack over" {
		return // closed by the attacker while still open: not a cut, not counted
	}
	r.mu.Lock()
	r.list = append(r.list, o)
	r.mu.Unlock()
}

func (r *results) allCutInTime(want int, deadline time.Duration) bool {
	if want >= 0 && len(r.list) != want || len(r.list) == 0 {
		return false
	}
	for _, o := range r.list {
		if !o.got408 || o.after > deadline+tolerance {
			return false
		}
	}
	return true
}

func (r *results) summary(name string, deadline time.Duration) string {
	var times []time.Duration
	got408, late, errs := 0, 0, map[string]int{}
	for _, o := range r.list {
		if o.err != "" {
			errs[o.err]++
			continue
		}
		if o.got408 {
			got408++
		}
		if o.after > deadline+tolerance {
			late++
		}
		times = append(times, o.after)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	spread := "none cut"
	if len(times) > 0 {
		spread = fmt.Sprintf("cut after %v to %v", times[0].Round(10*time.Millisecond), times[len(times)-1].Round(10*time.Millisecond))
	}
	return fmt.Sprintf("%-9s %d connections, %d answered 408, %s (deadline %v), %d late, errors %v", name+":", len(r.list), got408, spread, deadline, late, errs)
}

// slowHead sends a request head one header line every 10 s, never finishing it, and waits for the server's answer.
func slowHead() outcome {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return outcome{err: "connect: " + err.Error()}
	}
	defer conn.Close()
	first := time.Now()
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err != nil {
		return outcome{err: "write"}
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Second):
				conn.Write([]byte("X-Slow: 1\r\n"))
			}
		}
	}()
	defer close(done)
	return awaitCut(conn, first, headerDeadline)
}

// slowBody sends a whole head and then its body at 1 byte/s, and waits for the server's answer.
func slowBody(stop chan struct{}) outcome {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return outcome{err: "connect: " + err.Error()}
	}
	defer conn.Close()
	first := time.Now()
	if _, err := conn.Write([]byte("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")); err != nil {
		return outcome{err: "write"}
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-stop:
				conn.Close()
				return
			case <-time.After(time.Second):
				conn.Write([]byte("x"))
			}
		}
	}()
	defer close(done)
	o := awaitCut(conn, first, bodyGrace)
	select {
	case <-stop:
		if !o.got408 {
			return outcome{err: "attack over"}
		}
	default:
	}
	return o
}

// awaitCut reads until the server answers or closes; gives up well after the deadline.
func awaitCut(conn net.Conn, first time.Time, deadline time.Duration) outcome {
	conn.SetReadDeadline(first.Add(deadline + tolerance + 10*time.Second))
	buffer := make([]byte, 256)
	n, err := io.ReadAtLeast(conn, buffer, len("HTTP/1.1 408"))
	after := time.Since(first)
	if n == 0 && err != nil {
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			return outcome{err: "never cut"}
		}
		return outcome{after: after} // closed without an answer
	}
	return outcome{got408: strings.HasPrefix(string(buffer[:n]), "HTTP/1.1 408"), after: after}
}

func keepAliveGets(d time.Duration) []time.Duration {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(2)
	}
	defer conn.Close()
	reader := bufio.NewReader(conn)
	var latencies []time.Duration
	for end := time.Now().Add(d); time.Now().Before(end); {
		started := time.Now()
		get(conn, reader, "")
		latencies = append(latencies, time.Since(started))
		time.Sleep(time.Millisecond)
	}
	return latencies
}

func freshGets(d time.Duration) []time.Duration {
	var latencies []time.Duration
	for end := time.Now().Add(d); time.Now().Before(end); {
		started := time.Now()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(2)
		}
		get(conn, bufio.NewReader(conn), "Connection: close\r\n")
		conn.Close()
		latencies = append(latencies, time.Since(started))
		time.Sleep(time.Millisecond)
	}
	return latencies
}

// get sends one GET and reads its response (a Content-Length body).
func get(conn net.Conn, reader *bufio.Reader, extra string) {
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n")); err != nil {
		fail(err)
	}
	status, err := reader.ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 200") {
		fail(fmt.Errorf("status %q: %v", status, err))
	}
	length := 0
	for {
		line, err := reader.ReadString('\n')
		if err != nil {
			fail(err)
		}
		if line == "\r\n" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "content-length") {
			length, _ = strconv.Atoi(strings.TrimSpace(value))
		}
	}
	if _, err := io.ReadFull(reader, make([]byte, length)); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "probe GET failed:", err)
	os.Exit(2)
}

func p99(latencies []time.Duration) time.Duration {
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return latencies[len(latencies)*99/100].Round(time.Microsecond)
}

func countFds(pid int) int {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fd count:", err)
		os.Exit(2)
	}
	return len(entries)
}

// waitForFds polls the server's descriptor count until it is back to baseline or the limit passes.
func waitForFds(pid, baseline int, limit time.Duration) (time.Duration, int) {
	started := time.Now()
	for {
		fds := countFds(pid)
		if fds <= baseline || time.Since(started) > limit {
			return time.Since(started), fds
		}
		time.Sleep(100 * time.Millisecond)
	}
}
