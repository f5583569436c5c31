import Foundation

/// The deterministic `Codable` form of model state that snapshots store:
/// JSON with sorted keys and no pretty-printing (the same value always gives
/// the same bytes), plus a flattening of such JSON into `path = value` lines
/// for field-level diffs.
public enum StateCodec {
    /// A JSON encoder configured the one way snapshots use.
    public static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func encode<T: Encodable>(_ value: T, with encoder: JSONEncoder, file: String) throws -> [UInt8] {
        do { return Array(try encoder.encode(value)) } catch {
            throw TraceError.io(file: file, message: "state does not encode as JSON: \(error)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String, event: UInt64) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw TraceError.malformedRecord(file: file, event: event,
                                             detail: "snapshot after \(event) events does not decode as the model's state")
        }
    }

    /// Flattens JSON into `(path, value)` pairs in document order: object
    /// members as `.key`, array elements as `[i]`, scalars as their JSON text,
    /// empty containers as `{}` / `[]`. Returns nil if `json` does not parse.
    public static func flatten(_ json: [UInt8]) -> [(path: String, value: String)]? {
        guard let root = tree(json) else { return nil }
        var out: [(path: String, value: String)] = []
        root.leaves(path: "", into: &out)
        return out
    }

    /// Parses JSON into a `JSONNode` tree (scalars keep their exact text,
    /// members and elements their document order). Nil if it does not parse.
    static func tree(_ json: [UInt8]) -> JSONNode? {
        var p = JSONWalker(bytes: json)
        guard let root = p.value() else { return nil }
        p.skipSpace()
        return p.i == json.count ? root : nil
    }
}

/// JSON as `StateCodec.flatten` and `StateDiff` read it.
indirect enum JSONNode {
    /// The exact JSON text: a number, `true`, `null`, or a string with its quotes.
    case scalar(String)
    case array([JSONNode])
    /// Members in document order; keys as written, without their quotes.
    case object([(key: String, value: JSONNode)])

    /// `path = value` for every scalar and every empty container under this
    /// node, in document order (the root's path is `.`).
    func leaves(path: String, into out: inout [(path: String, value: String)]) {
        switch self {
        case .scalar(let text): out.append((JSONNode.shown(path), text))
        case .array(let elements):
            if elements.isEmpty { out.append((JSONNode.shown(path), "[]")) }
            for (n, e) in elements.enumerated() { e.leaves(path: path + "[\(n)]", into: &out) }
        case .object(let members):
            if members.isEmpty { out.append((JSONNode.shown(path), "{}")) }
            for m in members { m.value.leaves(path: path + "." + m.key, into: &out) }
        }
    }

    /// A path as lines show it: the root, whose path is empty, as `.`.
    static func shown(_ path: String) -> String { path.isEmpty ? "." : path }
}

/// A small JSON reader for `StateCodec.tree` (keeps the exact text of scalars).
private struct JSONWalker {
    let bytes: [UInt8]
    var i = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func stringText() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "\"") { i += 1; return String(decoding: bytes[start..<i], as: UTF8.self) }
            i += 1
        }
        return nil
    }

    mutating func value() -> JSONNode? {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { return nil }
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1; skipSpace()
            var members: [(key: String, value: JSONNode)] = []
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard let key = stringText() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                members.append((String(key.dropFirst().dropLast()), v))
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                return nil
            }
        case UInt8(ascii: "["):
            i += 1; skipSpace()
            var elements: [JSONNode] = []
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            while true {
                guard let v = value() else { return nil }
                elements.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
                return nil
            }
        case UInt8(ascii: "\""):
            return stringText().map { .scalar($0) }
        default:
            let start = i
            while i < bytes.count, !",]} \n\r\t".utf8.contains(bytes[i]) { i += 1 }
            guard i > start else { return nil }
            return .scalar(String(decoding: bytes[start..<i], as: UTF8.self))
        }
    }
}
