#include "CEventLoopExecutor.h"

extern void *swift_task_enqueueGlobal_hook;

int srooter_install_global_enqueue_hook(void *hook) {
    void *expected = 0;
    return __atomic_compare_exchange_n(&swift_task_enqueueGlobal_hook, &expected, hook, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
