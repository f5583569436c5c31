import XCTest
import ExoCore
@testable import ExoCheck

/// `maxDepth`: what each strategy leaves unexpanded, and what the summary
/// says about a depth-first search it cut.
final class DepthBoundTests: XCTestCase {
    /// Node 0 leads to 1 and 4; 1 -> 2 -> 3, and 4 -> 3 too; 3 -> 5.
    /// Depth-first search meets 3 first at depth 3 (through 1 and 2); with
    /// a bound of 3 it does not expand it there, nor when 4 reaches it at
    /// depth 2, so it misses 5, which breadth-first search finds at depth 3.
    let shortcut = GraphModel(edges: [[1, 4], [2], [3], [5], [3], []])

    func testADepthBoundedDepthFirstSearchSaysItCanMissStates() {
        var o = options(.bfs)
        o.maxDepth = 3
        let bfs = Explorer(model: shortcut, options: o).run()
        o.strategy = .dfs
        let dfs = Explorer(model: shortcut, options: o).run()
        XCTAssertEqual(bfs.distinct, 6)
        XCTAssertEqual(dfs.distinct, 5, "node 5 is missed")
        XCTAssertEqual(dfs.verdict, .boundHit(.depth))
        let note = "a depth-first search cut by the depth bound can miss states within the bound"
        XCTAssertTrue(ExploreSummary(dfs).text().contains(note), ExploreSummary(dfs).text())
        XCTAssertTrue(ExploreSummary(dfs).text().contains("breadth-first search (--strategy bfs) does not"))
        XCTAssertFalse(ExploreSummary(bfs).text().contains(note))

        // A bound that cuts nothing, or no bound: no note.
        o.maxDepth = 10
        let whole = Explorer(model: shortcut, options: o).run()
        XCTAssertEqual(whole.verdict, .holds)
        XCTAssertEqual(whole.distinct, 6)
        XCTAssertFalse(ExploreSummary(whole).text().contains(note))
        o.maxDepth = nil
        XCTAssertFalse(ExploreSummary(Explorer(model: shortcut, options: o).run()).text().contains(note))
    }

    /// The states a depth bound leaves unexpanded are counted the same way
    /// by both strategies and every jobs count, the initial state too when
    /// the bound is 0 (it used to be counted by neither; depth-first search
    /// counted none at any bound).
    func testTheStatesLeftAtTheDepthBoundAreCounted() {
        let cases: [(depth: Int, queued: Int)] = [(0, 1), (1, 2), (2, 2)]
        for (depth, queued) in cases {
            for strategy in [ExploreOptions.Strategy.bfs, .dfs] {
                for jobs in [1, 2] {
                    var o = options(strategy, jobs: jobs)
                    o.maxDepth = depth
                    let r = Explorer(model: shortcut, options: o).run()
                    let label = "\(strategy) jobs \(jobs) depth \(depth)"
                    XCTAssertEqual(r.verdict, .boundHit(.depth), label)
                    XCTAssertEqual(r.queued, queued, label)
                    XCTAssertTrue(ExploreSummary(r).text().contains("depth \(depth), \(queued) left unexpanded"),
                                  "\(label): \(ExploreSummary(r).text())")
                }
            }
        }
        var o = options(.bfs, jobs: 2)
        o.maxDepth = 0
        let r = Explorer(model: MutexModel(processes: 3, limit: 2), options: o).run()
        XCTAssertEqual(r.distinct, 1)
        XCTAssertEqual(r.generated, 0)
        XCTAssertEqual(r.queued, 1)
        XCTAssertEqual(ExploreSummary(r).queued, 1)
    }
}

/// A fixed directed graph: node `n` has an edge (action `i`) to `edges[n][i]`.
struct GraphModel: Model {
    var edges: [[Int]]

    struct State: Equatable, Codable, CanonicalEncodable {
        var node: Int32
        func encode(into e: inout CanonicalEncoder) { e.i32(node) }
    }

    typealias Action = Int32

    func clock(of s: State) -> Tick { 0 }
    func initialState() -> State { State(node: 0) }
    func actions(of s: State, into out: inout [Int32]) { for n in edges[Int(s.node)] { out.append(Int32(n)) } }
    func apply(_ n: Int32, to s: inout State) -> Event {
        s.node = n
        return Event(actor: 0, op: 0, operands: Operands(n))
    }
    func check(_ s: State, into v: inout [Violation]) {}
}
