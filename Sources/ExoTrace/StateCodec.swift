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
        var p = FlatJSON(bytes: json)
        var out: [(path: String, value: String)] = []
        guard p.value(path: "", into: &out) else { return nil }
        p.skipSpace()
        return p.i == json.count ? out : nil
    }
}

/// A small JSON walker for `StateCodec.flatten` (keeps the exact text of scalars).
private struct FlatJSON {
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

    mutating func value(path: String, into out: inout [(path: String, value: String)]) -> Bool {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { return false }
        skipSpace()
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1; skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; out.append((path.isEmpty ? "." : path, "{}")); return true }
            while true {
                skipSpace()
                guard let key = stringText() else { return false }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
                i += 1
                guard value(path: path + "." + key.dropFirst().dropLast(), into: &out) else { return false }
                skipSpace()
                guard i < bytes.count else { return false }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return true }
                return false
            }
        case UInt8(ascii: "["):
            i += 1; skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; out.append((path.isEmpty ? "." : path, "[]")); return true }
            var n = 0
            while true {
                guard value(path: path + "[\(n)]", into: &out) else { return false }
                n += 1
                skipSpace()
                guard i < bytes.count else { return false }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return true }
                return false
            }
        case UInt8(ascii: "\""):
            guard let s = stringText() else { return false }
            out.append((path.isEmpty ? "." : path, s))
            return true
        default:
            let start = i
            while i < bytes.count, !",]} \n\r\t".utf8.contains(bytes[i]) { i += 1 }
            guard i > start else { return false }
            out.append((path.isEmpty ? "." : path, String(decoding: bytes[start..<i], as: UTF8.self)))
            return true
        }
    }
}
