/// One library module a unikernel application can link: its code and
/// static data sizes, and the modules it depends on (indices into the
/// graph).
public struct UnikernelModule: Equatable, Codable, Sendable {
    public var name: String
    public var textPages: UInt32
    public var dataPages: UInt32
    public var dependencies: [Int]

    public init(name: String, textPages: UInt32, dataPages: UInt32, dependencies: [Int] = []) {
        self.name = name
        self.textPages = textPages
        self.dataPages = dataPages
        self.dependencies = dependencies
    }
}

/// A module dependency graph (it may have cycles; reachability is what
/// counts).
public struct ModuleGraph: Equatable, Codable, Sendable {
    public var modules: [UnikernelModule]

    public init(_ modules: [UnikernelModule]) { self.modules = modules }

    /// The modules reachable from `root` (itself included), ascending, or
    /// nil if `root` or any dependency on the way names no module.
    public func reachable(from root: Int) -> [Int]? {
        guard root >= 0 && root < modules.count else { return nil }
        var seen = Array(repeating: false, count: modules.count)
        var stack = [root]
        seen[root] = true
        while let m = stack.popLast() {
            for dep in modules[m].dependencies {
                guard dep >= 0 && dep < modules.count else { return nil }
                if !seen[dep] { seen[dep] = true; stack.append(dep) }
            }
        }
        return seen.indices.filter { seen[$0] }
    }
}
