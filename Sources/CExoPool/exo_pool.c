#include "exo_pool.h"

_Thread_local void *exo_pool_objects[EXO_POOL_SLOTS];
_Thread_local long exo_pool_keys[EXO_POOL_SLOTS];
_Thread_local int exo_pool_count;
