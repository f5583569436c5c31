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
///
/// A table record (see `TableRecord`): every byte is a field, so the
/// record's bytes are its canonical encoding. The state is kept as a kind
/// and a domain, not as the enum, whose unused payload bytes would be
/// undefined.
public struct FrameRecord: Equatable, Sendable, TableRecord {
    /// 0 free, 1 owned, 2 released.
    private var kind: UInt8 = 0
    private var reserved: UInt8 = 0
    /// The owner (0 when free).
    private var domid: DomID = 0
    /// References held by grant mappings: one per live host part and one per
    /// live device part of every mapping of this frame.
    public var mapRefs: UInt32

    public init(state: FrameState = .free, mapRefs: UInt32 = 0) {
        self.mapRefs = mapRefs
        self.state = state
    }

    /// Who holds the frame.
    public var state: FrameState {
        @inline(__always) get {
            switch kind {
            case 1: return .owned(domid)
            case 2: return .released(domid)
            default: return .free
            }
        }
        @inline(__always) set {
            switch newValue {
            case .free: kind = 0; domid = 0
            case .owned(let d): kind = 1; domid = d
            case .released(let d): kind = 2; domid = d
            }
        }
    }

    /// The domain that owns (or owned, if released) the frame.
    public var owner: DomID? {
        switch state {
        case .free: return nil
        case .owned(let d), .released(let d): return d
        }
    }

    public static var packedSize: Int { 8 }
}

extension FrameRecord: Codable {
    private enum CodingKeys: String, CodingKey { case state, mapRefs }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(state: try c.decode(FrameState.self, forKey: .state), mapRefs: try c.decode(UInt32.self, forKey: .mapRefs))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(mapRefs, forKey: .mapRefs)
    }
}
