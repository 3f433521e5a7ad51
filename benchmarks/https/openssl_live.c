/* Counts OpenSSL's live allocations by file:line in the process it is preloaded into (CRYPTO_set_mem_functions).
 * openssl-live.sh builds it and uses it to split the per-connection native memory of idle TLS connections.
 * Writes /dev/shm/crypto-dump-PID.txt (bytes, blocks, file:line; largest first) when /dev/shm/crypto-dump-PID appears. */
#define _GNU_SOURCE
#include <openssl/crypto.h>
#include <malloc.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#define N (1<<22)
typedef struct { void *p; const char *f; int l; int sz; } E;
static E *tab; static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static size_t h(void *p) { return ((size_t)p >> 4) * 11400714819323198485ull >> (64-22); }
static void put(void *p, const char *f, int l, int sz) { size_t i = h(p); while (tab[i].p && tab[i].p != (void*)1) i = (i+1)&(N-1); tab[i].p=p; tab[i].f=f; tab[i].l=l; tab[i].sz=sz; }
static void del(void *p) { size_t i = h(p); while (tab[i].p) { if (tab[i].p==p) { tab[i].p=(void*)1; return;} i=(i+1)&(N-1);} }
static void *m(size_t n, const char *f, int l) { void *p = malloc(n); if (p) { pthread_mutex_lock(&mu); put(p,f,l,(int)malloc_usable_size(p)); pthread_mutex_unlock(&mu);} return p; }
static void fr(void *p, const char *f, int l) { if (p) { pthread_mutex_lock(&mu); del(p); pthread_mutex_unlock(&mu);} free(p); }
static void *r(void *p, size_t n, const char *f, int l) { pthread_mutex_lock(&mu); if (p) del(p); void *q = realloc(p, n); if (q) put(q,f,l,(int)malloc_usable_size(q)); else if (p && n) put(p,f,l,(int)malloc_usable_size(p)); pthread_mutex_unlock(&mu); return q; }
typedef struct { const char *f; int l; long bytes; long count; } A;
static int cmp(const void *a, const void *b) { long x=((A*)a)->bytes, y=((A*)b)->bytes; return x<y?1:x>y?-1:0; }
static void dump(const char *path) {
  static A agg[65536]; int na=0;
  pthread_mutex_lock(&mu);
  for (size_t i=0;i<N;i++) if (tab[i].p && tab[i].p!=(void*)1) { int j; for (j=0;j<na;j++) if (agg[j].f==tab[i].f && agg[j].l==tab[i].l) break; if (j==na && na<65535) { agg[na].f=tab[i].f; agg[na].l=tab[i].l; agg[na].bytes=0; agg[na].count=0; na++; } agg[j].bytes+=tab[i].sz; agg[j].count++; }
  pthread_mutex_unlock(&mu);
  qsort(agg,na,sizeof(A),cmp);
  FILE *o=fopen(path,"w"); for (int j=0;j<na && j<60;j++) fprintf(o,"%10ld %7ld %s:%d\n",agg[j].bytes,agg[j].count,agg[j].f?agg[j].f:"?",agg[j].l); fclose(o);
}
static void *poller(void *x) { char req[64], out[64]; snprintf(req,64,"/dev/shm/crypto-dump-%d",getpid()); for(;;){ usleep(200000); if (access(req,F_OK)==0){ snprintf(out,64,"/dev/shm/crypto-dump-%d.txt",getpid()); char tmp[80]; snprintf(tmp,80,"%s.tmp",out); dump(tmp); rename(tmp,out); unlink(req);} } return 0; }
__attribute__((constructor)) static void init(void) {
  tab = calloc(N, sizeof(E));
  if (!CRYPTO_set_mem_functions(m, r, fr)) fprintf(stderr, "refused\n");
  pthread_t t; pthread_create(&t,0,poller,0);
}
