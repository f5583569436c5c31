/// A point in a spec's text: 1-based line and column (columns count Unicode
/// scalars, so a caret lines up under plain text), plus the UTF-8 byte offset
/// used for ordering.
public struct SourceLocation: Equatable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (a: Self, b: Self) -> Bool { a.offset < b.offset }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span of text, `start..<end`. Every AST node carries one so that
/// elaboration can point at exactly what it rejects.
///
/// Ranges take part in `==` like any other field. To compare two trees
/// *modulo positions* (say, a spec and the re-parse of its formatted form),
/// encode both with `SourceRange.omittedKey` set to `true` in the encoder's
/// `userInfo`: ranges then encode as nothing.
public struct SourceRange: Equatable, Codable, Sendable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func joined(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var description: String { "\(start)-\(end)" }

    /// A `userInfo` key: when its value is `true`, ranges encode to nothing.
    public static let omittedKey = CodingUserInfoKey(rawValue: "exocheck.spec.omitRanges")!

    enum CodingKeys: CodingKey { case start, end }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let zero = SourceLocation(line: 0, column: 0, offset: 0)
        start = try c.decodeIfPresent(SourceLocation.self, forKey: .start) ?? zero
        end = try c.decodeIfPresent(SourceLocation.self, forKey: .end) ?? zero
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if encoder.userInfo[SourceRange.omittedKey] as? Bool == true { return }
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
    }
}

/// A spec's text with its file name and an index of line starts, so that
/// diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    /// The text as UTF-8 bytes (what the lexer reads).
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// The 1-based column of every byte offset (and of the end), so that a
    /// location costs a binary search, not a walk along a long line.
    private let columns: [Int32]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        var columns = [Int32](repeating: 1, count: bytes.count + 1)
        var column: Int32 = 1
        for (i, b) in bytes.enumerated() {
            columns[i] = column
            // A continuation byte does not start a new column.
            if b & 0xC0 != 0x80 { column &+= 1 }
            if b == UInt8(ascii: "\n") {
                starts.append(i + 1)
                column = 1
            }
        }
        columns[bytes.count] = column
        self.lineStarts = starts
        self.columns = columns
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based line `n` without its line terminator; empty when
    /// `n` is out of range.
    public func line(_ n: Int) -> String {
        guard n >= 1, n <= lineStarts.count else { return "" }
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The location of byte `offset` (clamped to the text).
    public func location(ofOffset offset: Int) -> SourceLocation {
        let off = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1, column: Int(columns[off]), offset: off)
    }

    /// The range covering bytes `start..<end`.
    public func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(location(ofOffset: start), location(ofOffset: max(start, end)))
    }
}
