import XCTest
@testable import ExoSpec

final class LexerTests: XCTestCase {}
