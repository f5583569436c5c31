import ExoCore

/// One hypervisor operation with its operands, as a value: what a spec
/// step asks for and what a trace records. `apply` runs it; `opcode` and
/// `operands` are its trace spelling and `init?(opcode:operands:)` reads it
/// back, so a recorded event replays to the same call.
///
/// Results follow `Event.result`: the status (0 or negative) for operations
/// that only answer a status, and the returned value (handle, port, frame,
/// table size; non-negative) on success for those that return one.
public enum XenOperation: Equatable, Codable, Sendable {
    case createDomain(DomID, maxPages: UInt32)
    case unpause(DomID)
    case populate(DomID, frame: FrameNumber)
    case decreaseReservation(DomID, frame: FrameNumber)
    case destroyDomain(DomID)
    case setupTable(DomID, nrFrames: UInt32)
    case querySize(DomID)
    case grantAccess(DomID, ref: GrantRef, to: DomID, frame: FrameNumber, readonly: Bool)
    case grantTransfer(DomID, ref: GrantRef, from: DomID)
    case endAccess(DomID, ref: GrantRef)
    case setGrantReadonly(DomID, ref: GrantRef, readonly: Bool)
    case endTransfer(DomID, ref: GrantRef)
    case mapGrantRef(DomID, granter: DomID, ref: GrantRef, flags: MapFlags, hostAddr: VirtualPage)
    case unmapGrantRef(DomID, handle: GrantHandle, parts: MapFlags)
    case unmapAndReplace(DomID, handle: GrantHandle, hostAddr: VirtualPage, newAddr: VirtualPage)
    /// A copy whose source and destination use the same page offset. In
    /// the trace spelling offset and length share one operand (13 and 18
    /// bits); larger values are clamped, which gives the same
    /// `bad_copy_arg` result.
    case copy(DomID, source: CopyTarget, dest: CopyTarget, offset: UInt32, length: UInt32)
    case transfer(DomID, frame: FrameNumber, to: DomID, ref: GrantRef)
    case allocUnbound(DomID, remote: DomID)
    case bindInterdomain(DomID, remote: DomID, remotePort: PortNumber)
    case send(DomID, port: PortNumber)
    case close(DomID, port: PortNumber)
    case setMasked(DomID, port: PortNumber, masked: Bool)
    case clearPending(DomID, port: PortNumber)

    /// Operation names, indexed by opcode.
    public static let names: [String] = [
        "create_domain", "unpause", "populate_physmap", "decrease_reservation", "destroy_domain",
        "setup_table", "query_size", "grant_access", "grant_transfer", "end_access", "set_readonly",
        "end_transfer", "map_grant_ref", "unmap_grant_ref", "unmap_and_replace", "copy", "transfer",
        "alloc_unbound", "bind_interdomain", "send", "close", "set_masked", "clear_pending",
    ]

    /// The domain issuing the operation.
    public var domain: DomID {
        switch self {
        case .createDomain(let d, _), .unpause(let d), .populate(let d, _), .decreaseReservation(let d, _),
             .destroyDomain(let d), .setupTable(let d, _), .querySize(let d), .grantAccess(let d, _, _, _, _),
             .grantTransfer(let d, _, _), .endAccess(let d, _), .setGrantReadonly(let d, _, _), .endTransfer(let d, _),
             .mapGrantRef(let d, _, _, _, _), .unmapGrantRef(let d, _, _), .unmapAndReplace(let d, _, _, _),
             .copy(let d, _, _, _, _), .transfer(let d, _, _, _), .allocUnbound(let d, _),
             .bindInterdomain(let d, _, _), .send(let d, _), .close(let d, _), .setMasked(let d, _, _),
             .clearPending(let d, _):
            return d
        }
    }

    public var opcode: UInt16 {
        switch self {
        case .createDomain: return 0
        case .unpause: return 1
        case .populate: return 2
        case .decreaseReservation: return 3
        case .destroyDomain: return 4
        case .setupTable: return 5
        case .querySize: return 6
        case .grantAccess: return 7
        case .grantTransfer: return 8
        case .endAccess: return 9
        case .setGrantReadonly: return 10
        case .endTransfer: return 11
        case .mapGrantRef: return 12
        case .unmapGrantRef: return 13
        case .unmapAndReplace: return 14
        case .copy: return 15
        case .transfer: return 16
        case .allocUnbound: return 17
        case .bindInterdomain: return 18
        case .send: return 19
        case .close: return 20
        case .setMasked: return 21
        case .clearPending: return 22
        }
    }

    public var name: String { XenOperation.names[Int(opcode)] }

    /// The operands as a trace stores them (domain first).
    public var operands: Operands {
        func i(_ v: UInt32) -> Int32 { Int32(bitPattern: v) }
        func i(_ v: UInt16) -> Int32 { Int32(v) }
        func b(_ v: Bool) -> Int32 { v ? 1 : 0 }
        switch self {
        case .createDomain(let d, let n): return Operands(i(d), i(n))
        case .unpause(let d), .destroyDomain(let d), .querySize(let d): return Operands(i(d))
        case .populate(let d, let f), .decreaseReservation(let d, let f): return Operands(i(d), i(f))
        case .setupTable(let d, let n): return Operands(i(d), i(n))
        case .grantAccess(let d, let r, let to, let f, let ro): return Operands(i(d), i(r), i(to), i(f), b(ro))
        case .grantTransfer(let d, let r, let from): return Operands(i(d), i(r), i(from))
        case .endAccess(let d, let r), .endTransfer(let d, let r): return Operands(i(d), i(r))
        case .setGrantReadonly(let d, let r, let ro): return Operands(i(d), i(r), b(ro))
        case .mapGrantRef(let d, let g, let r, let f, let a): return Operands(i(d), i(g), i(r), i(f.rawValue), i(a))
        case .unmapGrantRef(let d, let h, let p): return Operands(i(d), i(h), i(p.rawValue))
        case .unmapAndReplace(let d, let h, let a, let n): return Operands(i(d), i(h), i(a), i(n))
        case .copy(let d, let s, let t, let off, let len):
            // Side: kind in bit 16 (1 = grant) above the domain; then ref or frame.
            func side(_ c: CopyTarget) -> (Int32, Int32) {
                switch c {
                case .grant(let g, let r): return (Int32(g) | 1 << 16, i(r))
                case .frame(let g, let f): return (Int32(g), i(f))
                }
            }
            let (sd, sv) = side(s), (td, tv) = side(t)
            return Operands(i(d), sd, sv, td, tv, Int32(bitPattern: (min(off, 0x1FFF)) | (min(len, 0x3FFFF) << 13)))
        case .transfer(let d, let f, let to, let r): return Operands(i(d), i(f), i(to), i(r))
        case .allocUnbound(let d, let r): return Operands(i(d), i(r))
        case .bindInterdomain(let d, let r, let p): return Operands(i(d), i(r), i(p))
        case .send(let d, let p), .close(let d, let p), .clearPending(let d, let p): return Operands(i(d), i(p))
        case .setMasked(let d, let p, let m): return Operands(i(d), i(p), b(m))
        }
    }

    /// Reads an operation back from its trace spelling; nil if the opcode is
    /// unknown or the operand count is wrong. Operand values out of range
    /// are kept out of range (they name nothing), never wrapped onto valid ids.
    public init?(opcode: UInt16, operands o: Operands) {
        let v = o.values
        func dom(_ k: Int) -> DomID { v[k] >= 0 && v[k] <= Int32(UInt16.max) ? DomID(v[k]) : DomID.max }
        func u(_ k: Int) -> UInt32 { UInt32(bitPattern: v[k]) }
        func b(_ k: Int) -> Bool { v[k] != 0 }
        let arity: [Int] = [2, 1, 2, 2, 1, 2, 1, 5, 3, 2, 3, 2, 5, 3, 4, 6, 4, 2, 3, 2, 2, 3, 2]
        guard Int(opcode) < arity.count, v.count == arity[Int(opcode)] else { return nil }
        switch opcode {
        case 0: self = .createDomain(dom(0), maxPages: u(1))
        case 1: self = .unpause(dom(0))
        case 2: self = .populate(dom(0), frame: u(1))
        case 3: self = .decreaseReservation(dom(0), frame: u(1))
        case 4: self = .destroyDomain(dom(0))
        case 5: self = .setupTable(dom(0), nrFrames: u(1))
        case 6: self = .querySize(dom(0))
        case 7: self = .grantAccess(dom(0), ref: u(1), to: dom(2), frame: u(3), readonly: b(4))
        case 8: self = .grantTransfer(dom(0), ref: u(1), from: dom(2))
        case 9: self = .endAccess(dom(0), ref: u(1))
        case 10: self = .setGrantReadonly(dom(0), ref: u(1), readonly: b(2))
        case 11: self = .endTransfer(dom(0), ref: u(1))
        case 12: self = .mapGrantRef(dom(0), granter: dom(1), ref: u(2), flags: MapFlags(rawValue: u(3)), hostAddr: u(4))
        case 13: self = .unmapGrantRef(dom(0), handle: u(1), parts: MapFlags(rawValue: u(2)))
        case 14: self = .unmapAndReplace(dom(0), handle: u(1), hostAddr: u(2), newAddr: u(3))
        case 15:
            func side(_ k: Int) -> CopyTarget {
                let raw = u(k), d = DomID(truncatingIfNeeded: raw & 0xFFFF)
                return raw & (1 << 16) != 0 ? .grant(domain: d, ref: u(k + 1)) : .frame(domain: d, frame: u(k + 1))
            }
            self = .copy(dom(0), source: side(1), dest: side(3), offset: u(5) & 0x1FFF, length: u(5) >> 13)
        case 16: self = .transfer(dom(0), frame: u(1), to: dom(2), ref: u(3))
        case 17: self = .allocUnbound(dom(0), remote: dom(1))
        case 18: self = .bindInterdomain(dom(0), remote: dom(1), remotePort: u(2))
        case 19: self = .send(dom(0), port: u(1))
        case 20: self = .close(dom(0), port: u(1))
        case 21: self = .setMasked(dom(0), port: u(1), masked: b(2))
        default: self = .clearPending(dom(0), port: u(1))
        }
    }

    /// Runs the operation and returns its `Event.result`.
    public func apply(to hv: inout Hypervisor) -> Int32 {
        func value(_ ok: Bool, _ v: UInt32?, _ status: Int32) -> Int32 {
            ok ? Int32(truncatingIfNeeded: v ?? 0) : status
        }
        switch self {
        case .createDomain(let d, let n): return hv.createDomain(d, maxPages: n).rawValue
        case .unpause(let d): return hv.unpause(d).rawValue
        case .populate(let d, let f): return hv.populate(d, frame: f).rawValue
        case .decreaseReservation(let d, let f): return hv.decreaseReservation(d, frame: f).rawValue
        case .destroyDomain(let d): return hv.destroyDomain(d).rawValue
        case .setupTable(let d, let n): return hv.setupTable(d, nrFrames: n).rawValue
        case .querySize(let d):
            let q = hv.querySize(d)
            return value(q.status == .okay, q.nrFrames, q.status.rawValue)
        case .grantAccess(let d, let r, let to, let f, let ro): return hv.grantAccess(d, ref: r, to: to, frame: f, readonly: ro).rawValue
        case .grantTransfer(let d, let r, let from): return hv.grantTransfer(d, ref: r, from: from).rawValue
        case .endAccess(let d, let r): return hv.endAccess(d, ref: r).rawValue
        case .setGrantReadonly(let d, let r, let ro): return hv.setGrantReadonly(d, ref: r, readonly: ro).rawValue
        case .endTransfer(let d, let r):
            // The frame received, or 0 with okay when the offer was withdrawn.
            let t = hv.endTransfer(d, ref: r)
            return value(t.status == .okay, t.frame, t.status.rawValue)
        case .mapGrantRef(let d, let g, let r, let f, let a):
            let m = hv.mapGrantRef(d, granter: g, ref: r, flags: f, hostAddr: a)
            return value(m.status == .okay, m.handle, m.status.rawValue)
        case .unmapGrantRef(let d, let h, let p): return hv.unmapGrantRef(d, handle: h, parts: p).rawValue
        case .unmapAndReplace(let d, let h, let a, let n): return hv.unmapAndReplace(d, handle: h, hostAddr: a, newAddr: n).rawValue
        case .copy(let d, let s, let t, let off, let len):
            return hv.copy(d, source: s, sourceOffset: off, dest: t, destOffset: off, length: len).rawValue
        case .transfer(let d, let f, let to, let r): return hv.transfer(d, frame: f, to: to, ref: r).rawValue
        case .allocUnbound(let d, let r):
            let a = hv.allocUnbound(d, remote: r)
            return value(a.status == .okay, a.port, a.status.rawValue)
        case .bindInterdomain(let d, let r, let p):
            let b = hv.bindInterdomain(d, remote: r, remotePort: p)
            return value(b.status == .okay, b.port, b.status.rawValue)
        case .send(let d, let p): return hv.send(d, port: p).rawValue
        case .close(let d, let p): return hv.close(d, port: p).rawValue
        case .setMasked(let d, let p, let m): return hv.setMasked(d, port: p, masked: m).rawValue
        case .clearPending(let d, let p): return hv.clearPending(d, port: p) ? 1 : 0
        }
    }

    /// One line for timelines, e.g. `d1 map_grant_ref(0, 0, 2, 3) -> 0`.
    public func describe(result: Int32) -> String {
        "d\(domain) \(name)(" + operands.values.dropFirst().map(String.init).joined(separator: ", ") + ") -> \(result)"
    }
}
