import ExoXen

/// The library modules a unikernel application can link, MirageOS-style: an
/// application names the modules it uses directly and the image holds only
/// what those reach. Sizes are in pages and only matter relative to each
/// other.
public enum UnikernelLibrary {
    /// (name, text pages, data pages, dependencies by name)
    static let modules: [(String, UInt32, UInt32, [String])] = [
        ("console", 1, 1, []),
        ("clock", 1, 0, []),
        ("random", 1, 1, ["clock"]),
        ("xenstore", 1, 1, []),
        ("gnt", 1, 0, []),
        ("evtchn", 1, 0, []),
        ("netif", 2, 1, ["gnt", "evtchn", "xenstore"]),
        ("ethernet", 1, 0, ["netif"]),
        ("arp", 1, 1, ["ethernet", "clock"]),
        ("ipv4", 2, 1, ["ethernet", "arp", "random"]),
        ("udp", 1, 0, ["ipv4"]),
        ("tcp", 3, 1, ["ipv4", "clock", "random"]),
        ("dns", 2, 1, ["udp"]),
        ("http", 3, 1, ["tcp"]),
        ("tls", 4, 2, ["tcp", "random"]),
        ("block", 2, 1, ["gnt", "evtchn", "xenstore"]),
        ("fs", 2, 1, ["block"]),
        ("vchan", 1, 1, ["gnt", "evtchn", "xenstore"]),
    ]

    public static var names: [String] { modules.map(\.0) }

    /// The graph with the library modules first and the application last,
    /// depending on `uses`. Returns nil (with the unknown name) if a module
    /// is not in the library.
    public static func graph(app: String, uses: [String]) -> (graph: ModuleGraph, appIndex: Int)? {
        let names = self.names
        var mods: [UnikernelModule] = []
        for (name, text, data, deps) in modules {
            mods.append(UnikernelModule(name: name, textPages: text, dataPages: data,
                                        dependencies: deps.compactMap { names.firstIndex(of: $0) }))
        }
        var appDeps: [Int] = []
        for u in uses {
            guard let i = names.firstIndex(of: u) else { return nil }
            appDeps.append(i)
        }
        mods.append(UnikernelModule(name: app, textPages: 1, dataPages: 1, dependencies: appDeps))
        return (ModuleGraph(mods), mods.count - 1)
    }
}
