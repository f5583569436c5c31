import ExoStack
import XCTest
@testable import ExoSpec

/// Elaboration: what a valid spec becomes, and golden text for every kind
/// of elaboration error.
final class ElaborationTests: XCTestCase {
    private func compile(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SystemSpec? {
        let (system, diags) = SpecCompiler.check(text: text, file: "t.exo", catalogues: .design)
        if system == nil || !diags.isEmpty { XCTFail("unexpected diagnostics:\n" + diags.rendered, file: file, line: line) }
        return system
    }

    private func check(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let (system, diags) = SpecCompiler.check(text: input, file: "t.exo", catalogues: .design)
        XCTAssertNil(system, "expected the spec to be rejected", file: file, line: line)
        SpecTestSupport.assertRendered(diags.rendered, expected, file: file, line: line)
    }

    private static let prelude = "spec s\nexpect holds\n"

    // MARK: what specs become

    func testDocumentedExamplesElaborate() throws {
        for (title, text) in try SpecTestSupport.documentedExamples() {
            // The real catalogues: the examples must name invariants and mutants that exist.
            let (system, diags) = SpecCompiler.check(text: text, file: title)
            XCTAssertEqual(diags, [], "\(title):\n" + diags.rendered)
            guard let system else { XCTFail(title); continue }
            // The world must accept what elaboration produced.
            XCTAssertNoThrow(try SystemModel(system: system), title)
        }
    }

    func testSystemDescription() throws {
        let s = try XCTUnwrap(compile("""
            spec sys
              "About it."
            expect violation grant-readonly
            machine frames 8 cpus 2 tlb 3
            hypervisor grant-entries 3 maptrack 5 ports 6
            domain d0, d1 : guest frames 2
            domain u0 : unikernel app echo modules tcp, console
            domain x0 : exokernel stlb 16 guaranteed 1 deadline 3 quantum 5 containers 4 frames 2
            env e0, e1 on x0
            process p0 on e1 container 3
            process p1 on e0
            filter f0 code "accept"
            packet k0, k1 bytes 8, 0x45
            packet k2 bytes "hi"
            check grant-readonly, grant-readonly
            check maptrack-consistency
            mutant end-access-while-mapped
            explore strategy dfs depth 12 states 99

            """))
        XCTAssertEqual(s.name, "sys")
        XCTAssertEqual(s.summary, "About it.")
        XCTAssertEqual(s.expect, .violation("grant-readonly"))
        XCTAssertEqual(s.machine, MachineConfig(frames: 8, cpus: 2, tlbEntries: 3))
        XCTAssertEqual(s.hypervisor, HypervisorConfig(grantEntries: 3, maptrackSlots: 5, ports: 6))
        XCTAssertEqual(s.domains.map(\.name), ["d0", "d1", "u0", "x0"])
        XCTAssertEqual(s.domains[1], DomainSpec(name: "d1", kind: .guest, initialFrames: 2))
        XCTAssertEqual(s.domains[2].kind, .unikernel(UnikernelSpec(app: "echo", modules: ["tcp", "console"])))
        XCTAssertEqual(s.domains[3].kind, .exokernel(ExokernelSpec(
            envs: ["e0", "e1"], stlbEntries: 16, guaranteed: 1, revocationDeadline: 3, quantum: 5, containers: 4,
            processes: [ProcessSpec(name: "p0", env: 1, container: 3), ProcessSpec(name: "p1", env: 0, container: 0)])))
        XCTAssertEqual(s.filters, [FilterSpec(name: "f0", source: "accept")])
        XCTAssertEqual(s.packets, [PacketSpec(name: "k0", bytes: [8, 0x45]), PacketSpec(name: "k1", bytes: [8, 0x45]),
                                   PacketSpec(name: "k2", bytes: [0x68, 0x69])])
        XCTAssertEqual(s.invariants, ["grant-readonly", "maptrack-consistency"])
        XCTAssertEqual(s.mutants, ["end-access-while-mapped"])
        XCTAssertEqual(s.explore, ExploreSettings(strategy: "dfs", maxDepth: 12, maxStates: 99))
    }

    func testDefaults() throws {
        let s = try XCTUnwrap(compile(Self.prelude + "domain d0\ncheck all\ncheck grant-readonly\n"))
        XCTAssertEqual(s.machine, MachineConfig())
        XCTAssertEqual(s.hypervisor, HypervisorConfig())
        XCTAssertEqual(s.domains, [DomainSpec(name: "d0", kind: .guest, initialFrames: 0)])
        XCTAssertNil(s.invariants, "'check all' checks everything")
        XCTAssertEqual(s.explore, ExploreSettings())
        XCTAssertEqual(s.expect, .holds)
    }

    func testProgramsResolveOperands() throws {
        let s = try XCTUnwrap(compile(Self.prelude + """
            domain d0, d1 : guest
            domain x0 : exokernel frames 1
            env e0 on x0
            process p0 on e0
            filter f0 code "accept"
            packet k0 bytes 1
            actor a on d0:
              let f = alloc
              let g = grant_access d1 f ro
              wait mapped g
              ignore end_access g
              map_grant_ref any grant offered-to d0 any rights host
            actor l on e0:
              download_filter f0
              ipc_send p0 p0 7
              relinquish any revocation of e0
              access any vpage of e0 rw
            fault revoke e0 any frame of e0
            fault deliver packet k0

            """))
        XCTAssertEqual(s.actors.map(\.name), ["a", "l", "fault:revoke", "fault:deliver"])
        XCTAssertEqual(s.actors.map(\.principal), [.domain(0), .env(domain: 2, env: 0), .kernel, .kernel])
        let a = s.actors[0].program
        XCTAssertEqual(a.localNames, ["f", "g"])
        XCTAssertEqual(a.code, [
            .call(Call(op: .alloc, args: [], bind: 0, source: SourceLoc(line: 10, column: 11))),
            .call(Call(op: .grantAccess, args: [.value(1), .local(0), .value(1)], bind: 1,
                       source: SourceLoc(line: 11, column: 11))),
            .wait(Call(op: .mapped, args: [.local(1)], source: SourceLoc(line: 12, column: 8))),
            .call(Call(op: .endAccess, args: [.local(1)], ignore: true, source: SourceLoc(line: 13, column: 10))),
            .call(Call(op: .mapGrantRef, args: [.any(SetExpr(.grantOfferedTo, [.value(0)])), .any(SetExpr(.rights)), .value(1)],
                       source: SourceLoc(line: 14, column: 3))),
            .halt,
        ])
        let l = s.actors[1].program.code.compactMap { i -> Call? in if case .call(let c) = i { return c } else { return nil } }
        XCTAssertEqual(l.map(\.args), [
            [.value(0)],
            [.value(0), .value(0), .value(7)],
            [.any(SetExpr(.revocationOf, [.value(0)]))],
            [.any(SetExpr(.vpageOf, [.value(0)])), .value(0)],
        ])
        guard case .call(let revoke) = s.actors[2].program.code[0], case .call(let deliver) = s.actors[3].program.code[0] else {
            return XCTFail("faults are one call each")
        }
        XCTAssertEqual(revoke.args, [.value(0), .any(SetExpr(.frameOfEnv, [.value(0)]))])
        XCTAssertEqual(deliver.args, [.value(0)], "the 'packet' label is dropped")
    }

    func testEachActorsShareAProgramShape() throws {
        let s = try XCTUnwrap(compile(Self.prelude + """
            domain d0, d1, d2 : guest
            actor solo on d2:
              alloc
            actor each d in d0, d1:
              loop:
                either: free any frame owned-by d
                or: repeat 2:
                  grant_access any domain other-than d any frame owned-by d rw

            """.replacingOccurrences(of: "or: repeat 2:\n      grant", with: "or:\n      repeat 2:\n        grant")))
        XCTAssertEqual(s.actors.map(\.name), ["solo", "d=d0", "d=d1"])
        XCTAssertEqual(s.actors.map(\.symmetryGroup), [nil, 1, 1])
        XCTAssertEqual(s.actors[1].principal, .domain(0))
        XCTAssertEqual(s.actors[2].principal, .domain(1))
        guard case .call(let c1)? = s.actors[1].program.code.first(where: { if case .call = $0 { return true }; return false }),
              case .call(let c2)? = s.actors[2].program.code.first(where: { if case .call = $0 { return true }; return false })
        else { return XCTFail("calls") }
        XCTAssertEqual(c1.args, [.any(SetExpr(.frameOwnedBy, [.value(0)]))])
        XCTAssertEqual(c2.args, [.any(SetExpr(.frameOwnedBy, [.value(1)]))])
        XCTAssertEqual(s.actors[1].program.code.count, s.actors[2].program.code.count)
    }

    func testEmptyCataloguesTakeNamesOnTrust() {
        let text = Self.prelude.replacingOccurrences(of: "holds", with: "violation anything") +
            "domain d0\ncheck whatever\nmutant some-bug\n"
        let (system, diags) = SpecCompiler.check(text: text, file: "t.exo",
                                                 catalogues: SpecCatalogues(invariants: [], mutants: []))
        XCTAssertEqual(diags, [])
        XCTAssertEqual(system?.mutants, ["some-bug"])
        XCTAssertNil(SpecCompiler.check(text: text, file: "t.exo", catalogues: .design).0)
    }

    func testCompileThrowsEveryError() {
        XCTAssertThrowsError(try SpecCompiler.compile(text: "machine frames 4\n", file: "t.exo", catalogues: .design)) { e in
            XCTAssertEqual((e as? SpecErrors)?.diagnostics.map(\.message),
                           ["the spec has no name", "the spec states no expected verdict", "the system has no domain"])
        }
    }

    func testSyntaxErrorsStopBeforeElaboration() {
        let (system, diags) = SpecCompiler.check(text: "spec s\nexpect holds\ndomain d0 d1 : guest\nactor a on d0:\n  alloc\n",
                                                 file: "t.exo", catalogues: .design)
        XCTAssertNil(system)
        XCTAssertEqual(diags.map(\.message), ["unexpected ':'"], "no cascade of undefined names")
    }

    // MARK: golden elaboration errors

    func testUnknownOperationArityAndUndefinedName() {
        check(Self.prelude + """
            domain d0, d1 : guest
            actor a on d0:
              let f = alloc
              let g = grant_acess d1 f ro
              grant_access d1 f
              unmap_grant_ref h host
              let h = map_grant_ref any grant offered-to d0 ro host
              free zz

            """, """
            t.exo:6:11: error: unknown operation 'grant_acess'
              let g = grant_acess d1 f ro
                      ^~~~~~~~~~~
            hint: did you mean 'grant_access'?
            hint: 'exocheck list operations' prints them all
            t.exo:7:3: error: 'grant_access' takes 3 operands, but 2 are given
              grant_access d1 f
              ^~~~~~~~~~~~~~~~~
            hint: the form is: grant_access DOMAIN FRAME RIGHTS
            note: grant_access: \(Catalogue.info(.grantAccess).summary)
            t.exo:8:19: error: undefined name 'h'
              unmap_grant_ref h host
                              ^
            t.exo:9:7: note: 'h' is bound later in the actor; a name is usable only after its 'let'
              let h = map_grant_ref any grant offered-to d0 ro host
                  ^
            t.exo:10:8: error: undefined name 'zz'
              free zz
                   ^~
            note: names are bound by 'let NAME = ...' earlier in the actor and by 'actor each NAME in ...', or declared by 'domain', 'env', 'process', 'filter' and 'packet' lines
            4 errors generated.
            """)
    }

    func testSystemErrors() {
        check("""
            spec s
            expect violation grant-readnly
            machine frames 4 ram 2 frames 5
            domain d0 : guest frames 3
            domain d1 : guest frames 2
            domain d2 : gust
            mutant end-access-while-mappd
            check maptrack-consistency, nonsense
            explore strategy bfss depth 0 states "many"

            """, """
            t.exo:2:18: error: unknown invariant 'grant-readnly'
            expect violation grant-readnly
                             ^~~~~~~~~~~~~
            hint: did you mean 'grant-readonly'?
            hint: 'exocheck list invariants' prints them all
            t.exo:3:18: error: unknown property 'ram' of 'machine'
            machine frames 4 ram 2 frames 5
                             ^~~
            hint: 'machine' takes 'frames', 'cpus' and 'tlb'
            t.exo:3:24: error: 'frames' is given twice
            machine frames 4 ram 2 frames 5
                                   ^~~~~~
            t.exo:3:9: note: first given here
            machine frames 4 ram 2 frames 5
                    ^~~~~~
            t.exo:5:26: error: domains are given 5 frames, more than the machine has
            domain d1 : guest frames 2
                                     ^
            t.exo:3:9: note: the machine has 4 frames
            machine frames 4 ram 2 frames 5
                    ^~~~~~~~
            t.exo:6:13: error: unknown domain kind 'gust'
            domain d2 : gust
                        ^~~~
            hint: did you mean 'guest'?
            hint: a domain is a 'guest', 'unikernel' or 'exokernel'
            t.exo:7:8: error: unknown mutant 'end-access-while-mappd'
            mutant end-access-while-mappd
                   ^~~~~~~~~~~~~~~~~~~~~~
            hint: did you mean 'end-access-while-mapped'?
            hint: 'exocheck list mutants' prints them all
            t.exo:8:29: error: unknown invariant 'nonsense'
            check maptrack-consistency, nonsense
                                        ^~~~~~~~
            hint: 'exocheck list invariants' prints them all
            t.exo:9:18: error: unknown strategy 'bfss'
            explore strategy bfss depth 0 states "many"
                             ^~~~
            hint: did you mean 'bfs' or 'dfs'?
            hint: the strategies are 'bfs', 'dfs' and 'random'
            t.exo:9:29: error: 'depth' must be from 1 to 1000000, not 0
            explore strategy bfss depth 0 states "many"
                                        ^
            t.exo:9:38: error: 'states' takes an integer from 1 to 1000000000000
            explore strategy bfss depth 0 states "many"
                                                 ^~~~~~
            10 errors generated.
            """)
    }

    func testDefaultMachineIsTooSmall() {
        check(Self.prelude + "domain d0, d1 : guest frames 3\n", """
            t.exo:3:30: error: domains are given 6 frames, more than the machine has
            domain d0, d1 : guest frames 3
                                         ^
            note: the machine has 4 frames by default; set 'machine frames N'
            1 error generated.
            """)
    }

    func testEachOverAKindNameSuggestsAList() {
        check(Self.prelude + "domain d0, d1 : guest\nactor each d in domains:\n  alloc\n", """
            t.exo:4:17: error: unknown domain or env 'domains'
            actor each d in domains:
                            ^~~~~~~
            hint: list them: d0, d1
            hint: an actor runs on a domain or an env declared by a 'domain' or 'env' line
            1 error generated.
            """)
    }

    func testWarningsDoNotRejectTheSpec() {
        let (system, diags) = SpecCompiler.check(text: Self.prelude + "domain x0 : exokernel\nenv e0 on x0\n",
                                                 file: "t.exo", catalogues: .design)
        XCTAssertNotNil(system)
        SpecTestSupport.assertRendered(diags.rendered, """
            t.exo:3:8: warning: the exokernel domain manages no frames, so every 'exo_alloc' is refused
            domain x0 : exokernel
                   ^~
            hint: give it frames from the machine: 'frames N'
            1 warning generated.
            """)
    }

    func testEntityErrors() {
        check(Self.prelude + """
            domain d0 : guest
            domain x0 : exokernel frames 1
            domain u0 : unikernel
            env e0 on x0
            env e1 on d0
            env e2 : big on x0
            env e3
            process p0 on e9
            process p1 on x0
            filter f0
            filter f1, f2 code "accept"
            domain d0 : guest

            """, """
            t.exo:5:13: error: a unikernel domain needs its application
            domain u0 : unikernel
                        ^~~~~~~~~
            hint: add 'app NAME', as in 'domain u0 : unikernel app echo'
            t.exo:7:11: error: 'd0' is a guest domain; environments live in an exokernel domain
            env e1 on d0
                      ^~
            t.exo:3:8: note: 'd0' is declared here
            domain d0 : guest
                   ^~
            t.exo:8:10: error: an env has no kind
            env e2 : big on x0
                     ^~~
            hint: only a domain takes a kind after ':'
            t.exo:9:5: error: an env must say where it lives
            env e3
                ^~
            hint: add 'on NAME', as in 'env e0 on x0'
            t.exo:10:15: error: unknown env 'e9'
            process p0 on e9
                          ^~
            hint: did you mean 'e0' or 'e2'?
            hint: envs are declared by 'env' lines, before they are used
            t.exo:11:15: error: 'x0' is a domain, but process lives on an env
            process p1 on x0
                          ^~
            t.exo:4:8: note: 'x0' is declared here
            domain x0 : exokernel frames 1
                   ^~
            t.exo:12:8: error: a filter needs its code
            filter f0
                   ^~
            hint: add 'code "..."' or 'code |' followed by the bytecode, indented
            t.exo:13:12: error: one filter per line
            filter f1, f2 code "accept"
                       ^~
            hint: each filter has its own code
            t.exo:14:8: error: 'd0' is already declared
            domain d0 : guest
                   ^~
            hint: domains, environments, processes, filters and packets share one namespace
            t.exo:3:8: note: 'd0' is declared here as a domain
            domain d0 : guest
                   ^~
            9 errors generated.
            """)
    }

    func testWhoMayCallWhat() {
        check(Self.prelude + """
            domain d0 : guest
            domain x0 : exokernel frames 1
            env e0 on x0
            process p0 on e0
            actor a on d9:
              alloc
            actor b on p0:
              alloc
            actor c on e0:
              alloc
              seal
              destroy_domain d0
              mapped 1
              wait alloc
            actor c on d0:
              alloc
            fault alloc
            fault mapped 1

            """, """
            t.exo:7:12: error: unknown domain or env 'd9'
            actor a on d9:
                       ^~
            hint: did you mean 'd0'?
            hint: an actor runs on a domain or an env declared by a 'domain' or 'env' line
            t.exo:9:12: error: an actor runs on a domain or an env, and 'p0' is a process
            actor b on p0:
                       ^~
            hint: run it on the process's env 'e0' and name 'p0' in its operations
            t.exo:12:3: error: 'alloc' is done by a domain; this actor runs on the env 'e0'
              alloc
              ^~~~~
            hint: did you mean 'exo_alloc', 'cap_alloc' or 'alloc_slice'?
            hint: run the actor on a domain: 'actor NAME on DOMAIN:'
            t.exo:13:3: error: 'seal' is done by a unikernel domain; this actor runs on the env 'e0'
              seal
              ^~~~
            hint: run the actor on a unikernel domain
            t.exo:14:3: error: 'destroy_domain' is done by the hypervisor or exokernel itself; this actor runs on the env 'e0'
              destroy_domain d0
              ^~~~~~~~~~~~~~
            hint: write it as a fault: 'fault destroy_domain ...'
            t.exo:15:3: error: 'mapped' is a condition, not an operation
              mapped 1
              ^~~~~~
            hint: write 'wait mapped ...' to block until it holds
            t.exo:16:8: error: 'alloc' is an operation, not a condition to wait for
              wait alloc
                   ^~~~~
            hint: 'wait' takes one of 'mapped', 'pending' or 'revoked'
            hint: to perform it, drop 'wait'
            t.exo:17:7: error: actor 'c' is declared twice
            actor c on d0:
                  ^
            t.exo:11:7: note: 'c' is first declared here
            actor c on e0:
                  ^
            t.exo:19:7: error: 'alloc' is done by a domain, not injected as a fault
            fault alloc
                  ^~~~~
            hint: a fault is one of \(NameSuggestions.listed(Catalogue.ops.filter { $0.principal == .kernel }.map(\.name), conjunction: "or"))
            t.exo:20:7: error: 'mapped' is a condition, not an operation
            fault mapped 1
                  ^~~~~~
            hint: write 'wait mapped ...' to block until it holds
            10 errors generated.
            """)
    }

    /// A range stands for at most `SetKind.intRangeLimit` values: a longer
    /// one is an error where it is written, never a silent cut (the lister
    /// used to take its first 64 values).
    func testARangeLongerThanTheLimitIsAnError() throws {
        let body = "domain d0 : guest\nactor a on d0:\n  loop:\n    free any 0..%d\n"
        let ok = SpecCompiler.check(text: Self.prelude + String(format: body, SetKind.intRangeLimit - 1), file: "t.exo", catalogues: .design)
        XCTAssertNotNil(ok.0, ok.1.rendered)
        check(Self.prelude + String(format: body, SetKind.intRangeLimit), """
            t.exo:6:14: error: the range 0..64 has 65 values; a range may have at most 64
                free any 0..64
                         ^~~~~
            hint: each value is a choice of its own at every step: name a set (such as 'any frame owned-by d0') or split the call
            1 error generated.
            """)
    }

    /// A keyword cannot name an entity: `free any` would never reach it.
    func testAKeywordCannotNameADomain() {
        check(Self.prelude + "domain any : guest\n", """
            t.exo:3:8: error: 'any' is a keyword of the spec language and cannot name a domain
            domain any : guest
                   ^~~
            hint: choose another name
            1 error generated.
            """)
    }

    func testOperandErrorsAreReportedOncePerEachBody() {
        check(Self.prelude + """
            domain d0, d1 : guest
            domain x0 : exokernel frames 1
            env e0 on x0
            actor each d in d0, d1:
              let f = alloc
              grant_access e0 f ro
              grant_access d f 3
              let f = grant_access d1 f ro
              let q = free f
              free any frames owned-by d
              free any frame
              free any frame of d
              free any port of d
              free any frame owned-by d d
              free any 5..2
              free "f"
            actor each x0 in d0:
              alloc
            actor each e in d0, e0:
              alloc

            """, """
            t.exo:8:16: error: 'e0' is an env, but 'grant_access' expects a domain here
              grant_access e0 f ro
                           ^~
            hint: name one: 'd0', 'd1' or 'x0'
            t.exo:5:5: note: 'e0' is declared here
            env e0 on x0
                ^~
            t.exo:9:20: error: 'grant_access' expects rights (ro or rw) here, not a number
              grant_access d f 3
                               ^
            hint: write 'rw', 'ro', 'rog' or 'rwg'
            t.exo:10:7: error: 'f' holds a frame, and 'grant_access' returns a ref
              let f = grant_access d1 f ro
                  ^
            hint: bind the result to another name
            t.exo:7:7: note: 'f' is first bound here
              let f = alloc
                  ^
            t.exo:11:7: error: 'free' returns nothing to bind to 'q'
              let q = free f
                  ^
            hint: drop 'let q ='
            t.exo:12:12: error: unknown set 'frames'
              free any frames owned-by d
                       ^~~~~~
            hint: did you mean 'frame'?
            hint: the sets are 'frame', 'domain', 'grant', 'mapping', 'port', 'rights', 'map-kind', 'int', 'env', 'process', 'vpage', 'revocation', 'slot' and 'packet'
            t.exo:13:8: error: 'any frame' needs a qualifier
              free any frame
                   ^~~~~~~~~
            hint: write 'any frame free', 'any frame owned-by DOMAIN' or 'any frame of ENV'
            t.exo:14:21: error: 'd' is a domain, but 'of' expects an env here
              free any frame of d
                                ^
            hint: name one: 'e0'
            t.exo:3:8: note: 'd0' is declared here
            domain d0, d1 : guest
                   ^~
            t.exo:15:8: error: this set yields PORT, but 'free' expects FRAME here
              free any port of d
                   ^~~~~~~~~~~~~
            hint: the form is: free FRAME
            t.exo:16:3: error: 'free' takes 1 operand, but 2 are given
              free any frame owned-by d d
              ^~~~~~~~~~~~~~~~~~~~~~~~~~~
            hint: the form is: free FRAME
            hint: a set such as 'any grant offered-to d' counts for each part of its elements
            note: free: \(Catalogue.info(.free).summary)
            t.exo:17:12: error: the range 5..2 is empty or too large
              free any 5..2
                       ^~~~
            t.exo:18:8: error: 'free' expects a frame here, not text
              free "f"
                   ^~~
            t.exo:19:12: error: 'x0' would hide a domain of the same name
            actor each x0 in d0:
                       ^~
            hint: choose another variable name
            t.exo:4:8: note: 'x0' is declared here
            domain x0 : exokernel frames 1
                   ^~
            t.exo:21:21: error: 'actor each' ranges over one kind of entity; 'e0' is an env
            actor each e in d0, e0:
                                ^~
            hint: 'd0' is a domain
            13 errors generated.
            """)
    }
}
