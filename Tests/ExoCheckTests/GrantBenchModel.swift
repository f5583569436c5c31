import ExoCore
@testable import ExoCheck

/// A small grant/revoke model, shaped like the Xen grant machinery, big
/// enough to benchmark the explorer. Domains allocate and free frames; each
/// domain has `entries` grant entries it can point at a frame it owns and
/// offer to another domain read-only or read-write; the grantee can map and
/// unmap it; end-access is refused while mapped. Mutant `freeWhileMapped`
/// lets a domain free a frame that a grantee still maps (breaks
/// no-reuse-while-mapped).
///
/// The state is one byte array (frame owners, then per entry: frame,
/// grantee, flags) so a step copies one buffer.
struct GrantBenchModel: Model {
    var domains: Int
    var frames: Int
    var entries: Int = 2
    var freeWhileMapped = false

    static let none: UInt8 = 0xFF
    static let readOnlyFlag: UInt8 = 1, mappedFlag: UInt8 = 2

    struct State: Equatable, Codable, CanonicalEncodable {
        var bytes: [UInt8]
        func encode(into e: inout CanonicalEncoder) { e.count(bytes.count); e.raw(bytes) }
    }

    enum Action: Equatable {
        case alloc(d: Int, f: Int), free(d: Int, f: Int)
        case grant(d: Int, k: Int, f: Int, to: Int, ro: Bool), endAccess(d: Int, k: Int)
        case map(by: Int, entry: Int), unmap(by: Int, entry: Int)
    }

    // Layout helpers.
    func owner(_ s: State, _ f: Int) -> UInt8 { s.bytes[f] }
    func base(_ entry: Int) -> Int { frames + 3 * entry }
    func entryIndex(_ d: Int, _ k: Int) -> Int { d * entries + k }

    func initialState() -> State {
        var b = Array(repeating: Self.none, count: frames)
        for _ in 0..<(domains * entries) { b.append(Self.none); b.append(Self.none); b.append(0) }
        return State(bytes: b)
    }

    func clock(of s: State) -> Tick { 0 }

    func actions(of s: State, into out: inout [Action]) {
        for d in 0..<domains {
            for f in 0..<frames {
                let o = s.bytes[f]
                if o == Self.none { out.append(.alloc(d: d, f: f)); continue }
                guard o == UInt8(d) else { continue }
                var mapped = false
                for k in 0..<entries {
                    let b = base(entryIndex(d, k))
                    if s.bytes[b] == UInt8(f) && s.bytes[b + 2] & Self.mappedFlag != 0 { mapped = true }
                }
                if !mapped || freeWhileMapped { out.append(.free(d: d, f: f)) }
                if let k = (0..<entries).first(where: { s.bytes[base(entryIndex(d, $0))] == Self.none }) {
                    for e in 0..<domains where e != d {
                        out.append(.grant(d: d, k: k, f: f, to: e, ro: true))
                        out.append(.grant(d: d, k: k, f: f, to: e, ro: false))
                    }
                }
            }
            for k in 0..<entries {
                let b = base(entryIndex(d, k))
                if s.bytes[b] != Self.none && s.bytes[b + 2] & Self.mappedFlag == 0 { out.append(.endAccess(d: d, k: k)) }
            }
            for g in 0..<(domains * entries) {
                let b = base(g)
                guard s.bytes[b] != Self.none, s.bytes[b + 1] == UInt8(d) else { continue }
                if s.bytes[b + 2] & Self.mappedFlag != 0 {
                    out.append(.unmap(by: d, entry: g))
                } else if s.bytes[Int(s.bytes[b])] == UInt8(g / entries) {
                    // Like Xen, mapping checks that the granter still owns the frame.
                    out.append(.map(by: d, entry: g))
                }
            }
        }
    }

    func apply(_ a: Action, to s: inout State) -> Event {
        switch a {
        case let .alloc(d, f):
            s.bytes[f] = UInt8(d)
            return Event(actor: UInt16(d), op: 0, operands: Operands(Int32(f)))
        case let .free(d, f):
            s.bytes[f] = Self.none
            return Event(actor: UInt16(d), op: 1, operands: Operands(Int32(f)))
        case let .grant(d, k, f, to, ro):
            let b = base(entryIndex(d, k))
            s.bytes[b] = UInt8(f); s.bytes[b + 1] = UInt8(to); s.bytes[b + 2] = ro ? Self.readOnlyFlag : 0
            return Event(actor: UInt16(d), op: 2, operands: Operands(Int32(k), Int32(f), Int32(to), ro ? 1 : 0))
        case let .endAccess(d, k):
            let b = base(entryIndex(d, k))
            s.bytes[b] = Self.none; s.bytes[b + 1] = Self.none; s.bytes[b + 2] = 0
            return Event(actor: UInt16(d), op: 3, operands: Operands(Int32(k)))
        case let .map(by, g):
            s.bytes[base(g) + 2] |= Self.mappedFlag
            return Event(actor: UInt16(by), op: 4, operands: Operands(Int32(g)))
        case let .unmap(by, g):
            s.bytes[base(g) + 2] &= ~Self.mappedFlag
            return Event(actor: UInt16(by), op: 5, operands: Operands(Int32(g)))
        }
    }

    func check(_ s: State, into v: inout [Violation]) {
        for g in 0..<(domains * entries) {
            let b = base(g)
            guard s.bytes[b] != Self.none, s.bytes[b + 2] & Self.mappedFlag != 0 else { continue }
            let f = Int(s.bytes[b])
            if s.bytes[f] != UInt8(g / entries) {
                v.append(Violation("no-reuse-while-mapped", "frame \(f) is mapped through entry \(g) but its granter no longer owns it"))
            }
        }
    }

    func operationName(_ op: UInt16) -> String {
        ["alloc", "free", "grant", "end_access", "map", "unmap"][Int(op)]
    }
}
