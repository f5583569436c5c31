import ExoCore

/// The library OS linked into one environment: processes, which process
/// each frame was given to, container grants and the scheduler's cursor.
public struct LibOSState: Equatable, Codable, Sendable, CanonicalEncodable {
    public var processes: [LibProcess]
    /// Per kernel frame index: the process the pager gave it to, or -1.
    public var holder: [Int]
    /// Row-major `containers x containers`: IPC and sharing from row to column allowed.
    public var grants: [Bool]
    /// The process the library-OS scheduler runs, or -1.
    public var current: Int = -1

    public init(config: ExoConfig, frames: Int) {
        processes = Array(repeating: LibProcess(pages: config.pagesPerProcess, peers: config.maxEnvs * config.maxProcesses),
                          count: config.maxProcesses)
        holder = Array(repeating: -1, count: frames)
        let c = config.maxContainers
        grants = (0..<(c * c)).map { $0 / c == $0 % c }
    }

    public func encode(into e: inout CanonicalEncoder) {
        withUnsafePointer(to: self) { LibOSState.encode(at: $0, into: &e) }
    }

    /// `encode(into:)` of the library OS at `l`, read in place.
    @inline(__always) static func encode(at l: UnsafePointer<LibOSState>, into e: inout CanonicalEncoder) {
        e.array(at: l.pointer(to: \.processes)!) { LibProcess.encode(at: $0, into: &$1) }
        e.smallArray(at: l.pointer(to: \.holder)!); e.array(at: l.pointer(to: \.grants)!); e.small(l.pointee.current)
    }
}
