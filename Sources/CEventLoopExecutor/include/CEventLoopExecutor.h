#ifndef SROOTER_C_EVENT_LOOP_EXECUTOR_H
#define SROOTER_C_EVENT_LOOP_EXECUTOR_H

/// Sets the Swift runtime's global enqueue hook to `hook` when no hook is set yet.
/// Returns 1 when installed, 0 when another hook was already there.
///
/// The hook is reached through the linker rather than `dlsym` (as SwiftNIO's own takeover does),
/// so it works in a binary linked with `--static-swift-stdlib`, where the runtime's symbols are
/// not exported.
int srooter_install_global_enqueue_hook(void *hook);

#endif
