/// What a snapshot stores of the tables: each per-domain table as its row
/// width and its records, all rows in order. (The frame table is the
/// hypervisor's to store, as it always was: snapshots keep their form.)
///
/// Decoding goes through this plain form: the hypervisor, once it knows its
/// configuration, builds its tables from it (`HypervisorTables.init(snapshot:...)`),
/// which checks every size and every list before it allocates anything.
struct TablesSnapshot: Codable {
    struct Table<R: Codable>: Codable {
        var width: Int
        var records: [R]
    }

    var domainCount: Int
    var domains: Table<Domain>
    var pageLists: Table<FrameNumber>
    var grantEntries: Table<GrantEntry>
    var activeEntries: Table<ActiveEntry>
    var maptrackEntries: Table<MaptrackEntry>
    var maptrackFree: Table<GrantHandle>
    var eventPorts: Table<EventPort>
}

extension HypervisorTables {
    /// The snapshot form of these tables.
    var snapshot: TablesSnapshot {
        let l = layout
        func table<R: Codable>(_ c: TableColumn<R>) -> TablesSnapshot.Table<R> {
            TablesSnapshot.Table(width: c.width, records: withColumn(c) { Array($0) })
        }
        return TablesSnapshot(domainCount: l.domains, domains: table(l.slots), pageLists: table(l.pages),
                              grantEntries: table(l.grants), activeEntries: table(l.active),
                              maptrackEntries: table(l.maptrack), maptrackFree: table(l.freeHandles),
                              eventPorts: table(l.ports))
    }

    /// Tables of `layout` holding `frames` and the snapshot's records, or
    /// why not: a table whose size is not the layout's, or a record a
    /// hypervisor never leaves (a list not blank past its end, an inactive
    /// active entry with fields set). Such a snapshot would not fingerprint
    /// like the state it claims to be, since the tables' bytes are the
    /// encoding.
    init(snapshot s: TablesSnapshot, frames: [FrameRecord], layout: TableLayout, config: XenConfig,
         mutants: XenMutants) throws(SnapshotProblem) {
        guard s.domainCount == layout.domains, frames.count == layout.frames.width else {
            throw SnapshotProblem("the tables do not have the configuration's sizes")
        }
        func check<R>(_ t: TablesSnapshot.Table<R>, _ c: TableColumn<R>, _ name: String) throws(SnapshotProblem) {
            guard t.width == c.width, t.records.count == c.count else {
                throw SnapshotProblem("\(name): expected \(c.count) records of width \(c.width)")
            }
        }
        try check(s.domains, layout.slots, "domains")
        try check(s.pageLists, layout.pages, "pageLists")
        try check(s.grantEntries, layout.grants, "grantEntries")
        try check(s.activeEntries, layout.active, "activeEntries")
        try check(s.maptrackEntries, layout.maptrack, "maptrackEntries")
        try check(s.maptrackFree, layout.freeHandles, "maptrackFree")
        try check(s.eventPorts, layout.ports, "eventPorts")
        for (d, dom) in s.domains.records.enumerated() {
            for (list, count, name) in [(s.pageLists, Int(dom.pageCount), "page list"),
                                        (s.maptrackFree, Int(dom.freeHandleCount), "maptrack free list")] {
                guard count <= list.width else { throw SnapshotProblem("d\(d)'s \(name) is longer than its row") }
                let row = list.records[(d * list.width)..<((d + 1) * list.width)]
                guard row.dropFirst(count).allSatisfy({ $0 == 0 }) else {
                    throw SnapshotProblem("d\(d)'s \(name) is not blank past its end")
                }
            }
        }
        guard s.activeEntries.records.allSatisfy({ $0.isActive || $0 == ActiveEntry() }) else {
            throw SnapshotProblem("an inactive active entry has fields set")
        }
        self.init(layout: layout, config: config, mutants: mutants, frame: FrameRecord(), domain: Domain(), page: 0,
                  grant: GrantEntry(), active: ActiveEntry(), maptrack: MaptrackEntry(), freeHandle: 0, port: EventPort())
        func load<R>(_ c: TableColumn<R>, _ records: [R]) {
            withMutableColumn(c) { all in for i in all.indices { all[i] = records[i] } }
        }
        load(layout.frames, frames)
        load(layout.slots, s.domains.records)
        load(layout.pages, s.pageLists.records)
        load(layout.grants, s.grantEntries.records)
        load(layout.active, s.activeEntries.records)
        load(layout.maptrack, s.maptrackEntries.records)
        load(layout.freeHandles, s.maptrackFree.records)
        load(layout.ports, s.eventPorts.records)
    }
}

/// Why a snapshot's tables were refused.
struct SnapshotProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
