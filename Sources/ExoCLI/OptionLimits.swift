import ArgumentParser

/// Bounds on numeric options that every command taking them checks the
/// same way: a value outside is a usage error (exit 2), never a run that
/// overflows or starts a hundred thousand threads.
enum OptionLimits {
    /// Worker threads: at least one, at most this many.
    static let maxJobs = 1024
    /// `--memory-limit` in MiB (a PiB: anything larger would overflow once
    /// turned into bytes).
    static let maxMemoryLimitMiB = 1 << 30

    static func checkJobs(_ jobs: Int?) throws {
        guard let jobs else { return }
        guard jobs >= 1, jobs <= maxJobs else { throw ValidationError("--jobs must be in 1...\(maxJobs)") }
    }

    static func checkMemoryLimit(_ mib: Int?) throws {
        guard let mib else { return }
        guard mib >= 1, mib <= maxMemoryLimitMiB else {
            throw ValidationError("--memory-limit must be in 1...\(maxMemoryLimitMiB) MiB")
        }
    }

    static func checkTimeLimit(_ seconds: Double?) throws {
        guard let seconds else { return }
        guard seconds.isFinite, seconds > 0 else {
            throw ValidationError("--time-limit must be a positive, finite number of seconds")
        }
    }
}
