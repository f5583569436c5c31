/// Snapshots store each per-domain table as its row width and its records,
/// all rows in order. The frame table is the hypervisor's to store (it
/// always was: snapshots keep their form); decoded tables have none until
/// `withFrames` gives them one.
extension HypervisorTables: Codable {
    private struct Table<R: Codable>: Codable {
        var width: Int
        var records: [R]
    }

    private enum CodingKeys: String, CodingKey {
        case domainCount, domains, pageLists, grantEntries, activeEntries, maptrackEntries, maptrackFree, eventPorts
    }

    func encode(to encoder: Encoder) throws {
        let l = layout
        var c = encoder.container(keyedBy: CodingKeys.self)
        func put<R: Codable>(_ col: TableColumn<R>, _ key: CodingKeys) throws {
            try c.encode(Table(width: col.width, records: withColumn(col) { Array($0) }), forKey: key)
        }
        try c.encode(l.domains, forKey: .domainCount)
        try put(l.slots, .domains)
        try put(l.pages, .pageLists)
        try put(l.grants, .grantEntries)
        try put(l.active, .activeEntries)
        try put(l.maptrack, .maptrackEntries)
        try put(l.freeHandles, .maptrackFree)
        try put(l.ports, .eventPorts)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let domains = try c.decode(Int.self, forKey: .domainCount)
        guard domains >= 0 && domains <= 64 else {
            throw DecodingError.dataCorruptedError(forKey: .domainCount, in: c, debugDescription: "bad domain count \(domains)")
        }
        let slots = try c.decode(Table<Domain>.self, forKey: .domains)
        let pages = try c.decode(Table<FrameNumber>.self, forKey: .pageLists)
        let grants = try c.decode(Table<GrantEntry>.self, forKey: .grantEntries)
        let active = try c.decode(Table<ActiveEntry>.self, forKey: .activeEntries)
        let maptrack = try c.decode(Table<MaptrackEntry>.self, forKey: .maptrackEntries)
        let free = try c.decode(Table<GrantHandle>.self, forKey: .maptrackFree)
        let ports = try c.decode(Table<EventPort>.self, forKey: .eventPorts)
        for w in [pages.width, grants.width, maptrack.width, free.width, ports.width] where w < 0 || w > 1 << 20 {
            throw DecodingError.dataCorruptedError(forKey: .domainCount, in: c, debugDescription: "bad table width \(w)")
        }
        guard slots.width == 1, grants.width == active.width else {
            throw DecodingError.dataCorruptedError(forKey: .activeEntries, in: c, debugDescription: "one scalar record per domain, as many active entries as grant entries")
        }
        let layout = TableLayout(frames: 0, domains: domains, pages: pages.width, grants: grants.width,
                                 maptrack: maptrack.width, freeHandles: free.width, ports: ports.width)
        // The hypervisor sets its constants once it has decoded them.
        self.init(layout: layout, config: XenConfig(), mutants: [], frame: FrameRecord(), domain: Domain(), page: 0, grant: GrantEntry(), active: ActiveEntry(),
                  maptrack: MaptrackEntry(), freeHandle: 0, port: EventPort())
        func load<R: Codable>(_ col: TableColumn<R>, _ t: Table<R>, _ key: CodingKeys) throws {
            guard t.records.count == col.width * domains else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected \(col.width * domains) records")
            }
            withMutableColumn(col) { all in for i in all.indices { all[i] = t.records[i] } }
        }
        try load(layout.slots, slots, .domains)
        try load(layout.pages, pages, .pageLists)
        try load(layout.grants, grants, .grantEntries)
        try load(layout.active, active, .activeEntries)
        try load(layout.maptrack, maptrack, .maptrackEntries)
        try load(layout.freeHandles, free, .maptrackFree)
        try load(layout.ports, ports, .eventPorts)
        for dom in slots.records where Int(dom.pageCount) > pages.width || Int(dom.freeHandleCount) > free.width {
            throw DecodingError.dataCorruptedError(forKey: .domains, in: c, debugDescription: "a list is longer than its row")
        }
    }
}

extension HypervisorTables {
    /// These tables with `frames` as their frame table (decoding), and the
    /// constants set.
    func withFrames(_ frames: [FrameRecord], config: XenConfig, mutants: XenMutants) -> HypervisorTables {
        let l = layout
        let shaped = TableLayout(frames: frames.count, domains: l.domains, pages: l.pages.width, grants: l.grants.width,
                                 maptrack: l.maptrack.width, freeHandles: l.freeHandles.width, ports: l.ports.width)
        var t = HypervisorTables(layout: shaped, config: config, mutants: mutants, frame: FrameRecord(), domain: Domain(),
                                 page: 0, grant: GrantEntry(), active: ActiveEntry(), maptrack: MaptrackEntry(),
                                 freeHandle: 0, port: EventPort())
        func copy<R>(_ from: TableColumn<R>, _ to: TableColumn<R>) {
            withColumn(from) { src in t.withMutableColumn(to) { dst in for i in dst.indices { dst[i] = src[i] } } }
        }
        t.withMutableColumn(shaped.frames) { dst in for i in dst.indices { dst[i] = frames[i] } }
        copy(l.slots, shaped.slots); copy(l.pages, shaped.pages); copy(l.grants, shaped.grants)
        copy(l.active, shaped.active); copy(l.maptrack, shaped.maptrack); copy(l.freeHandles, shaped.freeHandles)
        copy(l.ports, shaped.ports)
        return t
    }
}
