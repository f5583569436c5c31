import ExoCore

/// Which end of a vchan.
public enum VchanSide: UInt8, Equatable, Codable, Sendable {
    /// Allocates and grants the shared pages, allocates the unbound port.
    case server = 0
    /// Maps the pages and binds to the port.
    case client = 1
}

/// A vchan-like channel between two domains, in the manner of
/// libxenvchan: the server grants a control page and two ring pages to the
/// client and offers an unbound event channel; the client maps the pages
/// and binds. Each side writes into one ring and reads the other, and
/// notifies the peer through the event channel. Liveness flags follow
/// vchan: 0 exited, 1 connected, 2 not yet connected.
///
/// Grant references and the port are exchanged out of band (XenStore in
/// real life): the struct simply carries them.
public struct Vchan: Equatable, Codable, Sendable, CanonicalEncodable {
    public enum Phase: UInt8, Equatable, Codable, Sendable {
        case serverReady = 0, connected = 1, closed = 2
    }

    /// Pages per channel: the control page and one page per ring.
    public static let pageCount = 3

    public let server: DomID
    public let client: DomID
    public let mutants: XenMutants
    public private(set) var phase: Phase = .serverReady
    /// The server's grant references, one per page.
    public private(set) var refs: [GrantRef]
    /// The server's frames behind them.
    public private(set) var frames: [FrameNumber]
    /// Which of the server's grants are still published.
    public private(set) var granted: [Bool]
    /// The client's maptrack handles, one per page, once connected.
    public private(set) var handles: [GrantHandle] = []
    public private(set) var serverPort: PortNumber
    public private(set) var clientPort: PortNumber = 0
    public private(set) var serverLive: UInt8 = 1
    public private(set) var clientLive: UInt8 = 2
    /// Written by the server, read by the client.
    public private(set) var toClient: VchanRing
    /// Written by the client, read by the server.
    public private(set) var toServer: VchanRing

    /// The server side sets up a channel to `client` over three frames it
    /// owns: grants them (lowest free grant references of the server) and
    /// allocates an unbound port for the client. On failure everything it
    /// did is undone.
    public static func serverInit(_ hv: inout Hypervisor, server: DomID, client: DomID, frames: [FrameNumber],
                                  ringSize: UInt32, mutants: XenMutants = []) -> (status: GuestStatus, vchan: Vchan?) {
        guard frames.count == pageCount else { return (.invalid, nil) }
        let free = hv.freeGrantRefs(server)
        guard free.count >= pageCount else { return (.outOfRefs, nil) }
        let refs = Array(free.prefix(pageCount))
        for k in 0..<pageCount {
            let s = hv.grantAccess(server, ref: refs[k], to: client, frame: frames[k], readonly: false)
            if s != .okay {
                for j in 0..<k { _ = hv.endAccess(server, ref: refs[j]) }
                return (GuestStatus(s), nil)
            }
        }
        let (e, port) = hv.allocUnbound(server, remote: client)
        guard e == .okay, let p = port else {
            for r in refs { _ = hv.endAccess(server, ref: r) }
            return (GuestStatus(e), nil)
        }
        return (.okay, Vchan(server: server, client: client, mutants: mutants, refs: refs, frames: frames,
                             serverPort: p, ringSize: ringSize))
    }

    private init(server: DomID, client: DomID, mutants: XenMutants, refs: [GrantRef], frames: [FrameNumber],
                 serverPort: PortNumber, ringSize: UInt32) {
        self.server = server
        self.client = client
        self.mutants = mutants
        self.refs = refs
        self.frames = frames
        self.granted = Array(repeating: true, count: refs.count)
        self.serverPort = serverPort
        toClient = VchanRing(capacity: ringSize)
        toServer = VchanRing(capacity: ringSize)
    }

    /// The client maps the three pages (writable, at `hostAddrs`) and binds
    /// to the server's port. On failure its mappings are undone.
    public mutating func clientConnect(_ hv: inout Hypervisor, hostAddrs: [VirtualPage]) -> GuestStatus {
        guard phase == .serverReady, serverLive == 1 else { return .notConnected }
        guard hostAddrs.count == Vchan.pageCount else { return .invalid }
        var taken: [GrantHandle] = []
        for k in 0..<Vchan.pageCount {
            let r = hv.mapGrantRef(client, granter: server, ref: refs[k], flags: .hostMap, hostAddr: hostAddrs[k])
            guard r.status == .okay, let h = r.handle else {
                for h in taken { _ = hv.unmapGrantRef(client, handle: h) }
                return GuestStatus(r.status)
            }
            taken.append(h)
        }
        let (e, port) = hv.bindInterdomain(client, remote: server, remotePort: serverPort)
        guard e == .okay, let p = port else {
            for h in taken { _ = hv.unmapGrantRef(client, handle: h) }
            return GuestStatus(e)
        }
        handles = taken
        clientPort = p
        clientLive = 1
        phase = .connected
        return .okay
    }

    /// Writes one byte from `side` to the peer and notifies it. `busy` when
    /// the ring is full, `notConnected` unless both sides are connected.
    public mutating func write(_ hv: inout Hypervisor, from side: VchanSide, byte: UInt8) -> GuestStatus {
        guard phase == .connected, serverLive == 1, clientLive == 1 else { return .notConnected }
        var ring = side == .server ? toClient : toServer
        if ring.isFull && !mutants.contains(.vchanWriteIgnoresFull) { return .busy }
        ring.push(byte)
        if side == .server { toClient = ring } else { toServer = ring }
        return notify(&hv, from: side)
    }

    /// Reads one byte at `side` and notifies the peer that space was freed.
    /// `busy` when nothing is unread, `notConnected` unless connected.
    public mutating func read(_ hv: inout Hypervisor, at side: VchanSide) -> (status: GuestStatus, byte: UInt8?) {
        guard phase == .connected, serverLive == 1, clientLive == 1 else { return (.notConnected, nil) }
        var ring = side == .server ? toServer : toClient
        guard !ring.isEmpty else { return (.busy, nil) }
        let b = ring.pop(consume: !mutants.contains(.vchanReadSkipsConsume))
        if side == .server { toServer = ring } else { toClient = ring }
        return (notify(&hv, from: side), b)
    }

    /// Unread bytes waiting for `side`.
    public func pending(for side: VchanSide) -> UInt32 {
        side == .server ? toServer.unread : toClient.unread
    }

    /// Closes `side`. The client unmaps the pages and closes its port. The
    /// server closes its port and ends access to its grants; while the
    /// client still maps them it answers `busy`, and closing again later
    /// finishes the job. The channel is closed when both sides are.
    public mutating func close(_ hv: inout Hypervisor, side: VchanSide) -> GuestStatus {
        switch side {
        case .client:
            guard clientLive == 1 else { return .notConnected }
            for h in handles { _ = hv.unmapGrantRef(client, handle: h) }
            handles = []
            _ = hv.close(client, port: clientPort)
            clientLive = 0
        case .server:
            if serverLive != 0 {
                _ = hv.close(server, port: serverPort)
                serverLive = 0
            }
            for k in refs.indices where granted[k] {
                if hv.endAccess(server, ref: refs[k]) == .okay { granted[k] = false }
            }
            if granted.contains(true) { return .busy }
        }
        if serverLive == 0 && clientLive != 1 && !granted.contains(true) { phase = .closed }
        return .okay
    }

    private func notify(_ hv: inout Hypervisor, from side: VchanSide) -> GuestStatus {
        let e = side == .server ? hv.send(server, port: serverPort) : hv.send(client, port: clientPort)
        return GuestStatus(e)
    }

    /// Appends vchan-integrity violations: a ring holding more than its
    /// size (unread data overwritten), a byte delivered without being
    /// consumed (delivered twice), or a connected channel whose grants,
    /// mappings or ports are not in place.
    public func checkInvariants(_ hv: Hypervisor, into out: inout [Violation]) {
        let name = XenInvariants.vchanIntegrity
        for (label, ring) in [("server-to-client", toClient), ("client-to-server", toServer)] {
            if ring.unread > ring.capacity {
                out.append(Violation(name, "vchan d\(server)-d\(client) \(label) ring holds \(ring.unread) bytes in \(ring.capacity) slots: unread data was overwritten"))
            }
            if ring.delivered != ring.cons {
                out.append(Violation(name, "vchan d\(server)-d\(client) \(label) ring delivered \(ring.delivered) bytes but consumed \(ring.cons): a byte was delivered twice"))
            }
        }
        guard phase == .connected, serverLive == 1, clientLive == 1 else { return }
        for k in refs.indices {
            let e = hv.grantEntry(server, refs[k])
            if e == nil || !e!.flags.isPermitAccess || e!.domid != client || e!.frame != frames[k] {
                out.append(Violation(name, "connected vchan d\(server)-d\(client): page \(k) is no longer granted to the client"))
            }
            let m = k < handles.count ? hv.mapping(client, handle: handles[k]) : nil
            if m == nil || m!.granter != server || m!.ref != refs[k] {
                out.append(Violation(name, "connected vchan d\(server)-d\(client): page \(k) is not mapped by the client"))
            }
        }
        if hv.port(server, serverPort)?.state != .interdomain(remote: client, port: clientPort)
            || hv.port(client, clientPort)?.state != .interdomain(remote: server, port: serverPort) {
            out.append(Violation(name, "connected vchan d\(server)-d\(client): the event channel is not bound end to end"))
        }
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.u16(server); e.u16(client); e.u8(phase.rawValue)
        e.array(refs); e.array(frames); e.array(granted); e.array(handles)
        e.u32(serverPort); e.u32(clientPort); e.u8(serverLive); e.u8(clientLive)
        toClient.encode(into: &e); toServer.encode(into: &e)
    }
}
