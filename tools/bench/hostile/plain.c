// FLAGS: -x c -std=c11 -pthread
/* A C file: no maps, no std::thread; pthreads and a hand-rolled table. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
struct entry { int key, value; struct entry *next; };
static struct entry *table[64];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&mu);
    struct entry *e = malloc(sizeof *e);
    e->key = i; e->value = i; e->next = table[i % 64]; table[i % 64] = e;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  for (int i = 0; i < 64; ++i)
    for (struct entry **p = &table[i]; *p;) { struct entry *d = *p; *p = d->next; free(d); }
  pthread_join(t, NULL);
  return 0;
}
