import ExoCore

/// Partial-order reduction: which resources each step touches.
///
/// Resources are 64 classes: frames (folded into 24 bits), and per domain
/// (folded into 8) its grant table, its maptrack, its event channels and
/// its memory reservation; plus the hypervisor's free pool, the exokernel,
/// the unikernel libraries and vchans. Anything we cannot pin down is
/// over-approximated (all frames, all domains), which only costs reduction,
/// never soundness. Every invariant's clauses read only resources in these
/// classes, as docs/explorer.md requires.
enum Resources {
    static let frames: UInt64 = (1 << 24) - 1
    static func frame(_ f: Int32) -> UInt64 { f >= 0 ? 1 << UInt64(f % 24) : frames }
    static func grants(_ d: Int32) -> UInt64 { 1 << (24 + UInt64(d & 7)) }
    static func maptrack(_ d: Int32) -> UInt64 { 1 << (32 + UInt64(d & 7)) }
    static func ports(_ d: Int32) -> UInt64 { 1 << (40 + UInt64(d & 7)) }
    static func memory(_ d: Int32) -> UInt64 { 1 << (48 + UInt64(d & 7)) }
    static let allGrants: UInt64 = 0xFF << 24
    static let allMaptracks: UInt64 = 0xFF << 32
    static let allPorts: UInt64 = 0xFF << 40
    static let allMemory: UInt64 = 0xFF << 48
    static let pool: UInt64 = 1 << 56
    static let exokernel: UInt64 = 1 << 57
    static let guestLibrary: UInt64 = 1 << 58
    static let all: UInt64 = ~0
}

extension SystemModel {
    /// What a call touches, given its caller and its operands where known
    /// (`nil` for an operand means "any value").
    static func touches(_ op: Op, caller: Principal, _ arg: (Int) -> Int32?) -> UInt64 {
        guard case .domain(let me) = caller else {
            // Environments and the kernel: the exokernel, the frames, and
            // (exo_grant, destroy) the hypervisor. Kept coarse.
            return op == .destroyDomain ? Resources.all : Resources.exokernel | Resources.frames | Resources.allGrants | Resources.allMaptracks | Resources.allMemory | Resources.pool
        }
        func dom(_ i: Int, _ f: (Int32) -> UInt64, all: UInt64) -> UInt64 { arg(i).map(f) ?? all }
        let mine = Resources.memory(me) | Resources.guestLibrary
        switch op {
        case .alloc, .free:
            return Resources.pool | mine | Resources.frames | Resources.grants(me) | Resources.allMaptracks
        case .grantAccess, .endAccess, .setReadonly, .acceptTransfer:
            return Resources.grants(me) | mine | (arg(1).map(Resources.frame) ?? Resources.frames)
        case .mapGrantRef:
            return Resources.maptrack(me) | dom(0, Resources.grants, all: Resources.allGrants) | Resources.frames | mine
        case .unmapGrantRef, .unmapAndReplace:
            return Resources.maptrack(me) | Resources.allGrants | Resources.frames | mine
        case .copyFromGrant, .copyToGrant:
            return dom(op == .copyFromGrant ? 0 : 1, Resources.grants, all: Resources.allGrants) | Resources.frames | mine
        case .transfer:
            return Resources.all
        case .evtchnAllocUnbound, .evtchnBind:
            return Resources.ports(me) | dom(0, Resources.ports, all: Resources.allPorts)
        case .evtchnSend, .evtchnClose:
            return Resources.ports(me) | Resources.allPorts
        case .mapped:
            return Resources.grants(me)
        case .pending:
            return Resources.ports(me)
        default:
            return Resources.all
        }
    }

    /// A step's footprint is worked out when `actions` lists it
    /// (`Choice.touches`), from its call and resolved operands.
    public func footprint(of action: Choice, in state: World) -> Footprint? {
        guard action.kind == .step else { return nil }
        return Footprint(actor: action.actor, resources: action.touches)
    }

    public func othersReach(excluding actor: UInt16, in state: World) -> UInt64 {
        // Deadlines (aborts, quanta) touch the exokernel, its frames and
        // the hypervisor whenever time can pass.
        var reach: UInt64 = Int(actor) < othersStaticReach.count ? othersStaticReach[Int(actor)] : Resources.all
        if state.layers.exoDomain != nil && (timeCanStart || state.layers.exokernel.nextDeadline != nil) {
            reach |= Resources.exokernel | Resources.frames | Resources.allGrants | Resources.allMaptracks | Resources.pool
        }
        return reach
    }

    /// Whether some program can arm a deadline (a revocation, a CPU slice).
    static func armsDeadlines(_ system: SystemSpec) -> Bool {
        for a in system.actors {
            for instr in a.program.code {
                if case .call(let c) = instr, [.revoke, .dispatch, .allocSlice].contains(c.op) { return true }
            }
        }
        return false
    }

    /// Everything an actor's program can touch, whatever its operands turn
    /// out to be.
    static func staticReach(of a: ActorSpec) -> UInt64 {
        var r: UInt64 = 0
        for instr in a.program.code {
            let call: Call
            switch instr {
            case .call(let c), .wait(let c): call = c
            default: continue
            }
            // The value of each parameter where a literal gives it, else nil.
            var values: [Int32?] = []
            call.forEachArgument { _, arg, first in
                while values.count <= first { values.append(nil) }
                if case .value(let v) = arg { values[first] = v }
            }
            r |= touches(call.op, caller: a.principal) { k in k < values.count ? values[k] : nil }
        }
        return r
    }
}
