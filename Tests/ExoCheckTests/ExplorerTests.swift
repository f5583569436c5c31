import XCTest
import ExoCore
@testable import ExoCheck

func options(_ strategy: ExploreOptions.Strategy = .bfs, jobs: Int = 1, por: Bool = false, symmetry: Bool = false) -> ExploreOptions {
    var o = ExploreOptions(strategy: strategy)
    o.jobs = jobs
    o.partialOrderReduction = por
    o.symmetryReduction = symmetry
    return o
}

final class ExplorerTests: XCTestCase {
    func testExactCountsMatchHandAndReference() {
        // (limit+1)^P counter vectors × (nobody or one of P holds the lock).
        let m = MutexModel(processes: 3, limit: 2)
        let r = Explorer(model: m, options: options()).run()
        XCTAssertEqual(r.verdict, .holds)
        XCTAssertEqual(r.distinct, 27 * 4)
        XCTAssertEqual(Int(r.distinct), ReferenceExplorer(model: m).explore().distinct)
        XCTAssertTrue(r.violations.isEmpty)
        XCTAssertNil(r.stoppedBy)
        let ref = ReferenceExplorer(model: CountersModel(processes: 3, limit: 3)).explore()
        let c = Explorer(model: CountersModel(processes: 3, limit: 3), options: options()).run()
        XCTAssertEqual(c.distinct, 64)
        XCTAssertEqual(Int(c.distinct), ref.distinct)
        // Each of 3 counters steps 3 times from each combination of the others: 3 * 3 * 16.
        let transitions = 3 * 3 * 16
        XCTAssertEqual(c.generated, UInt64(transitions))
        XCTAssertEqual(c.depth, 9)
        XCTAssertEqual(c.coverage, [OperationCoverage(op: 0, name: "op0", count: UInt64(transitions))])
    }

    func testRepeatedSuccessorsAreAdmittedOnceWhateverTheBatching() {
        // 0...6 on a number line; from each point two actions step +1 (a
        // repeat within every expansion) and one steps +2.
        let m = StepsModel(limit: 6)
        for strategy in [ExploreOptions.Strategy.bfs, .dfs] {
            for jobs in [1, 2] {
                for batch in [1, 2, 16_384] {
                    var o = options(strategy, jobs: jobs)
                    o.batchSize = batch
                    let r = Explorer(model: m, options: o).run()
                    let label = "\(strategy) jobs \(jobs) batch \(batch)"
                    XCTAssertEqual(r.verdict, .holds, label)
                    XCTAssertEqual(r.distinct, 7, label)
                    XCTAssertEqual(r.generated, 5 * 3 + 2, "every transition counted, repeats too: \(label)")
                    if strategy == .bfs { XCTAssertEqual(r.depth, 3, label) }
                }
            }
        }
        // The violating state is reached twice in one expansion (actions 0
        // and 1): one violation, on the first action, even with --continue.
        var o = options(jobs: 2)
        o.maxViolations = 3
        o.batchSize = 1
        let r = Explorer(model: StepsModel(limit: 6, bad: 1), options: o).run()
        XCTAssertEqual(r.violations.count, 1)
        XCTAssertEqual(r.violations.first?.path, [0])
        let deeper = Explorer(model: StepsModel(limit: 6, bad: 3), options: options(jobs: 2)).run()
        XCTAssertEqual(deeper.violations.first?.path, [0, 2], "shortest, lowest actions first")
    }

    func testSelfLoopsAreCountedButNotFingerprinted() {
        let plain = Explorer(model: StepsModel(limit: 6), options: options()).run()
        XCTAssertEqual(plain.selfLoops, 0)
        for strategy in [ExploreOptions.Strategy.bfs, .dfs] {
            for jobs in [1, 2] {
                var o = options(strategy, jobs: jobs)
                o.batchSize = 2
                let r = Explorer(model: StepsModel(limit: 6, stay: true), options: o).run()
                XCTAssertEqual(r.distinct, 7)
                XCTAssertEqual(r.generated, 17 + 7, "one more transition per state, counted")
                XCTAssertEqual(r.selfLoops, 7, "\(strategy) jobs \(jobs)")
                XCTAssertEqual(r.coverage.first { $0.op == 0 }?.count, 7, "the stay operation is covered")
                XCTAssertTrue(ExploreSummary(r).text().contains("24 generated (7 back to their own state)"))
                XCTAssertTrue(ExploreSummary(r).json().contains("\"self_loop_transitions\":7"))
            }
        }
        XCTAssertEqual(ReferenceExplorer(model: StepsModel(limit: 6, stay: true)).explore().distinct, 7)
        var o = options(.random(seed: 1, walks: 5, depth: 10))
        o.maxStates = 100
        XCTAssertEqual(Explorer(model: StepsModel(limit: 6, stay: true), options: o).run().selfLoops, 0,
                       "random walks keep every successor and do not look")
    }

    func testMutantCaughtAndBFSCounterexampleIsShortest() {
        let good = Explorer(model: MutexModel(processes: 3, limit: 2), options: options()).run()
        XCTAssertEqual(good.verdict, .holds)
        let m = MutexModel(processes: 3, limit: 2, ignoreLock: true)
        let r = Explorer(model: m, options: options()).run()
        XCTAssertEqual(r.verdict, .violation)
        XCTAssertEqual(r.violations.count, 1)
        XCTAssertEqual(r.violations[0].first.invariant, "mutual-exclusion")
        XCTAssertEqual(r.violations[0].depth, 2)
        XCTAssertEqual(r.violations[0].depth, ReferenceExplorer(model: m).explore().shortestViolation)

        let deep = CountersModel(processes: 3, limit: 4, target: 7)
        let d = Explorer(model: deep, options: options()).run()
        XCTAssertEqual(d.violations.first?.depth, 7)
        XCTAssertEqual(ReferenceExplorer(model: deep).explore().shortestViolation, 7)
    }

    func testCounterexampleReplaysToTheViolatingState() throws {
        let m = MutexModel(processes: 3, limit: 2, ignoreLock: true)
        let r = Explorer(model: m, options: options()).run()
        let v = try XCTUnwrap(r.violations.first)
        let replay = try XCTUnwrap(m.replay(path: v.path))
        XCTAssertEqual(replay.states.count, v.path.count + 1)
        XCTAssertEqual(replay.violations, v.violations)
        XCTAssertEqual(m.fingerprint64(of: replay.finalState), v.fingerprintLow)
        XCTAssertNil(m.replay(path: [99]), "an index that is not enabled is refused, not trapped")

        let t = CounterexampleTimeline(model: m, replay: replay)
        XCTAssertEqual(t.steps.map(\.operation), ["acquire", "acquire"])
        XCTAssertEqual(t.steps[0].number, 1)
        XCTAssertTrue(t.steps[1].changes.contains(FieldChange(path: "holders", before: "1", after: "2")), "\(t.steps[1].changes)")
        XCTAssertTrue(t.render().contains("violated mutual-exclusion"))
    }

    func testDFSAndRandomFindTheBug() {
        let m = MutexModel(processes: 3, limit: 2, ignoreLock: true)
        let d = Explorer(model: m, options: options(.dfs)).run()
        XCTAssertEqual(d.verdict, .violation)
        XCTAssertEqual(m.replay(path: d.violations[0].path)?.violations.isEmpty, false)
        XCTAssertEqual(Explorer(model: MutexModel(processes: 3, limit: 2), options: options(.dfs)).run().distinct, 108)

        let r = Explorer(model: m, options: options(.random(seed: 1, walks: 20, depth: 10))).run()
        XCTAssertEqual(r.verdict, .violation)
        XCTAssertEqual(m.replay(path: r.violations[0].path)?.violations.isEmpty, false)
        let again = Explorer(model: m, options: options(.random(seed: 1, walks: 20, depth: 10))).run()
        XCTAssertEqual(again.violations, r.violations, "same seed, same walk")

        let clean = Explorer(model: MutexModel(processes: 3, limit: 2), options: options(.random(seed: 1, walks: 20, depth: 10))).run()
        XCTAssertEqual(clean.verdict, .boundHit(.walks))
    }

    func testSwarmWeightsDependOnTheWalk() {
        typealias E = Engine<MutexModel, UInt64>
        let ops: [UInt16] = Array(0..<32)
        let a = ops.map { E.weight(of: $0, walkSeed: 1) }
        let b = ops.map { E.weight(of: $0, walkSeed: 2) }
        XCTAssertEqual(a, ops.map { E.weight(of: $0, walkSeed: 1) }, "weights are a function of the seed")
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(a.contains(0), "some operations are switched off")
        XCTAssertTrue(a.allSatisfy { $0 <= 7 })
    }

    func testContinueCollectsDistinctViolations() {
        let m = MutexModel(processes: 2, limit: 1, ignoreLock: true, overflow: true)
        var o = options()
        o.maxViolations = 5
        var streamed: [FoundViolation] = []
        o.onViolation = { streamed.append($0) }
        let r = Explorer(model: m, options: o).run()
        XCTAssertEqual(r.verdict, .violation)
        XCTAssertEqual(Set(r.violations.map(\.first.invariant)), ["mutual-exclusion", "counter-bound"])
        XCTAssertEqual(r.violations.count, 2, "one per invariant")
        XCTAssertEqual(streamed, r.violations)
        for v in r.violations { XCTAssertEqual(m.replay(path: v.path)?.violations.isEmpty, false) }
    }

    /// The violation callback runs on the caller's thread even when BFS
    /// workers merge (the CLI writes traces from it). The violating state
    /// is one late in its level, so its chunk is merged by either thread;
    /// several runs, since which thread merges a chunk varies.
    func testViolationCallbackRunsOnTheCallersThread() {
        let caller = pthread_self()
        var bad: [UInt8] = [0, 0, 0, 0, 0, 0]
        for k in 0..<8 {
            bad[5 - k % 3] = 4
            bad[k % 2] = UInt8(k % 3)
            let m = CountersModel(processes: 6, limit: 4, forbidden: bad)
            var o = options(jobs: 2)
            var calls = 0, onCaller = 0
            o.onViolation = { _ in
                calls += 1
                if pthread_equal(pthread_self(), caller) != 0 { onCaller += 1 }
            }
            let r = Explorer(model: m, options: o).run()
            XCTAssertEqual(r.verdict, .violation, "\(bad)")
            XCTAssertEqual(calls, 1, "\(bad)")
            XCTAssertEqual(onCaller, 1, "\(bad): the callback ran on a worker thread")
        }
    }

    func testBoundsStopCleanlyAndSayWhich() {
        let m = MutexModel(processes: 3, limit: 2)
        var o = options()
        o.maxStates = 50
        let s = Explorer(model: m, options: o).run()
        XCTAssertEqual(s.verdict, .boundHit(.states))
        XCTAssertEqual(s.distinct, 50)

        o = options(); o.maxDepth = 2
        let d = Explorer(model: m, options: o).run()
        XCTAssertEqual(d.verdict, .boundHit(.depth))
        XCTAssertEqual(d.depth, 2)
        XCTAssertGreaterThan(d.queued, 0)

        o = options(.dfs); o.maxDepth = 2
        XCTAssertEqual(Explorer(model: m, options: o).run().verdict, .boundHit(.depth))

        o = options(); o.maxDepth = 100
        XCTAssertEqual(Explorer(model: m, options: o).run().verdict, .holds, "a depth bound never reached is no bound hit")

        o = options(); o.memoryLimit = 1000; o.initialCapacity = 16
        let mem = Explorer(model: MutexModel(processes: 5, limit: 4), options: o).run()
        XCTAssertEqual(mem.verdict, .boundHit(.memory))
        XCTAssertLessThan(mem.distinct, 18750)
        XCTAssertFalse(mem.nondeterministic, "a limit the user chose stops at the same state on every machine")
        o.memoryLimitFromMachine = true
        let machine = Explorer(model: MutexModel(processes: 5, limit: 4), options: o).run()
        XCTAssertEqual(machine.distinct, mem.distinct)
        XCTAssertTrue(machine.nondeterministic, "the default limit depends on the machine")
        XCTAssertTrue(ExploreSummary(machine).text().contains("default memory bound"))
        o.memoryLimit = 1 << 30
        XCTAssertFalse(Explorer(model: MutexModel(processes: 5, limit: 4), options: o).run().nondeterministic,
                       "a run the default bound did not cut is deterministic")

        o = options(); o.timeLimit = 0
        let t = Explorer(model: MutexModel(processes: 5, limit: 4), options: o).run()
        XCTAssertEqual(t.verdict, .boundHit(.time))
        XCTAssertTrue(t.nondeterministic)
    }

    func testViolationInTheInitialState() {
        let m = CountersModel(processes: 2, limit: 2, target: 0)
        let r = Explorer(model: m, options: options()).run()
        XCTAssertEqual(r.verdict, .violation)
        XCTAssertEqual(r.violations[0].path, [])
        XCTAssertEqual(r.distinct, 1)
    }

    func testWideFingerprintsGiveTheSameCounts() {
        let m = MutexModel(processes: 4, limit: 3)
        var o = options()
        o.initialCapacity = 16
        let narrow = Explorer(model: m, options: o).run()
        o.fingerprint = .bits128
        let wide = Explorer(model: m, options: o).run()
        XCTAssertEqual(narrow.distinct, wide.distinct)
        XCTAssertEqual(narrow.generated, wide.generated)
        XCTAssertEqual(wide.fingerprintBits, 128)
        XCTAssertLessThan(wide.collision.calculated, narrow.collision.calculated)
        XCTAssertLessThanOrEqual(narrow.bytesPerState, 16)
        XCTAssertGreaterThan(narrow.loadFactor, 0.5)
        XCTAssertEqual(narrow.parentLinkBytesPerState >= 8, true)
    }

    func testProgressIsReported() {
        var o = options()
        o.progressInterval = 0
        var reports: [ExploreProgress] = []
        o.onProgress = { reports.append($0) }
        let r = Explorer(model: MutexModel(processes: 3, limit: 2), options: o).run()
        XCTAssertFalse(reports.isEmpty)
        XCTAssertEqual(reports.last?.distinct, r.distinct)
        XCTAssertEqual(reports.last?.queue, 0)
    }

    func testJSONSummaryHasStableFields() throws {
        let r = Explorer(model: MutexModel(processes: 2, limit: 1, ignoreLock: true), options: options()).run()
        let json = ExploreSummary(r).json()
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["verdict", "distinct_states", "generated_states", "depth", "bytes_per_state", "load_factor",
                    "collision_probability", "collision_probability_observed", "signature", "coverage", "violations",
                    "states_per_second", "fingerprint_bits", "por_skipped_transitions", "self_loop_transitions"] {
            XCTAssertNotNil(obj[key], key)
        }
        XCTAssertEqual(obj["verdict"] as? String, "violation")
        let text = ExploreSummary(r).text()
        XCTAssertTrue(text.hasPrefix("verdict: violation"))
        XCTAssertTrue(text.contains("signature: \(r.signature)"))
        let v = try XCTUnwrap((obj["violations"] as? [[String: Any]])?.first)
        XCTAssertEqual(v["invariant"] as? String, "mutual-exclusion")
    }
}
