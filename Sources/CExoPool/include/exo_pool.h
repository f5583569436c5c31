#ifndef EXO_POOL_H
#define EXO_POOL_H

#include <stddef.h>

/* A few retained heap objects per thread, kept for reuse (see
   ExoCore/StoragePool.swift). Thread-local, so no locking: an object put
   here by one thread is taken again only by that thread. */

#define EXO_POOL_SLOTS 8

extern _Thread_local void *exo_pool_objects[EXO_POOL_SLOTS];
extern _Thread_local long exo_pool_keys[EXO_POOL_SLOTS];
extern _Thread_local int exo_pool_count;

/* The most recently kept object if it has `key`, removed from the pool;
   else NULL. */
static inline void *exo_pool_take(long key) {
    int n = exo_pool_count;
    if (n == 0 || exo_pool_keys[n - 1] != key) return NULL;
    exo_pool_count = n - 1;
    return exo_pool_objects[n - 1];
}

/* The most recently kept object, whatever its key, removed from the pool;
   NULL when the pool is empty. */
static inline void *exo_pool_pop(void) {
    int n = exo_pool_count;
    if (n == 0) return NULL;
    exo_pool_count = n - 1;
    return exo_pool_objects[n - 1];
}

/* Keeps `object` with its `key`; returns 0 (keeping nothing) when full. */
static inline int exo_pool_put(void *object, long key) {
    int n = exo_pool_count;
    if (n == EXO_POOL_SLOTS) return 0;
    exo_pool_objects[n] = object;
    exo_pool_keys[n] = key;
    exo_pool_count = n + 1;
    return 1;
}

#endif
