#ifndef EXOCHECK_PREFETCH_H
#define EXOCHECK_PREFETCH_H

/// Asks the cache for the line holding `p` without waiting for it (a hint:
/// no fault, no effect on results). The explorer issues it for a visited-set
/// slot one successor ahead of the lookup.
static inline void exocheck_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
