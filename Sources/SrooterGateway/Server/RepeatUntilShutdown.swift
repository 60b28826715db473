import ServiceLifecycle

/// Runs `body` every `interval` until the task is cancelled or the service group shuts down
/// gracefully (the sleep is cut short then; `body` is not run again).
func repeatUntilShutdown(every interval: Duration, _ body: () async -> Void) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        } catch {
            return
        }
        await body()
    }
}
