/// Everything that can go wrong reading or writing a trace. The description
/// always starts with the file name, so the CLI can print it as is.
///
/// `chainMismatch` means the file is well formed but its records do not hash
/// to the chain values stored in it: the CLI treats it as a divergence (exit
/// 1). Every other case is bad input or an I/O failure (exit 2).
public enum TraceError: Error, Equatable, CustomStringConvertible {
    case missingFile(file: String)
    case io(file: String, message: String)
    case notGzip(file: String)
    /// The file is gzip but a member lacks our size field: not written by exocheck.
    case notATrace(file: String, detail: String)
    case truncated(file: String, detail: String)
    case crcMismatch(file: String, memberOffset: UInt64)
    case sizeMismatch(file: String, memberOffset: UInt64)
    case corruptDeflate(file: String, memberOffset: UInt64, detail: String)
    case wrongMagic(file: String)
    case newerVersion(file: String, found: UInt16, supported: UInt16)
    case specDigestMismatch(file: String, stored: Fingerprint128, actual: Fingerprint128)
    /// A record does not parse. `event` is the number of the event being read
    /// (events are numbered from 1) or 0 in the header.
    case malformedRecord(file: String, event: UInt64, detail: String)
    /// The footer, its snapshot index or the tail after it is malformed or
    /// disagrees with the records it describes.
    case malformedFooter(file: String, detail: String)
    /// The records up to `event` do not hash to the chain value stored there.
    case chainMismatch(file: String, event: UInt64, stored: UInt64, computed: UInt64)
    /// A request the trace cannot satisfy (e.g. `--from` beyond the end).
    case invalidRequest(file: String, detail: String)

    /// True for the one case the CLI reports as a divergence rather than bad input.
    public var isDivergence: Bool {
        if case .chainMismatch = self { return true }
        return false
    }

    /// The message without the leading `file: `, to quote inside another
    /// error about the same file.
    var detailWithoutFile: String {
        let d = description, prefix = "\(file): "
        return d.hasPrefix(prefix) ? String(d.dropFirst(prefix.count)) : d
    }

    /// A CRC or ISIZE error: the member is where it should be but its bytes
    /// are damaged (as opposed to a pointer into the file that is wrong).
    var isDamagedMember: Bool {
        switch self {
        case .crcMismatch, .sizeMismatch: return true
        default: return false
        }
    }

    public var file: String {
        switch self {
        case .missingFile(let f), .io(let f, _), .notGzip(let f), .notATrace(let f, _),
             .truncated(let f, _), .crcMismatch(let f, _), .sizeMismatch(let f, _),
             .corruptDeflate(let f, _, _), .wrongMagic(let f), .newerVersion(let f, _, _),
             .specDigestMismatch(let f, _, _), .malformedRecord(let f, _, _), .malformedFooter(let f, _),
             .chainMismatch(let f, _, _, _), .invalidRequest(let f, _):
            return f
        }
    }

    public var description: String {
        switch self {
        case .missingFile(let f): return "\(f): no such file"
        case .io(let f, let m): return "\(f): \(m)"
        case .notGzip(let f): return "\(f): not a gzip file"
        case .notATrace(let f, let d): return "\(f): not an exocheck trace (\(d))"
        case .truncated(let f, let d): return "\(f): truncated (\(d))"
        case .crcMismatch(let f, let o): return "\(f): CRC32 error in gzip member at byte \(o)"
        case .sizeMismatch(let f, let o): return "\(f): ISIZE error in gzip member at byte \(o)"
        case .corruptDeflate(let f, let o, let d): return "\(f): corrupt deflate data in gzip member at byte \(o) (\(d))"
        case .wrongMagic(let f): return "\(f): wrong magic (not an EXOTRACE stream)"
        case .newerVersion(let f, let found, let supported):
            return "\(f): trace format version \(found) is newer than this exocheck reads (\(supported))"
        case .specDigestMismatch(let f, let s, let a):
            return "\(f): spec digest mismatch (stored \(s), spec text hashes to \(a))"
        case .malformedRecord(let f, let e, let d):
            return e == 0 ? "\(f): header: malformed (\(d))" : "\(f): event \(e): malformed record (\(d))"
        case .malformedFooter(let f, let d): return "\(f): footer: malformed (\(d))"
        case .chainMismatch(let f, let e, let s, let c):
            return "\(f): event \(e): chain mismatch (stored \(hex64(s)), records hash to \(hex64(c)))"
        case .invalidRequest(let f, let d): return "\(f): \(d)"
        }
    }
}

import ExoCore
