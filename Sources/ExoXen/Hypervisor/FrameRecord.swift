import ExoCore

/// Who holds a machine frame.
public enum FrameState: Equatable, Codable, Sendable {
    /// In the hypervisor's free pool.
    case free
    /// Allocated to a domain and on its page list.
    case owned(DomID)
    /// Given up by its owner (decrease_reservation or destruction) while
    /// foreign mappings still reference it: alive, usable by nobody new,
    /// freed when the last reference goes.
    case released(DomID)
}

/// One entry of the machine frame table.
public struct FrameRecord: Equatable, Codable, Sendable, FixedSizeEncodable {
    public var state: FrameState
    /// References held by grant mappings: one per live host part and one per
    /// live device part of every mapping of this frame.
    public var mapRefs: UInt32

    public init(state: FrameState = .free, mapRefs: UInt32 = 0) {
        self.state = state
        self.mapRefs = mapRefs
    }

    /// The domain that owns (or owned, if released) the frame.
    public var owner: DomID? {
        switch state {
        case .free: return nil
        case .owned(let d), .released(let d): return d
        }
    }

    public static var encodedSize: Int { 7 }

    public func encode(into e: inout CanonicalRecord) {
        switch state {
        case .free: e.u8(0); e.u16(0)
        case .owned(let d): e.u8(1); e.u16(d)
        case .released(let d): e.u8(2); e.u16(d)
        }
        e.u32(mapRefs)
    }
}
