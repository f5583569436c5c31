/// Constants of the trace format (see docs/trace-format.md).
public enum TraceFormat {
    /// The first 8 bytes of the uncompressed stream.
    public static let magic: [UInt8] = Array("EXOTRACE".utf8)
    /// The format version this code writes and the newest it reads.
    public static let version: UInt16 = 1
    /// Default snapshot interval K (events between full state snapshots).
    public static let defaultSnapshotInterval: UInt64 = 4096
    /// Default deflate level.
    public static let defaultLevel: Int32 = 3

    /// Record tags.
    static let tagEvent: UInt8 = 0x01
    static let tagSnapshot: UInt8 = 0x02
    static let tagFooter: UInt8 = 0x03
    static let tagTail: UInt8 = 0x04
    /// The tail's own magic, after its tag.
    static let tailMagic: [UInt8] = Array("EXOTAIL\0".utf8)
    /// Tail payload: tag, magic, footer member offset, event count, final chain.
    static let tailPayloadSize = 1 + 8 + 8 + 8 + 8
    /// The tail member's total size: header, stored-block header, payload, trailer.
    static let tailMemberSize = GzipFraming.headerSize + 5 + tailPayloadSize + GzipFraming.trailerSize

    /// Limits that keep a malformed file from asking for absurd allocations.
    static let maxStringBytes = 1 << 26
    static let maxStateBytes = 1 << 30
    static let maxMetadata = 1 << 16
    static let maxIndexEntries = 1 << 32
}

/// How the trace came to be.
public enum RunMode: UInt8, Codable, Equatable, Sendable, CustomStringConvertible {
    /// `simulate`: a seeded random run.
    case seededRun = 0
    /// A counterexample found by the explorer.
    case counterexample = 1
    /// Any other path the explorer wrote out.
    case explorePath = 2

    public var description: String {
        switch self {
        case .seededRun: return "seeded-run"
        case .counterexample: return "counterexample"
        case .explorePath: return "explore-path"
        }
    }
}
