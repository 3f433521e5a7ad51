// The echo benchmark's load generator: N connections on one thread and one epoll set, each sending a fixed-size
// request and reading the whole echo back before sending the next (one request in flight per connection), for a
// warm-up and then a measured period. A single-threaded epoll loop costs little more than its send and recv per
// round trip, so the generator, pinned to its own core, is not what limits the server it drives.
// Prints one line: RESULT round_trips=... rps=... p50_us=... p99_us=... errors=... cpu_us=...
// (cpu_us: the generator's own CPU time per measured round trip, which it takes from the cores it shares.)
// Usage: load -addr 127.0.0.1:PORT [-conns 100] [-size 64] [-warmup 2s] [-duration 10s] [-count N] [-control FIFO]
//   -count N: the measured period ends after N round trips instead (or at -duration, whichever comes first), so that
//     a server's cost counted over the period (instructions, system calls) is for a known number of round trips.
//   -control FIFO: perf stat's control FIFO (perf stat -D -1 --control fifo:FIFO): the generator writes "enable" as
//     the measured period starts and "disable" as it ends, so that perf counts the server over that period only.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES (64u * 1024 * 1024)

typedef struct {
    int fd;
    size_t received;   // bytes of the current echo read so far
    int64_t sent_at;   // when the current request was sent, in ns
} connection;

static int64_t clock_ns(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

static double seconds_of(const char *text) { // "2s", "500ms" or a plain number of seconds
    char *end;
    double value = strtod(text, &end);
    return strcmp(end, "ms") == 0 ? value / 1000 : value;
}

static int compare(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void fail(const char *what) {
    perror(what);
    exit(1);
}

static void control(int fifo, const char *command) { // perf stat's control FIFO, when given
    if (fifo >= 0 && write(fifo, command, strlen(command)) != (ssize_t)strlen(command)) fail("control fifo");
}

int main(int argc, char **argv) {
    const char *addr = "127.0.0.1:7001";
    int conns = 100;
    size_t size = 64;
    double warmup = 2, duration = 10;
    size_t limit = MAX_SAMPLES;
    const char *control_path = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-addr") == 0) addr = argv[i + 1];
        else if (strcmp(argv[i], "-conns") == 0) conns = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-size") == 0) size = (size_t)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-warmup") == 0) warmup = seconds_of(argv[i + 1]);
        else if (strcmp(argv[i], "-duration") == 0) duration = seconds_of(argv[i + 1]);
        else if (strcmp(argv[i], "-count") == 0) limit = (size_t)atoll(argv[i + 1]);
        else if (strcmp(argv[i], "-control") == 0) control_path = argv[i + 1];
        else { fprintf(stderr, "unknown argument %s\n", argv[i]); return 2; }
    }
    if (conns < 1 || size < 1 || size > 65536 || duration <= 0 || limit < 1 || limit > MAX_SAMPLES) { fprintf(stderr, "bad arguments\n"); return 2; }

    struct sockaddr_in server = {.sin_family = AF_INET};
    char host[64];
    const char *colon = strrchr(addr, ':');
    if (!colon || (size_t)(colon - addr) >= sizeof host) { fprintf(stderr, "bad -addr %s\n", addr); return 2; }
    memcpy(host, addr, (size_t)(colon - addr));
    host[colon - addr] = 0;
    server.sin_port = htons((uint16_t)atoi(colon + 1));
    if (inet_pton(AF_INET, host, &server.sin_addr) != 1) { fprintf(stderr, "bad -addr %s\n", addr); return 2; }

    char *request = malloc(size), *response = malloc(size);
    for (size_t j = 0; j < size; j++) request[j] = (char)('a' + j % 26);
    uint32_t *samples = malloc(MAX_SAMPLES * sizeof *samples); // latencies in ns (each under 4.2 s)
    connection *all = calloc((size_t)conns, sizeof *all);
    int epoll = epoll_create1(0);
    if (!request || !response || !samples || !all || epoll < 0) fail("setup");
    int control_fifo = control_path ? open(control_path, O_WRONLY) : -1;
    if (control_path && control_fifo < 0) fail("open -control");

    // Connect blocking, then go non-blocking: the loop below never waits anywhere but in epoll_wait.
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof server) != 0) fail("connect");
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        all[i].fd = fd;
        struct epoll_event event = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) fail("epoll_ctl");
    }

    int64_t start = now_ns();
    int64_t measure_from = start + (int64_t)(warmup * 1e9), measure_until = measure_from + (int64_t)(duration * 1e9);
    long long errors = 0;
    size_t count = 0;
    for (int i = 0; i < conns; i++) {
        all[i].sent_at = now_ns();
        if (send(all[i].fd, request, size, MSG_NOSIGNAL) != (ssize_t)size) errors++;
    }

    struct epoll_event events[256];
    int64_t now = start, measured_at = 0, ended_at = 0, cpu_at = 0;
    while (now < measure_until && count < limit) {
        int ready = epoll_wait(epoll, events, 256, 100);
        if (ready < 0 && errno != EINTR) fail("epoll_wait");
        now = now_ns();
        if (!measured_at && now >= measure_from) {
            measured_at = now;
            cpu_at = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
            control(control_fifo, "enable\n");
        }
        for (int e = 0; e < ready; e++) {
            connection *c = &all[events[e].data.u32];
            ssize_t n = recv(c->fd, response, size - c->received, 0);
            if (n <= 0) {
                if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                errors++;
                epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
                continue;
            }
            c->received += (size_t)n;
            if (c->received < size) continue;
            if (c->sent_at >= measure_from && now < measure_until && count < limit) {
                samples[count++] = (uint32_t)(now - c->sent_at);
                if (count == limit) break;
            }
            c->received = 0;
            c->sent_at = now;
            if (send(c->fd, request, size, MSG_NOSIGNAL) != (ssize_t)size) errors++;
        }
    }

    ended_at = now_ns();
    control(control_fifo, "disable\n");
    int64_t cpu_ns = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu_at;
    if (count == 0) { fprintf(stderr, "no round trips measured\n"); return 1; }
    double measured = count < limit ? duration : (double)(ended_at - measured_at) / 1e9;
    qsort(samples, count, sizeof *samples, compare);
    printf("RESULT round_trips=%zu rps=%.0f p50_us=%.1f p99_us=%.1f errors=%lld cpu_us=%.2f\n", count, count / measured,
           samples[(size_t)(0.50 * (count - 1))] / 1000.0, samples[(size_t)(0.99 * (count - 1))] / 1000.0, errors,
           cpu_ns / 1000.0 / (double)count);
    for (int i = 0; i < conns; i++) close(all[i].fd);
    return 0;
}
