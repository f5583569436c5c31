import XCTest
import ExoCore
@testable import ExoKernel

/// Machine frame numbers the tests hand the kernel (deliberately not 0..<n).
let testFrames: [UInt32] = [100, 101, 102, 103, 104, 105]

func makeKernel(frames: [UInt32] = testFrames, mutants: ExoMutants = [], _ tweak: (inout ExoConfig) -> Void = { _ in }) -> Exokernel {
    var config = ExoConfig()
    tweak(&config)
    return Exokernel(frames: frames, config: config, mutants: mutants)
}

/// Drives a kernel step by step and checks every invariant after each step,
/// as the explorer does, collecting the names of those that failed.
struct Harness {
    var k: Exokernel
    var now: Tick = 0
    var fired: [Violation] = []

    init(mutants: ExoMutants = [], _ tweak: (inout ExoConfig) -> Void = { _ in }) {
        k = makeKernel(mutants: mutants, tweak)
        check()
    }

    var firedNames: [String] {
        var names: [String] = []
        for v in fired where !names.contains(v.invariant) { names.append(v.invariant) }
        return names
    }

    mutating func check() { k.checkInvariants(now: now, into: &fired) }

    /// One operation, then the invariant check.
    @discardableResult
    mutating func step<R>(_ body: (inout Exokernel, Tick) -> R) -> R {
        let r = body(&k, now)
        check()
        return r
    }

    /// Advances time to `t`, firing every deadline on the way as the World
    /// does (due deadlines are urgent), checking after each.
    mutating func advance(to t: Tick) {
        while let d = k.nextDeadline, d <= t {
            now = max(now, d)
            check()
            k.fireDue(now: now)
            check()
        }
        now = max(now, t)
        check()
    }

    /// Creates an environment and gives it frame `frame` with its root capability.
    @discardableResult
    mutating func envWithFrame(_ frame: UInt32) -> Int {
        let (st, env) = step { k, _ in k.createEnv() }
        XCTAssertEqual(st, .ok)
        XCTAssertEqual(step { k, _ in k.allocFrame(env, frame: frame, capSlot: 0) }, .ok)
        return env
    }
}

/// For each named change of `base`: the changed value differs from `base`
/// under `==` and under `equalInPlace` both ways (a field left out of an
/// in-place comparison fails here).
func assertEveryChangeIsSeen<T: Equatable>(_ base: T, _ changes: [(String, (inout T) -> Void)],
                                           equalInPlace: (T, T) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
    for (field, change) in changes {
        var changed = base
        change(&changed)
        XCTAssertNotEqual(changed, base, field, file: file, line: line)
        XCTAssertFalse(equalInPlace(changed, base), "\(field) is compared", file: file, line: line)
        XCTAssertFalse(equalInPlace(base, changed), "\(field) is compared", file: file, line: line)
    }
}
