import ExoCore

/// Every exokernel and library-OS operation as a value: what a World action
/// holds, what a trace event records (`opcode` + `operands`), and what
/// `apply(to:now:)` performs. Frames are machine frame numbers; capability
/// suffixes are at most one byte in this form (-1 for none).
public enum ExoOperation: Equatable, Codable, Sendable, CustomStringConvertible {
    case createEnv
    case destroyEnv(env: Int)
    case deriveCapability(env: Int, from: Int, into: Int, suffixByte: Int, rights: Rights)
    case transferCapability(env: Int, slot: Int, to: Int, toSlot: Int)
    case dropCapability(env: Int, slot: Int)
    case revokeDerived(env: Int, slot: Int)
    case allocFrame(env: Int, frame: UInt32, capSlot: Int)
    case freeFrame(env: Int, frame: UInt32)
    case setGuaranteed(env: Int, frame: UInt32)
    case setForeignMapped(frame: UInt32, count: Int)
    case bind(env: Int, vpage: Int, frame: UInt32, rights: Rights, capSlot: Int)
    case unbind(env: Int, vpage: Int)
    case access(env: Int, cpu: Int, vpage: Int, write: Bool)
    case requestRevocation(env: Int, frame: UInt32)
    case relinquish(env: Int, frame: UInt32)
    case handleRepossession(env: Int)
    case allocSlice(env: Int, slice: Int)
    case freeSlice(env: Int, slice: Int)
    case dispatch(cpu: Int)
    case yieldCPU(env: Int, cpu: Int)
    case fireDue
    /// Carries its program; the operands record only the environment and length.
    case installFilter(env: Int, program: [FilterInstruction])
    case removeFilter(env: Int)
    /// Carries its packet; the operands record only its length.
    case deliverPacket(packet: [UInt8])
    case receivePacket(env: Int)
    case spawn(env: Int, container: Int)
    case exitProcess(env: Int, pid: Int)
    case schedule(env: Int)
    case grantContainers(env: Int, from: Int, to: Int)
    case pagerMap(env: Int, pid: Int, page: Int, frame: UInt32, writable: Bool, capSlot: Int)
    case pagerRefill(env: Int, pid: Int, page: Int)
    case pagerUnmap(env: Int, pid: Int, page: Int)
    case share(env: Int, from: Int, page: Int, to: Int, toPage: Int, writable: Bool)
    case ipcSend(env: Int, from: Int, to: Int, payload: UInt8, transfer: Bool)
    case setRingFrame(env: Int, pid: Int, frame: UInt32)
    case ipcSendRemote(env: Int, from: Int, toEnv: Int, to: Int, payload: UInt8, capSlot: Int)
    case ipcReceive(env: Int, pid: Int)

    /// Stable operation names, indexed by `opcode`.
    public static let names: [String] = [
        "create_env", "destroy_env", "derive_cap", "transfer_cap", "drop_cap", "revoke_derived",
        "alloc_frame", "free_frame", "set_guaranteed", "set_foreign_mapped", "bind", "unbind", "access",
        "request_revocation", "relinquish", "handle_repossession", "alloc_slice", "free_slice", "dispatch",
        "yield_cpu", "fire_due", "install_filter", "remove_filter", "deliver_packet", "receive_packet",
        "spawn", "exit_process", "schedule", "grant_containers", "pager_map", "pager_refill", "pager_unmap",
        "share", "ipc_send", "set_ring_frame", "ipc_send_remote", "ipc_receive",
    ]

    public var name: String { ExoOperation.names[Int(opcode)] }

    /// `name(operand, ...)`, as timelines print it.
    public var description: String { "\(name)(" + operands.values.map(String.init).joined(separator: ", ") + ")" }

    private static func i(_ v: Int) -> Int32 { Int32(truncatingIfNeeded: v) }
    private static func f(_ v: UInt32) -> Int32 { Int32(bitPattern: v) }
    private static func b(_ v: Bool) -> Int32 { v ? 1 : 0 }

    /// The opcode and operands a trace event records.
    public var opcode: UInt16 { encoded.0 }
    public var operands: Operands { Operands(encoded.1) }

    private var encoded: (UInt16, [Int32]) {
        typealias O = ExoOperation
        switch self {
        case .createEnv: return (0, [])
        case .destroyEnv(let e): return (1, [O.i(e)])
        case .deriveCapability(let e, let from, let into, let sfx, let r): return (2, [O.i(e), O.i(from), O.i(into), O.i(sfx), Int32(r.rawValue)])
        case .transferCapability(let e, let s, let to, let ts): return (3, [O.i(e), O.i(s), O.i(to), O.i(ts)])
        case .dropCapability(let e, let s): return (4, [O.i(e), O.i(s)])
        case .revokeDerived(let e, let s): return (5, [O.i(e), O.i(s)])
        case .allocFrame(let e, let fr, let s): return (6, [O.i(e), O.f(fr), O.i(s)])
        case .freeFrame(let e, let fr): return (7, [O.i(e), O.f(fr)])
        case .setGuaranteed(let e, let fr): return (8, [O.i(e), O.f(fr)])
        case .setForeignMapped(let fr, let c): return (9, [O.f(fr), O.i(c)])
        case .bind(let e, let v, let fr, let r, let s): return (10, [O.i(e), O.i(v), O.f(fr), Int32(r.rawValue), O.i(s)])
        case .unbind(let e, let v): return (11, [O.i(e), O.i(v)])
        case .access(let e, let c, let v, let w): return (12, [O.i(e), O.i(c), O.i(v), O.b(w)])
        case .requestRevocation(let e, let fr): return (13, [O.i(e), O.f(fr)])
        case .relinquish(let e, let fr): return (14, [O.i(e), O.f(fr)])
        case .handleRepossession(let e): return (15, [O.i(e)])
        case .allocSlice(let e, let s): return (16, [O.i(e), O.i(s)])
        case .freeSlice(let e, let s): return (17, [O.i(e), O.i(s)])
        case .dispatch(let c): return (18, [O.i(c)])
        case .yieldCPU(let e, let c): return (19, [O.i(e), O.i(c)])
        case .fireDue: return (20, [])
        case .installFilter(let e, let p): return (21, [O.i(e), O.i(p.count)])
        case .removeFilter(let e): return (22, [O.i(e)])
        case .deliverPacket(let p): return (23, [O.i(p.count)])
        case .receivePacket(let e): return (24, [O.i(e)])
        case .spawn(let e, let c): return (25, [O.i(e), O.i(c)])
        case .exitProcess(let e, let p): return (26, [O.i(e), O.i(p)])
        case .schedule(let e): return (27, [O.i(e)])
        case .grantContainers(let e, let from, let to): return (28, [O.i(e), O.i(from), O.i(to)])
        case .pagerMap(let e, let p, let pg, let fr, let w, let s): return (29, [O.i(e), O.i(p), O.i(pg), O.f(fr), O.b(w), O.i(s)])
        case .pagerRefill(let e, let p, let pg): return (30, [O.i(e), O.i(p), O.i(pg)])
        case .pagerUnmap(let e, let p, let pg): return (31, [O.i(e), O.i(p), O.i(pg)])
        case .share(let e, let from, let pg, let to, let tp, let w): return (32, [O.i(e), O.i(from), O.i(pg), O.i(to), O.i(tp), O.b(w)])
        case .ipcSend(let e, let from, let to, let pl, let t): return (33, [O.i(e), O.i(from), O.i(to), Int32(pl), O.b(t)])
        case .setRingFrame(let e, let p, let fr): return (34, [O.i(e), O.i(p), O.f(fr)])
        case .ipcSendRemote(let e, let from, let te, let to, let pl, let s): return (35, [O.i(e), O.i(from), O.i(te), O.i(to), Int32(pl), O.i(s)])
        case .ipcReceive(let e, let p): return (36, [O.i(e), O.i(p)])
        }
    }

    /// Rebuilds an operation from a trace event; nil for an unknown opcode,
    /// a wrong operand count, or the two operations whose payload the
    /// operands do not carry (`install_filter`, `deliver_packet`: the World
    /// keeps those payloads in its spec).
    public init?(opcode: UInt16, operands: Operands) {
        let v = operands.values
        let arity = [0, 1, 5, 4, 2, 2, 3, 2, 2, 2, 5, 2, 4, 2, 2, 1, 2, 2, 1, 2, 0, 2, 1, 1, 1, 2, 2, 1, 3, 6, 3, 3, 6, 5, 3, 6, 2]
        guard Int(opcode) < arity.count, v.count == arity[Int(opcode)] else { return nil }
        func n(_ k: Int) -> Int { Int(v[k]) }
        func fr(_ k: Int) -> UInt32 { UInt32(bitPattern: v[k]) }
        func r(_ k: Int) -> Rights { Rights(rawValue: UInt8(truncatingIfNeeded: v[k])) }
        func bo(_ k: Int) -> Bool { v[k] != 0 }
        func by(_ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: v[k]) }
        switch opcode {
        case 0: self = .createEnv
        case 1: self = .destroyEnv(env: n(0))
        case 2: self = .deriveCapability(env: n(0), from: n(1), into: n(2), suffixByte: n(3), rights: r(4))
        case 3: self = .transferCapability(env: n(0), slot: n(1), to: n(2), toSlot: n(3))
        case 4: self = .dropCapability(env: n(0), slot: n(1))
        case 5: self = .revokeDerived(env: n(0), slot: n(1))
        case 6: self = .allocFrame(env: n(0), frame: fr(1), capSlot: n(2))
        case 7: self = .freeFrame(env: n(0), frame: fr(1))
        case 8: self = .setGuaranteed(env: n(0), frame: fr(1))
        case 9: self = .setForeignMapped(frame: fr(0), count: n(1))
        case 10: self = .bind(env: n(0), vpage: n(1), frame: fr(2), rights: r(3), capSlot: n(4))
        case 11: self = .unbind(env: n(0), vpage: n(1))
        case 12: self = .access(env: n(0), cpu: n(1), vpage: n(2), write: bo(3))
        case 13: self = .requestRevocation(env: n(0), frame: fr(1))
        case 14: self = .relinquish(env: n(0), frame: fr(1))
        case 15: self = .handleRepossession(env: n(0))
        case 16: self = .allocSlice(env: n(0), slice: n(1))
        case 17: self = .freeSlice(env: n(0), slice: n(1))
        case 18: self = .dispatch(cpu: n(0))
        case 19: self = .yieldCPU(env: n(0), cpu: n(1))
        case 20: self = .fireDue
        case 22: self = .removeFilter(env: n(0))
        case 24: self = .receivePacket(env: n(0))
        case 25: self = .spawn(env: n(0), container: n(1))
        case 26: self = .exitProcess(env: n(0), pid: n(1))
        case 27: self = .schedule(env: n(0))
        case 28: self = .grantContainers(env: n(0), from: n(1), to: n(2))
        case 29: self = .pagerMap(env: n(0), pid: n(1), page: n(2), frame: fr(3), writable: bo(4), capSlot: n(5))
        case 30: self = .pagerRefill(env: n(0), pid: n(1), page: n(2))
        case 31: self = .pagerUnmap(env: n(0), pid: n(1), page: n(2))
        case 32: self = .share(env: n(0), from: n(1), page: n(2), to: n(3), toPage: n(4), writable: bo(5))
        case 33: self = .ipcSend(env: n(0), from: n(1), to: n(2), payload: by(3), transfer: bo(4))
        case 34: self = .setRingFrame(env: n(0), pid: n(1), frame: fr(2))
        case 35: self = .ipcSendRemote(env: n(0), from: n(1), toEnv: n(2), to: n(3), payload: by(4), capSlot: n(5))
        case 36: self = .ipcReceive(env: n(0), pid: n(1))
        default: return nil
        }
    }
}

extension Exokernel {
    /// Performs `op` at time `now` and returns the trace result: the status
    /// (0 ok, negative refused), or on success the value the operation
    /// returns — the new environment id (`create_env`), pid (`spawn`,
    /// `schedule`), message payload (`ipc_receive`), packet length
    /// (`receive_packet`), bitmask of accepting environments below 31
    /// (`deliver_packet`), number of things fired (`fire_due`), or the
    /// `AccessOutcome` raw value (`access`).
    public mutating func apply(_ op: ExoOperation, now: Tick) -> Int32 {
        advance(now)
        func st(_ s: ExoStatus) -> Int32 { s.rawValue }
        func val(_ s: ExoStatus, _ v: Int) -> Int32 { s == .ok ? Int32(truncatingIfNeeded: v) : s.rawValue }
        switch op {
        case .createEnv: let r = createEnv(); return val(r.status, r.env)
        case .destroyEnv(let e): return st(destroyEnv(e, now: now))
        case .deriveCapability(let e, let from, let into, let sfx, let r):
            return st(deriveCapability(e, from: from, into: into, suffix: sfx < 0 ? [] : [UInt8(truncatingIfNeeded: sfx)], rights: r))
        case .transferCapability(let e, let s, let to, let ts): return st(transferCapability(e, slot: s, to: to, toSlot: ts))
        case .dropCapability(let e, let s): return st(dropCapability(e, slot: s))
        case .revokeDerived(let e, let s): return st(revokeDerived(e, slot: s))
        case .allocFrame(let e, let f, let s): return st(allocFrame(e, frame: f, capSlot: s))
        case .freeFrame(let e, let f): return st(freeFrame(e, frame: f, now: now))
        case .setGuaranteed(let e, let f): return st(setGuaranteed(e, frame: f))
        case .setForeignMapped(let f, let c): return st(setForeignMapped(f, count: c))
        case .bind(let e, let v, let f, let r, let s): return st(bind(e, vpage: v, frame: f, rights: r, capSlot: s))
        case .unbind(let e, let v): return st(unbind(e, vpage: v))
        case .access(let e, let c, let v, let w): return access(e, cpu: c, vpage: v, write: w).rawValue
        case .requestRevocation(let e, let f): return st(requestRevocation(e, frame: f, now: now))
        case .relinquish(let e, let f): return st(relinquish(e, frame: f, now: now))
        case .handleRepossession(let e): return st(handleRepossession(e))
        case .allocSlice(let e, let s): return st(allocSlice(e, slice: s))
        case .freeSlice(let e, let s): return st(freeSlice(e, slice: s))
        case .dispatch(let c): return st(dispatch(cpu: c, now: now))
        case .yieldCPU(let e, let c): return st(yieldCPU(e, cpu: c, now: now))
        case .fireDue: return Int32(truncatingIfNeeded: fireDue(now: now))
        case .installFilter(let e, let p): return st(installFilter(e, program: p))
        case .removeFilter(let e): return st(removeFilter(e))
        case .deliverPacket(let p):
            let r = deliverPacket(p)
            return val(r.status, r.accepted.filter { $0 < 31 }.reduce(0) { $0 | (1 << $1) })
        case .receivePacket(let e): let r = receivePacket(e); return val(r.status, r.packet.count)
        case .spawn(let e, let c): let r = spawn(e, container: c); return val(r.status, r.pid)
        case .exitProcess(let e, let p): return st(exitProcess(e, pid: p))
        case .schedule(let e): let r = schedule(e); return val(r.status, r.pid)
        case .grantContainers(let e, let from, let to): return st(grantContainers(e, from: from, to: to))
        case .pagerMap(let e, let p, let pg, let f, let w, let s): return st(pagerMap(e, pid: p, page: pg, frame: f, writable: w, capSlot: s))
        case .pagerRefill(let e, let p, let pg): return st(pagerRefill(e, pid: p, page: pg))
        case .pagerUnmap(let e, let p, let pg): return st(pagerUnmap(e, pid: p, page: pg))
        case .share(let e, let from, let pg, let to, let tp, let w): return st(share(e, from: from, page: pg, to: to, toPage: tp, writable: w))
        case .ipcSend(let e, let from, let to, let pl, let t): return st(ipcSend(e, from: from, to: to, payload: pl, transfer: t))
        case .setRingFrame(let e, let p, let f): return st(setRingFrame(e, pid: p, frame: f))
        case .ipcSendRemote(let e, let from, let te, let to, let pl, let s):
            return st(ipcSendRemote(e, from: from, toEnv: te, to: to, payload: pl, capSlot: s))
        case .ipcReceive(let e, let p): let r = ipcReceive(e, pid: p); return val(r.status, Int(r.message?.payload ?? 0))
        }
    }
}
