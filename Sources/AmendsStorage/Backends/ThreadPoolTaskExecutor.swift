import NIOPosix

/// Runs a task's jobs on a NIO thread pool, for code that prefers it with `withTaskExecutorPreference`.
///
/// A write transaction is a chain of awaits, one per statement, and sqlite-nio runs each statement on the
/// connection's thread pool and resumes the caller from there. Left to the concurrency pool, every resumption would
/// queue behind the requests being read and analysed, and wake another thread: measured on two cores, intake fell to
/// about half. With the writer's one-thread pool as the task's executor, the resumed code is queued on the thread that
/// just ran the statement, which takes it up without sleeping, so a transaction runs on that one thread from BEGIN to
/// COMMIT, as a synchronous SQLite binding would.
final class ThreadPoolTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let pool: NIOThreadPool

    init(_ pool: NIOThreadPool) { self.pool = pool }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // A job is run even while the pool shuts down: dropping it would leave its task suspended for ever.
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
