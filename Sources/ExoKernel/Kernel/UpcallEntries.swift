import ExoCore

/// Upcall entry points an environment registers (addresses in its own code;
/// the model only records them so a spec can ask that they were set).
public struct UpcallEntries: Equatable, Codable, Sendable, CanonicalEncodable {
    public var revocation: UInt32 = 0
    public var repossession: UInt32 = 0
    public var exception: UInt32 = 0
    public var epilogue: UInt32 = 0

    public init() {}

    public func encode(into e: inout CanonicalEncoder) {
        e.u32(revocation); e.u32(repossession); e.u32(exception); e.u32(epilogue)
    }
}
