/// The operation catalogue: every operation a spec can name, with the kinds
/// of its operands. Elaboration checks calls against this table (names,
/// arity, operand kinds, suggestions); `World.perform` is the one place that
/// executes them. Adding an operation means adding a case, a row here and a
/// branch in `World.perform` — never touching the parser.
///
/// Codes are explicit and stable: traces store them.
public enum Op: UInt16, CaseIterable, Codable, Sendable {
    // Hypervisor, called by a guest domain (Xen hypercalls and memory ops).
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
    case reuse = 16
    case destroyDomain = 17

    // Unikernel (MirageOS-style), called by a unikernel domain.
    case seal = 30
    case mapExec = 31
    case vchanListen = 32
    case vchanConnect = 33
    case vchanSend = 34
    case vchanRecv = 35

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
    case domain, frame, ref, handle, port, rights, mapKind = "map-kind", env, process, vpage, int, deadline, filter, message, cap
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
    /// Rights: the value is Xen's readonly flag (`ro` = 1).
    public static let rights: [(String, Int32)] = [("rw", 0), ("ro", 1)]
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
        OpInfo(op: .alloc, name: "alloc", params: [], returns: .frame, principal: .domain,
               summary: "populate_physmap one frame from the hypervisor's free pool (lowest free)"),
        OpInfo(op: .free, name: "free", params: [.frame], returns: nil, principal: .domain,
               summary: "decrease_reservation: give an owned frame back to the hypervisor"),
        OpInfo(op: .grantAccess, name: "grant_access", params: [.domain, .frame, .rights], returns: .ref, principal: .domain,
               summary: "publish a permit_access grant entry for a frame to a domain (lowest free ref)"),
        OpInfo(op: .endAccess, name: "end_access", params: [.ref], returns: nil, principal: .domain,
               summary: "invalidate a grant entry; refused while the entry is reading or writing"),
        OpInfo(op: .mapGrantRef, name: "map_grant_ref", params: [.domain, .ref, .rights, .mapKind], returns: .handle, principal: .domain,
               summary: "GNTTABOP_map_grant_ref of (granter, ref); returns a maptrack handle"),
        OpInfo(op: .unmapGrantRef, name: "unmap_grant_ref", params: [.handle, .mapKind], returns: nil, principal: .domain,
               summary: "GNTTABOP_unmap_grant_ref by handle, of the host part, the device part or both"),
        OpInfo(op: .copyFromGrant, name: "copy_from_grant", params: [.domain, .ref, .frame], returns: nil, principal: .domain,
               summary: "GNTTABOP_copy from a granted frame into an owned frame"),
        OpInfo(op: .copyToGrant, name: "copy_to_grant", params: [.frame, .domain, .ref], returns: nil, principal: .domain,
               summary: "GNTTABOP_copy from an owned frame into a granted frame (needs a writable grant)"),
        OpInfo(op: .acceptTransfer, name: "accept_transfer", params: [.domain], returns: .ref, principal: .domain,
               summary: "publish an accept_transfer entry: willing to receive one frame from a domain"),
        OpInfo(op: .transfer, name: "transfer", params: [.frame, .domain, .ref], returns: nil, principal: .domain,
               summary: "GNTTABOP_transfer an owned frame to a domain's accept_transfer entry"),
        OpInfo(op: .unmapAndReplace, name: "unmap_and_replace", params: [.handle, .handle], returns: nil, principal: .domain,
               summary: "GNTTABOP_unmap_and_replace: unmap the first handle, repointing its address at the second's frame"),
        OpInfo(op: .evtchnAllocUnbound, name: "evtchn_alloc_unbound", params: [.domain], returns: .port, principal: .domain,
               summary: "EVTCHNOP_alloc_unbound: a port reserved for a remote domain"),
        OpInfo(op: .evtchnBind, name: "evtchn_bind", params: [.domain, .port], returns: .port, principal: .domain,
               summary: "EVTCHNOP_bind_interdomain to a remote domain's unbound port"),
        OpInfo(op: .evtchnSend, name: "evtchn_send", params: [.port], returns: nil, principal: .domain,
               summary: "EVTCHNOP_send: set the remote end pending"),
        OpInfo(op: .evtchnClose, name: "evtchn_close", params: [.port], returns: nil, principal: .domain,
               summary: "EVTCHNOP_close: the remote end returns to unbound"),
        OpInfo(op: .reuse, name: "reuse", params: [.frame], returns: nil, principal: .domain,
               summary: "hand a frame to the guest's allocator as fresh memory (wrong while it is still granted)"),
        OpInfo(op: .destroyDomain, name: "destroy_domain", params: [.domain], returns: nil, principal: .kernel,
               summary: "the hypervisor destroys a domain: mappings released, ports closed"),

        OpInfo(op: .seal, name: "seal", params: [], returns: nil, principal: .unikernel,
               summary: "seal the unikernel image: no W+X page, no new executable mapping"),
        OpInfo(op: .mapExec, name: "map_exec", params: [.vpage], returns: nil, principal: .unikernel,
               summary: "map a page executable (refused once sealed)"),
        OpInfo(op: .vchanListen, name: "vchan_listen", params: [.domain], returns: nil, principal: .domain,
               summary: "server side of a vchan: grant the ring pages and allocate the event port"),
        OpInfo(op: .vchanConnect, name: "vchan_connect", params: [.domain], returns: nil, principal: .domain,
               summary: "client side of a vchan: map the server's rings and bind the port"),
        OpInfo(op: .vchanSend, name: "vchan_send", params: [.domain, .message], returns: nil, principal: .domain,
               summary: "write a message into the ring toward a domain and notify"),
        OpInfo(op: .vchanRecv, name: "vchan_recv", params: [.domain], returns: .message, principal: .domain,
               summary: "read the next message from a domain's ring (refused when empty)"),

        OpInfo(op: .exoAlloc, name: "exo_alloc", params: [], returns: .frame, principal: .env,
               summary: "allocate a physical frame to the calling environment (lowest free)"),
        OpInfo(op: .exoFree, name: "exo_free", params: [.frame], returns: nil, principal: .env,
               summary: "free an owned frame back to the exokernel"),
        OpInfo(op: .bind, name: "bind", params: [.frame, .vpage, .rights], returns: nil, principal: .env,
               summary: "secure binding of a virtual page to a frame, authorised by capability once"),
        OpInfo(op: .unbind, name: "unbind", params: [.vpage], returns: nil, principal: .env,
               summary: "remove a binding (and its STLB/TLB entries)"),
        OpInfo(op: .access, name: "access", params: [.vpage, .rights], returns: .frame, principal: .env,
               summary: "touch a virtual page: TLB hit, STLB hit, or a fault to the library OS"),
        OpInfo(op: .revoke, name: "revoke", params: [.env, .frame, .deadline], returns: nil, principal: .kernel,
               summary: "visible revocation: ask an environment to relinquish a frame by a deadline, else abort"),
        OpInfo(op: .relinquish, name: "relinquish", params: [.frame], returns: nil, principal: .env,
               summary: "the library OS complies with a revocation request: unbind and return the frame"),
        OpInfo(op: .capDerive, name: "cap_derive", params: [.cap, .rights], returns: .cap, principal: .env,
               summary: "derive a capability with narrower rights"),
        OpInfo(op: .downloadFilter, name: "download_filter", params: [.filter], returns: nil, principal: .env,
               summary: "download a packet filter (verified at download time)"),
        OpInfo(op: .deliver, name: "deliver", params: [.message], returns: .env, principal: .kernel,
               summary: "the NIC delivers a packet; filters demultiplex it"),
        OpInfo(op: .spawn, name: "spawn", params: [], returns: .process, principal: .env,
               summary: "the library OS creates a process"),
        OpInfo(op: .ipcSend, name: "ipc_send", params: [.process, .process, .message], returns: nil, principal: .env,
               summary: "library-OS IPC: send a message from one process to another"),
        OpInfo(op: .ipcRecv, name: "ipc_recv", params: [.process], returns: .message, principal: .env,
               summary: "library-OS IPC: receive the next message of a process"),
        OpInfo(op: .exoGrant, name: "exo_grant", params: [.frame, .domain, .rights], returns: .ref, principal: .env,
               summary: "grant an environment's frame to another domain through the hypervisor's grant table"),

        OpInfo(op: .mapped, name: "mapped", params: [.ref], returns: nil, principal: .any,
               summary: "condition: a grant of the caller is mapped by its grantee"),
        OpInfo(op: .pending, name: "pending", params: [.port], returns: nil, principal: .any,
               summary: "condition: an event is pending on a port"),
        OpInfo(op: .revoked, name: "revoked", params: [], returns: .frame, principal: .env,
               summary: "condition: a revocation request is posted to the calling environment"),
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
    case frameFree, frameOwnedBy, domainAll, domainOtherThan, grantOf, grantOfferedTo, mappingOf, portOf
    case rights, mapKind, intRange, envAll, processOf, vpageOf, revocationOf
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
                summary: "frames owned by a domain (or by an environment, for env principals)"),
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
                summary: "integers lo..hi inclusive"),
        SetInfo(kind: .envAll, noun: "env", qualifier: nil, qualifierParams: [], element: [.env],
                summary: "every environment of the exokernel domain"),
        SetInfo(kind: .processOf, noun: "process", qualifier: "of", qualifierParams: [.env], element: [.process],
                summary: "live processes of an environment"),
        SetInfo(kind: .vpageOf, noun: "vpage", qualifier: "of", qualifierParams: [.env], element: [.vpage],
                summary: "virtual pages an environment has bound"),
        SetInfo(kind: .revocationOf, noun: "revocation", qualifier: "of", qualifierParams: [.env], element: [.frame],
                summary: "frames an environment has been asked to relinquish"),
    ]

    public static func setInfo(_ kind: SetKind) -> SetInfo {
        guard let s = sets.first(where: { $0.kind == kind }) else { preconditionFailure("set \(kind) has no catalogue row") }
        return s
    }
}
