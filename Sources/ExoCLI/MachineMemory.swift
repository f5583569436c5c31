#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How much memory this process may use, for the explorer's default memory
/// bound: the machine's physical memory, or the container's limit when a
/// cgroup sets a smaller one.
enum MachineMemory {
    /// Bytes available to this process, or nil when nothing says.
    static func availableBytes() -> Int? {
        var best: Int? = nil
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { best = pages * pageSize }
        // cgroup v2, then v1; "max" or a huge number means no limit.
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                best = min(best ?? limit, limit)
            }
        }
        return best
    }

    /// The default for `explore --memory-limit`: half of what is available.
    /// The bound is checked against the explorer's own estimate (tables and
    /// queued states), and the process's resident size runs about 1.3–1.7
    /// times that estimate, so half keeps a run clear of the OOM killer.
    static func defaultExploreLimit() -> Int? {
        availableBytes().map { $0 / 2 }
    }
}
