import ExoCore

/// Where a jump goes: straight to a verdict, or to an instruction index.
public enum FilterTarget: Equatable, Codable, Sendable, CanonicalEncodable {
    case accept
    case reject
    case at(Int)

    public func encode(into e: inout CanonicalEncoder) {
        switch self {
        case .accept: e.u8(0)
        case .reject: e.u8(1)
        case .at(let i): e.u8(2); e.int(i)
        }
    }
}
