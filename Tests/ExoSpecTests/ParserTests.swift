import XCTest
@testable import ExoSpec

final class ParserTests: XCTestCase {
    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SpecAST {
        SpecTestSupport.parseValid(text, file: file, line: line) ?? SpecAST()
    }

    private func body(_ program: String) -> [Statement] {
        let text = "actor a on d0:\n" + program.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n") + "\n"
        return parse(text).actors.first?.body ?? []
    }

    private func call(_ s: Statement?) -> CallSyntax? {
        if case .call(let c)? = s?.kind { return c }
        return nil
    }

    func testHeaderWithIndentedDescription() {
        let ast = parse("spec grant-revoke\n  \"Two lines\n   of text.\"  # about\n")
        XCTAssertEqual(ast.header?.name.text, "grant-revoke")
        XCTAssertEqual(ast.header?.description, "Two lines of text.")
        XCTAssertEqual(ast.header?.descriptionComment, " about")
        XCTAssertEqual(ast.header?.name.range.start, SourceLocation(line: 1, column: 6, offset: 5))
    }

    func testHeaderWithDescriptionOnItsLine() {
        let ast = parse("spec s \"short\"\n")
        XCTAssertEqual(ast.header?.description, "short")
    }

    func testExpectations() {
        XCTAssertEqual(parse("expect holds\n").expectation?.verdict, .holds)
        guard case .violation(let inv)? = parse("expect violation grant-readonly\n").expectation?.verdict else {
            return XCTFail("no violation verdict")
        }
        XCTAssertEqual(inv.text, "grant-readonly")
    }

    func testSettings() {
        let ast = parse("machine frames 4 cpus 1 tlb 4\nhypervisor grant-entries 2 maptrack 2\n" +
                        "explore strategy bfs depth 40 states 1000000\n")
        XCTAssertEqual(ast.machine?.properties.map(\.key.text), ["frames", "cpus", "tlb"])
        XCTAssertEqual(ast.machine?.property("frames")?.value, .integer(4, ast.machine!.properties[0].value.range))
        XCTAssertEqual(ast.hypervisor?.property("maptrack").map { Self.intValue($0.value) }, 2)
        guard case .word(let s)? = ast.explore?.property("strategy")?.value else { return XCTFail("strategy") }
        XCTAssertEqual(s.text, "bfs")
        XCTAssertEqual(ast.explore?.property("states").map { Self.intValue($0.value) }, 1_000_000)
    }

    private static func intValue(_ v: ValueSyntax) -> Int? {
        if case .integer(let n, _) = v { return n }
        return nil
    }

    func testEntities() {
        let ast = parse("""
            domain d0, d1, d2 : guest
            domain u0 : unikernel app echo modules net, tcpip, console
            env e0, e1 on x0
            process p0 on e0 container c0
            filter f0 on e0 code "ld8 12; accept"

            """)
        XCTAssertEqual(ast.entities.map(\.keyword.text), ["domain", "domain", "env", "process", "filter"])
        XCTAssertEqual(ast.entities[0].names.map(\.text), ["d0", "d1", "d2"])
        XCTAssertEqual(ast.entities[0].kind?.text, "guest")
        XCTAssertNil(ast.entities[2].kind)
        guard case .list(let mods, _)? = ast.entities[1].property("modules")?.value else { return XCTFail("modules") }
        XCTAssertEqual(mods.count, 3)
        guard case .string(let code, _)? = ast.entities[4].property("code")?.value else { return XCTFail("code") }
        XCTAssertEqual(code, "ld8 12; accept")
    }

    func testFilterAsTextBlock() {
        let ast = parse("filter f0 on e0 code |\n  ld8 12\n  accept\nexpect holds\n")
        guard case .text(let code, _)? = ast.entities.first?.property("code")?.value else { return XCTFail("code") }
        XCTAssertEqual(code, "ld8 12\naccept")
        XCTAssertEqual(ast.expectation?.verdict, .holds)
    }

    func testScriptedActorAndCalls() {
        let ast = parse("""
            actor a on d0:
              let f = alloc
              let g = grant_access d1 f ro
              ignore end_access g
              copy 0 4096 "tag" 0..3
              wait mapped g

            """)
        guard case .on(let name, let target)? = ast.actors.first?.binding else { return XCTFail("binding") }
        XCTAssertEqual([name.text, target.text], ["a", "d0"])
        let b = ast.actors[0].body
        XCTAssertEqual(b.count, 5)
        XCTAssertEqual(call(b[0])?.binding?.text, "f")
        XCTAssertEqual(call(b[0])?.operation.text, "alloc")
        XCTAssertEqual(call(b[1])?.arguments.count, 3)
        XCTAssertEqual(call(b[2])?.ignored, true)
        XCTAssertNil(call(b[2])?.binding)
        guard case .range(0, 3, _)? = call(b[3])?.arguments.last else { return XCTFail("range operand") }
        guard case .string("tag", _)? = call(b[3])?.arguments[2] else { return XCTFail("string operand") }
        guard case .wait(let ev, let args) = b[4].kind else { return XCTFail("wait") }
        XCTAssertEqual(ev.text, "mapped")
        XCTAssertEqual(args.count, 1)
    }

    func testEachActor() {
        let ast = parse("actor each d in d0, d1, d2:\n  alloc\n")
        guard case .each(let v, let over)? = ast.actors.first?.binding else { return XCTFail("binding") }
        XCTAssertEqual(v.text, "d")
        XCTAssertEqual(over.map(\.text), ["d0", "d1", "d2"])
    }

    func testLoopRepeatAndEither() {
        let b = body("""
            loop:
              either:
                alloc
              or: free any frame owned-by d
              or:
                repeat 3:
                  notify 1
                map_grant d0 1 ro
            """)
        guard case .loop(let inner)? = b.first?.kind else { return XCTFail("loop") }
        guard case .either(let arms)? = inner.first?.kind else { return XCTFail("either") }
        XCTAssertEqual(arms.count, 3)
        XCTAssertEqual(call(arms[0].body.first)?.operation.text, "alloc")
        XCTAssertEqual(call(arms[1].body.first)?.operation.text, "free")
        XCTAssertEqual(arms[2].body.count, 2)
        guard case .repeatLoop(3, _, let rep)? = arms[2].body.first?.kind else { return XCTFail("repeat") }
        XCTAssertEqual(call(rep.first)?.operation.text, "notify")
    }

    func testSetExpressionsStopAtNonRelations() {
        let ast = parse("fault revoke any frame owned-by e0 deadline 2 then abort\nfault destroy any domain\n")
        let args = ast.faults[0].call.arguments
        XCTAssertEqual(ast.faults[0].call.operation.text, "revoke")
        XCTAssertEqual(args.count, 5)
        guard case .any(let set) = args[0] else { return XCTFail("set") }
        guard case .kind(let k) = set.base else { return XCTFail("kind") }
        XCTAssertEqual(k.text, "frame")
        XCTAssertEqual(set.qualifiers.map(\.relation.text), ["owned-by"])
        guard case .word(let w) = args[1] else { return XCTFail("deadline") }
        XCTAssertEqual(w.text, "deadline")
        guard case .any(let d) = ast.faults[1].call.arguments[0] else { return XCTFail("domain set") }
        XCTAssertTrue(d.qualifiers.isEmpty)
    }

    func testSeveralSetsInOneCall() {
        let b = body("grant_access any domain other-than d any frame owned-by d any rights\nnotify any 0..3")
        let args = call(b.first)?.arguments ?? []
        XCTAssertEqual(args.count, 3)
        let sets = args.compactMap { v -> SetSyntax? in if case .any(let s) = v { return s } else { return nil } }
        XCTAssertEqual(sets.map(\.qualifiers.count), [1, 1, 0])
        guard case .any(let r)? = call(b.last)?.arguments.first, case .range(0, 3, _) = r.base else {
            return XCTFail("range set")
        }
    }

    func testChecksAndMutants() {
        let ast = parse("check all\ncheck grant-readonly, maptrack-consistency\nmutant a-bug, b-bug\nmutant c\n")
        XCTAssertEqual(ast.checks.map(\.all), [true, false])
        XCTAssertEqual(ast.checks[1].names.map(\.text), ["grant-readonly", "maptrack-consistency"])
        XCTAssertEqual(ast.mutants.flatMap(\.names).map(\.text), ["a-bug", "b-bug", "c"])
    }

    func testCommentsAreKept() {
        let ast = parse("""
            # header comment
            spec s  # on the name
            # before the actor
            actor a on d0:  # on the header
              # before alloc
              alloc  # after alloc
              either:  # on either
                free 1
              # before or
              or: alloc
            # at the end

            """)
        XCTAssertEqual(ast.header?.comments, Comments(leading: [" header comment"], trailing: " on the name"))
        XCTAssertEqual(ast.actors[0].comments, Comments(leading: [" before the actor"], trailing: " on the header"))
        XCTAssertEqual(ast.actors[0].body[0].comments, Comments(leading: [" before alloc"], trailing: " after alloc"))
        guard case .either(let arms) = ast.actors[0].body[1].kind else { return XCTFail("either") }
        XCTAssertEqual(arms[0].comments.trailing, " on either")
        XCTAssertEqual(arms[1].comments.leading, [" before or"])
        XCTAssertEqual(ast.trailingComments, [" at the end"])
    }

    func testEmptySpecIsValid() {
        XCTAssertEqual(parse(""), SpecAST())
        XCTAssertEqual(parse("\n\n# only a comment\n").trailingComments, [" only a comment"])
    }

    func testRangesPointAtTheSource() {
        let ast = parse("actor a on d0:\n  let g = grant_access d1 f ro\n")
        guard let c = call(ast.actors.first?.body.first) else { return XCTFail("call") }
        XCTAssertEqual(c.operation.range.start.line, 2)
        XCTAssertEqual(c.operation.range.start.column, 11)
        XCTAssertEqual(c.operation.range.end.column, 23)
        XCTAssertEqual(c.range.start.column, 3)
        XCTAssertEqual(c.range.end.column, 31)
    }
}
