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
    /// The resource class one operand of a call picks out.
    enum KeyedResource { case frame, grants, ports }

    /// What a call touches whatever its operands (`fixed`), and the one
    /// operand (if any) that adds a resource of its own: `keyed` of the
    /// value at `operand`, or every resource of that class when the value
    /// is unknown. One table serves both the footprint of a listed choice
    /// and the bound "touched always" that rules partial order out.
    static func footprintParts(_ op: Op, caller: Principal) -> (fixed: UInt64, operand: Int, keyed: KeyedResource?) {
        guard case .domain(let me) = caller else {
            // Environments and the kernel: the exokernel, the frames, and
            // (exo_grant, destroy) the hypervisor. Kept coarse.
            return (op == .destroyDomain ? Resources.all : Resources.exokernel | Resources.frames | Resources.allGrants | Resources.allMaptracks | Resources.allMemory | Resources.pool, 0, nil)
        }
        let mine = Resources.memory(me) | Resources.guestLibrary
        switch op {
        case .alloc, .free:
            return (Resources.pool | mine | Resources.frames | Resources.grants(me) | Resources.allMaptracks, 0, nil)
        case .grantAccess, .endAccess, .setReadonly, .acceptTransfer:
            return (Resources.grants(me) | mine, 1, .frame)
        case .mapGrantRef:
            return (Resources.maptrack(me) | Resources.frames | mine, 0, .grants)
        case .unmapGrantRef, .unmapAndReplace:
            return (Resources.maptrack(me) | Resources.allGrants | Resources.frames | mine, 0, nil)
        case .copyFromGrant, .copyToGrant:
            return (Resources.frames | mine, op == .copyFromGrant ? 0 : 1, .grants)
        case .transfer:
            return (Resources.all, 0, nil)
        case .evtchnAllocUnbound, .evtchnBind:
            return (Resources.ports(me), 0, .ports)
        case .evtchnSend, .evtchnClose:
            return (Resources.ports(me) | Resources.allPorts, 0, nil)
        case .mapped:
            return (Resources.grants(me), 0, nil)
        case .pending:
            return (Resources.ports(me), 0, nil)
        default:
            return (Resources.all, 0, nil)
        }
    }

    /// What a call touches, given its caller and its operands where known
    /// (`nil` for an operand means "any value").
    static func touches(_ op: Op, caller: Principal, _ arg: (Int) -> Int32?) -> UInt64 {
        let p = footprintParts(op, caller: caller)
        guard let keyed = p.keyed else { return p.fixed }
        let value = arg(p.operand)
        switch keyed {
        case .frame: return p.fixed | (value.map(Resources.frame) ?? Resources.frames)
        case .grants: return p.fixed | (value.map(Resources.grants) ?? Resources.allGrants)
        case .ports: return p.fixed | (value.map(Resources.ports) ?? Resources.allPorts)
        }
    }

    /// Whether some actor could ever have an ample set: false when every
    /// call or wait of every actor touches, whatever its operands, a
    /// resource another actor's program may touch (`othersReach` never
    /// shrinks below that static reach). Three guests sharing the
    /// hypervisor's pool, say: each one's every call is dependent.
    static func ampleSetsPossible(_ system: SystemSpec, othersStaticReach: [UInt64]) -> Bool {
        for (i, a) in system.actors.enumerated() {
            var everyCallDependent = true
            for instr in a.program.code {
                switch instr {
                case .call(let c), .wait(let c):
                    if footprintParts(c.op, caller: a.principal).fixed & othersStaticReach[i] == 0 { everyCallDependent = false }
                default: continue
                }
            }
            if !everyCallDependent { return true }
        }
        return false
    }

    /// A step's footprint: everything its actor's next step may touch,
    /// whichever of its alternatives it takes and whatever operands an
    /// `any` set gives it (asked only where an ample set can exist, and by
    /// tests). Not only the enabled ones: a `wait` that does not hold yet,
    /// or an `any` set that is empty or will grow, can be enabled by
    /// another actor while this one is postponed, and it is dependent with
    /// the ample steps (one actor takes one of them). If its resources lay
    /// outside the footprint, the explorer could choose this actor's
    /// enabled steps as an ample set although another actor can enable one
    /// of its other alternatives first (C1), and the states behind that
    /// alternative would never be explored: a deadlock or a violated
    /// invariant found without the reduction went missing with it.
    public func footprint(of action: Choice, in state: World) -> Footprint? {
        guard action.kind == .step, Int(action.actor) < plans.count else { return nil }
        return Footprint(actor: action.actor, resources: nextStepReach(of: Int(action.actor), in: state))
    }

    /// The resources actor `i`'s next step may touch in `w`: each of its
    /// continuations' calls and waits, with literal and local operands as
    /// they are and `any` operands unknown (their whole resource class),
    /// and what enumerating each `any` set reads (which elements it has can
    /// change with them).
    func nextStepReach(of i: Int, in w: World) -> UInt64 {
        let program = compiled[i].program
        var conts: [Continuation] = []
        program.continuations(of: w.actors[i], into: &conts)
        var reach: UInt64 = 0
        for c in conts {
            reach |= SystemModel.reach(of: program.step(at: c.pc).call, caller: plans[i].principal, locals: c.locals)
        }
        return reach
    }

    /// What one call or wait may touch: its operation with each parameter
    /// a literal gives, or a local when `locals` are known (nil: any
    /// value), and what each of its `any` sets reads. The one rule behind
    /// an actor's static reach (locals unknown) and its next step's reach.
    static func reach(of call: Call, caller: Principal, locals: [Int32]?) -> UInt64 {
        func known(_ e: OperandExpr?) -> Int32? {
            switch e {
            case .value(let v)?: return v
            case .local(let slot)?: return locals.map { $0[slot] }
            default: return nil
            }
        }
        var values: [Int32?] = []
        var r: UInt64 = 0
        call.forEachArgument { _, arg, first in
            while values.count <= first { values.append(nil) }
            values[first] = known(arg)
            // A set's elements change with what it reads.
            if case .any(let set) = arg { r |= reads(set.kind, qualifier: known(set.args.first)) }
        }
        return r | touches(call.op, caller: caller) { k in k < values.count ? values[k] : nil }
    }

    public var partialOrderCanReduce: Bool { ampleSetsPossible }

    public func othersReach(excluding actor: UInt16, in state: World) -> UInt64 {
        // Deadlines (aborts, quanta) touch the exokernel, its frames and
        // the hypervisor whenever time can pass.
        var reach: UInt64 = Int(actor) < othersStaticReach.count ? othersStaticReach[Int(actor)] : Resources.all
        if state.layers.exoDomain != nil && (timeCanStart || state.layers.nextDeadline() != nil) {
            reach |= Resources.exokernel | Resources.frames | Resources.allGrants | Resources.allMaptracks | Resources.pool
        }
        return reach
    }

    /// What enumerating a set reads, given its first qualifier where known
    /// (the domain of `grant of d`, `port of d`, ...; nil: any of them).
    /// A set is enumerated to list a step's choices, so another actor
    /// writing these resources can add or remove one.
    static func reads(_ set: SetKind, qualifier d: Int32?) -> UInt64 {
        switch set {
        case .frameFree: return Resources.frames | Resources.pool
        case .frameOwnedBy: return Resources.frames | (d.map(Resources.memory) ?? Resources.allMemory)
        case .grantOf: return d.map(Resources.grants) ?? Resources.allGrants
        case .grantOfferedTo: return Resources.allGrants
        case .mappingOf: return d.map(Resources.maptrack) ?? Resources.allMaptracks
        case .portOf: return d.map(Resources.ports) ?? Resources.allPorts
        case .envAll, .frameOfEnv, .processOf, .vpageOf, .revocationOf, .slotOf:
            return Resources.exokernel | Resources.frames
        // Constants of the spec; which domains live changes only by
        // destroy_domain, whose footprint is every resource.
        case .domainAll, .domainOtherThan, .rights, .mapKind, .intRange, .packetAll: return 0
        }
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
            r |= reach(of: call, caller: a.principal, locals: nil)
        }
        return r
    }
}
