/// The operation catalogue: every operation a spec can name, with the kinds
/// of its operands. Elaboration checks calls against this table (names,
/// arity, operand kinds, suggestions); `World.perform` is the one place that
/// executes them. Adding an operation means adding a case, a row here and a
/// branch in `World.perform` — never touching the parser.
///
/// Codes are explicit and stable: traces store them.
public enum Op: UInt16, CaseIterable, Codable, Sendable {
    // Hypervisor, called by a guest domain (Xen hypercalls and memory ops).
    // A unikernel's calls go through its Mirage-style grant library.
    case alloc = 1
    case free = 2
    case grantAccess = 3
    case endAccess = 4
    case mapGrantRef = 5
    case unmapGrantRef = 6
    case copyFromGrant = 7
    case copyToGrant = 8
    case acceptTransfer = 9
    case transfer = 10
    case unmapAndReplace = 11
    case evtchnAllocUnbound = 12
    case evtchnBind = 13
    case evtchnSend = 14
    case evtchnClose = 15
    case setReadonly = 16
    case destroyDomain = 17

    // Unikernel (MirageOS-style), called by a unikernel domain.
    case seal = 30
    case protect = 31
    case vchanListen = 32
    case vchanConnect = 33
    case vchanSend = 34
    case vchanRecv = 35
    case vchanClose = 36
    case unshare = 37

    // Exokernel and library OS, called by an environment (or the kernel).
    case exoAlloc = 50
    case exoFree = 51
    case bind = 52
    case unbind = 53
    case access = 54
    case revoke = 55
    case relinquish = 56
    case capDerive = 57
    case downloadFilter = 58
    case deliver = 59
    case spawn = 60
    case ipcSend = 61
    case ipcRecv = 62
    case exoGrant = 63
    case guarantee = 64
    case recvPacket = 65
    case pagerMap = 66
    case pagerUnmap = 67
    case share = 68
    case allocSlice = 69
    case yieldCPU = 70
    case dispatch = 71
    case handleRepossession = 72
    case exoEndAccess = 73
    case capRevoke = 74
    case capAlloc = 75
    case capBind = 76
    case exoAllocFrame = 77

    // Conditions for `wait` (no side effects).
    case mapped = 90
    case pending = 91
    case revoked = 92

    // World-level steps (not callable from specs): urgent timers and time.
    case fireDue = 120
    case advance = 121
}

/// What kind of value an operand denotes. Keywords resolve per kind (`ro`,
/// `rw` for rights; `host`, `device`, `both` for mapping kinds).
public enum ParamKind: String, Codable, Sendable, CaseIterable {
    case domain, frame, ref, handle, port, rights, mapKind = "map-kind", env, process, vpage, int, filter, packet, message, slot, container, page
}

/// Who may issue an operation.
public enum PrincipalKind: String, Codable, Sendable {
    /// A guest domain (PV guest, unikernel, or the exokernel domain itself).
    case domain
    /// A unikernel domain.
    case unikernel
    /// A library OS environment inside an exokernel domain.
    case env
    /// The hypervisor or exokernel acting on its own (fault actors).
    case kernel
    /// Anyone: conditions for `wait`.
    case any
}

/// One row of the catalogue.
public struct OpInfo: Sendable {
    public var op: Op
    /// The spelling in specs (snake_case, Xen's names where Xen has one).
    public var name: String
    public var params: [ParamKind]
    /// What a successful call returns (bound by `let`), if anything useful.
    public var returns: ParamKind?
    public var principal: PrincipalKind
    public var summary: String
}

/// Keyword values for the enumerated parameter kinds.
public enum Keywords {
    /// Rights: the value is Xen's readonly flag (`ro` = 1). Capabilities
    /// also carry the grant right (`rog`, `rwg`: may derive further).
    public static let rights: [(String, Int32)] = [("rw", 0), ("ro", 1), ("rog", 2), ("rwg", 3)]
    /// Mapping kinds: bit 0 host_map, bit 1 device_map.
    public static let mapKinds: [(String, Int32)] = [("host", 1), ("device", 2), ("both", 3)]

    public static func value(of word: String, for kind: ParamKind) -> Int32? {
        switch kind {
        case .rights: return rights.first { $0.0 == word }?.1
        case .mapKind: return mapKinds.first { $0.0 == word }?.1
        default: return nil
        }
    }

    public static func words(for kind: ParamKind) -> [String] {
        switch kind {
        case .rights: return rights.map(\.0)
        case .mapKind: return mapKinds.map(\.0)
        default: return []
        }
    }
}

public enum Catalogue {
    public static let ops: [OpInfo] = [
        // Hypervisor
        OpInfo(op: .alloc, name: "alloc", params: [], returns: .frame, principal: .domain,
               summary: "populate_physmap one frame (lowest free); a unikernel takes a page from its heap pool"),
        OpInfo(op: .free, name: "free", params: [.frame], returns: nil, principal: .domain,
               summary: "decrease_reservation; a unikernel hands the page back to its allocator for reuse"),
        OpInfo(op: .grantAccess, name: "grant_access", params: [.domain, .frame, .rights], returns: .ref, principal: .domain,
               summary: "publish a permit_access entry for an owned frame to a domain (lowest free ref)"),
        OpInfo(op: .endAccess, name: "end_access", params: [.ref], returns: nil, principal: .domain,
               summary: "invalidate a grant entry; refused while reading or writing (Mirage: try_end_access)"),
        OpInfo(op: .setReadonly, name: "set_readonly", params: [.ref, .rights], returns: nil, principal: .domain,
               summary: "flip a grant entry's readonly bit; rw->ro needs !writing"),
        OpInfo(op: .mapGrantRef, name: "map_grant_ref", params: [.domain, .ref, .rights, .mapKind], returns: .handle, principal: .domain,
               summary: "GNTTABOP_map_grant_ref of (granter, ref) at the lowest free address; returns a maptrack handle"),
        OpInfo(op: .unmapGrantRef, name: "unmap_grant_ref", params: [.handle, .mapKind], returns: nil, principal: .domain,
               summary: "GNTTABOP_unmap_grant_ref of the host part, the device part or both"),
        OpInfo(op: .unmapAndReplace, name: "unmap_and_replace", params: [.handle], returns: nil, principal: .domain,
               summary: "GNTTABOP_unmap_and_replace: drop the host mapping, moving the lowest free page there"),
        OpInfo(op: .copyFromGrant, name: "copy_from_grant", params: [.domain, .ref, .frame], returns: nil, principal: .domain,
               summary: "GNTTABOP_copy from a granted frame into an owned frame"),
        OpInfo(op: .copyToGrant, name: "copy_to_grant", params: [.frame, .domain, .ref], returns: nil, principal: .domain,
               summary: "GNTTABOP_copy from an owned frame into a granted frame (needs a writable grant)"),
        OpInfo(op: .acceptTransfer, name: "accept_transfer", params: [.domain], returns: .ref, principal: .domain,
               summary: "publish an accept_transfer entry: ready to receive one frame from a domain"),
        OpInfo(op: .transfer, name: "transfer", params: [.frame, .domain, .ref], returns: nil, principal: .domain,
               summary: "GNTTABOP_transfer an owned frame to a domain's accept_transfer entry"),
        OpInfo(op: .evtchnAllocUnbound, name: "evtchn_alloc_unbound", params: [.domain], returns: .port, principal: .domain,
               summary: "EVTCHNOP_alloc_unbound: a port reserved for a remote domain"),
        OpInfo(op: .evtchnBind, name: "evtchn_bind", params: [.domain, .port], returns: .port, principal: .domain,
               summary: "EVTCHNOP_bind_interdomain to a remote domain's unbound port"),
        OpInfo(op: .evtchnSend, name: "evtchn_send", params: [.port], returns: nil, principal: .domain,
               summary: "EVTCHNOP_send: set the remote end pending"),
        OpInfo(op: .evtchnClose, name: "evtchn_close", params: [.port], returns: nil, principal: .domain,
               summary: "EVTCHNOP_close: the remote end returns to unbound"),
        OpInfo(op: .destroyDomain, name: "destroy_domain", params: [.domain], returns: nil, principal: .kernel,
               summary: "the hypervisor destroys a domain: its mappings released, its ports closed"),

        // Unikernel
        OpInfo(op: .seal, name: "seal", params: [], returns: nil, principal: .unikernel,
               summary: "seal the image: no page writable and executable, no new executable mapping"),
        OpInfo(op: .protect, name: "protect", params: [.vpage, .int], returns: nil, principal: .unikernel,
               summary: "change a page's permissions (bits: 1 read, 2 write, 4 exec); W+X and new X refused once sealed"),
        OpInfo(op: .vchanListen, name: "vchan_listen", params: [.domain], returns: nil, principal: .domain,
               summary: "vchan server: take three frames, grant them to the client and allocate the port"),
        OpInfo(op: .vchanConnect, name: "vchan_connect", params: [.domain], returns: nil, principal: .domain,
               summary: "vchan client: map the server's ring pages and bind the port"),
        OpInfo(op: .vchanSend, name: "vchan_send", params: [.domain, .message], returns: nil, principal: .domain,
               summary: "write one byte into the ring toward the peer and notify (refused when full)"),
        OpInfo(op: .vchanRecv, name: "vchan_recv", params: [.domain], returns: .message, principal: .domain,
               summary: "read the next byte from the peer (refused when empty)"),
        OpInfo(op: .unshare, name: "unshare", params: [.ref], returns: nil, principal: .unikernel,
               summary: "Mirage's unshare: end access to a shared page and return it to the heap (busy while mapped)"),
        OpInfo(op: .vchanClose, name: "vchan_close", params: [.domain], returns: nil, principal: .domain,
               summary: "close this side of the vchan with the peer"),

        // Exokernel
        OpInfo(op: .exoAlloc, name: "exo_alloc", params: [], returns: .frame, principal: .env,
               summary: "allocate the lowest free physical frame, its ACL from the root capability"),
        OpInfo(op: .exoAllocFrame, name: "exo_alloc_frame", params: [.frame], returns: .frame, principal: .env,
               summary: "ask for a particular physical frame (XOK lets a library OS name the page it wants)"),
        OpInfo(op: .capAlloc, name: "cap_alloc", params: [.slot], returns: .frame, principal: .env,
               summary: "allocate the lowest free frame with the capability in a slot as its ACL"),
        OpInfo(op: .exoFree, name: "exo_free", params: [.frame], returns: nil, principal: .env,
               summary: "give an owned, unbound frame back to the exokernel"),
        OpInfo(op: .guarantee, name: "guarantee", params: [.frame], returns: nil, principal: .env,
               summary: "put an owned frame in the guaranteed set, never repossessed"),
        OpInfo(op: .bind, name: "bind", params: [.frame, .vpage, .rights], returns: nil, principal: .env,
               summary: "secure binding of a virtual page to a frame, checked against the frame's ACL once"),
        OpInfo(op: .capBind, name: "cap_bind", params: [.slot, .frame, .vpage, .rights], returns: nil, principal: .env,
               summary: "secure binding presenting the capability in a slot"),
        OpInfo(op: .unbind, name: "unbind", params: [.vpage], returns: nil, principal: .env,
               summary: "remove a binding and its software/hardware TLB entries"),
        OpInfo(op: .access, name: "access", params: [.vpage, .rights], returns: .int, principal: .env,
               summary: "touch a page: 0 TLB hit, 1 STLB hit; a page or protection fault is refused"),
        OpInfo(op: .revoke, name: "revoke", params: [.env, .frame], returns: nil, principal: .kernel,
               summary: "visible revocation: ask an environment to relinquish a frame by the deadline, else abort"),
        OpInfo(op: .relinquish, name: "relinquish", params: [.frame], returns: nil, principal: .env,
               summary: "comply with a revocation request: unbind and return the frame"),
        OpInfo(op: .handleRepossession, name: "handle_repossession", params: [], returns: nil, principal: .env,
               summary: "the library OS acknowledges its repossession vector and fixes its page tables"),
        OpInfo(op: .capDerive, name: "cap_derive", params: [.slot, .rights], returns: .slot, principal: .env,
               summary: "derive a capability with narrower rights into the lowest free slot"),
        OpInfo(op: .capRevoke, name: "cap_revoke", params: [.slot], returns: nil, principal: .env,
               summary: "revoke every capability derived from the one in a slot, wherever it is held"),
        OpInfo(op: .downloadFilter, name: "download_filter", params: [.filter], returns: nil, principal: .env,
               summary: "download a packet filter; verified at download time"),
        OpInfo(op: .deliver, name: "deliver", params: [.packet], returns: .int, principal: .kernel,
               summary: "the NIC delivers a packet; downloaded filters demultiplex it (returns how many accepted)"),
        OpInfo(op: .recvPacket, name: "recv_packet", params: [], returns: .int, principal: .env,
               summary: "take the next received packet (returns its first byte)"),
        OpInfo(op: .allocSlice, name: "alloc_slice", params: [.int], returns: nil, principal: .env,
               summary: "take a slot of the time-slice vector"),
        OpInfo(op: .yieldCPU, name: "yield", params: [], returns: nil, principal: .env,
               summary: "give the CPU back (within the grace period after the end-of-quantum upcall)"),
        OpInfo(op: .dispatch, name: "dispatch", params: [], returns: nil, principal: .kernel,
               summary: "start the next time slice on the CPU"),
        OpInfo(op: .exoGrant, name: "exo_grant", params: [.frame, .domain, .rights], returns: .ref, principal: .env,
               summary: "grant an environment's frame to another domain through the hypervisor's grant table"),
        OpInfo(op: .exoEndAccess, name: "exo_end_access", params: [.ref], returns: nil, principal: .env,
               summary: "end a grant made with exo_grant (refused while mapped)"),

        // Library OS
        OpInfo(op: .spawn, name: "spawn", params: [.container], returns: .process, principal: .env,
               summary: "create a process in a container (process group)"),
        OpInfo(op: .pagerMap, name: "pager_map", params: [.process, .page, .frame, .rights], returns: nil, principal: .env,
               summary: "the pager maps a process page onto an owned frame (through a secure binding)"),
        OpInfo(op: .pagerUnmap, name: "pager_unmap", params: [.process, .page], returns: nil, principal: .env,
               summary: "the pager unmaps a process page"),
        OpInfo(op: .share, name: "share", params: [.process, .page, .process, .page, .rights], returns: nil, principal: .env,
               summary: "share a mapped page with another process (refused across containers unless granted)"),
        OpInfo(op: .ipcSend, name: "ipc_send", params: [.process, .process, .message], returns: nil, principal: .env,
               summary: "send a one-byte message from one process to another"),
        OpInfo(op: .ipcRecv, name: "ipc_recv", params: [.process], returns: .message, principal: .env,
               summary: "receive a process's next message (refused when empty)"),

        // Conditions
        OpInfo(op: .mapped, name: "mapped", params: [.ref], returns: nil, principal: .domain,
               summary: "condition: the caller's grant entry is in use by a mapping"),
        OpInfo(op: .pending, name: "pending", params: [.port], returns: nil, principal: .domain,
               summary: "condition: an event is pending on the caller's port"),
        OpInfo(op: .revoked, name: "revoked", params: [.frame], returns: nil, principal: .env,
               summary: "condition: the kernel asks the caller to relinquish this frame"),
    ]

    /// The row for an operation.
    public static func info(_ op: Op) -> OpInfo {
        guard let row = byCode[Int(op.rawValue)] else {
            switch op {
            case .fireDue: return OpInfo(op: op, name: "fire_due", params: [], returns: nil, principal: .kernel,
                                         summary: "urgent: deadlines due now fire (aborts, quantum ends)")
            case .advance: return OpInfo(op: op, name: "advance", params: [], returns: nil, principal: .kernel,
                                         summary: "virtual time jumps to the next deadline")
            default: preconditionFailure("operation \(op) has no catalogue row")
            }
        }
        return row
    }

    /// Looks up a spec spelling.
    public static func op(named name: String) -> Op? {
        ops.first { $0.name == name }?.op
    }

    private static let byCode: [Int: OpInfo] = {
        var m: [Int: OpInfo] = [:]
        for row in ops {
            precondition(m[Int(row.op.rawValue)] == nil, "duplicate catalogue row for \(row.op)")
            m[Int(row.op.rawValue)] = row
        }
        return m
    }()
}

/// The sets `any` ranges over: a noun, an optional qualifier with its operand
/// kind, and the kinds of each element (a grant offered to a domain is a
/// (granter, ref) pair and fills two operands). Elements are produced in
/// ascending order.
public enum SetKind: String, Codable, Sendable, CaseIterable {
    /// The most values `any LO..HI` may stand for: each is a choice of its
    /// own at every step that reaches the call, so the spec language
    /// refuses a longer range at its line and column rather than explore a
    /// part of it.
    public static let intRangeLimit = 64

    case frameFree, frameOwnedBy, domainAll, domainOtherThan, grantOf, grantOfferedTo, mappingOf, portOf
    case rights, mapKind, intRange, envAll, frameOfEnv, processOf, vpageOf, revocationOf, slotOf, packetAll
}

public struct SetInfo: Sendable {
    public var kind: SetKind
    /// The noun in specs: `frame`, `domain`, `grant`, ...
    public var noun: String
    /// The qualifier word, if any: `owned-by`, `other-than`, `of`, `offered-to`, `free`.
    public var qualifier: String?
    /// Operand kinds of the qualifier's arguments.
    public var qualifierParams: [ParamKind]
    /// Kinds of each element's components.
    public var element: [ParamKind]
    public var summary: String
}

extension Catalogue {
    public static let sets: [SetInfo] = [
        SetInfo(kind: .frameFree, noun: "frame", qualifier: "free", qualifierParams: [], element: [.frame],
                summary: "frames in the hypervisor's free pool"),
        SetInfo(kind: .frameOwnedBy, noun: "frame", qualifier: "owned-by", qualifierParams: [.domain], element: [.frame],
                summary: "frames a domain owns"),
        SetInfo(kind: .frameOfEnv, noun: "frame", qualifier: "of", qualifierParams: [.env], element: [.frame],
                summary: "frames an exokernel environment owns"),
        SetInfo(kind: .domainAll, noun: "domain", qualifier: nil, qualifierParams: [], element: [.domain],
                summary: "every live domain"),
        SetInfo(kind: .domainOtherThan, noun: "domain", qualifier: "other-than", qualifierParams: [.domain], element: [.domain],
                summary: "every live domain except one"),
        SetInfo(kind: .grantOf, noun: "grant", qualifier: "of", qualifierParams: [.domain], element: [.ref],
                summary: "grant references in use in a domain's own table"),
        SetInfo(kind: .grantOfferedTo, noun: "grant", qualifier: "offered-to", qualifierParams: [.domain], element: [.domain, .ref],
                summary: "(granter, ref) of every permit_access entry naming a domain"),
        SetInfo(kind: .mappingOf, noun: "mapping", qualifier: "of", qualifierParams: [.domain], element: [.handle],
                summary: "live maptrack handles of a domain"),
        SetInfo(kind: .portOf, noun: "port", qualifier: "of", qualifierParams: [.domain], element: [.port],
                summary: "allocated event-channel ports of a domain"),
        SetInfo(kind: .rights, noun: "rights", qualifier: nil, qualifierParams: [], element: [.rights],
                summary: "rw and ro"),
        SetInfo(kind: .mapKind, noun: "map-kind", qualifier: nil, qualifierParams: [], element: [.mapKind],
                summary: "host, device and both"),
        SetInfo(kind: .intRange, noun: "int", qualifier: "in", qualifierParams: [.int, .int], element: [.int],
                summary: "integers lo..hi inclusive (at most 64)"),
        SetInfo(kind: .envAll, noun: "env", qualifier: nil, qualifierParams: [], element: [.env],
                summary: "every live environment of the exokernel"),
        SetInfo(kind: .processOf, noun: "process", qualifier: "of", qualifierParams: [.env], element: [.process],
                summary: "live processes of an environment"),
        SetInfo(kind: .vpageOf, noun: "vpage", qualifier: "of", qualifierParams: [.env], element: [.vpage],
                summary: "virtual pages an environment has bound"),
        SetInfo(kind: .revocationOf, noun: "revocation", qualifier: "of", qualifierParams: [.env], element: [.frame],
                summary: "frames an environment has been asked to relinquish"),
        SetInfo(kind: .slotOf, noun: "slot", qualifier: "of", qualifierParams: [.env], element: [.slot],
                summary: "capability slots an environment holds"),
        SetInfo(kind: .packetAll, noun: "packet", qualifier: nil, qualifierParams: [], element: [.packet],
                summary: "every packet the spec declares"),
    ]

    /// The catalogue row of a set. A linear search that copies the row: for
    /// elaboration and tools; the explorer uses `SetKind.elementArity`.
    public static func setInfo(_ kind: SetKind) -> SetInfo {
        guard let s = sets.first(where: { $0.kind == kind }) else { preconditionFailure("set \(kind) has no catalogue row") }
        return s
    }
}

extension SetKind {
    /// Values per element: `Catalogue.setInfo(self).element.count`, without
    /// searching the table (a test keeps the two equal).
    @inlinable public var elementArity: Int { self == .grantOfferedTo ? 2 : 1 }
}
