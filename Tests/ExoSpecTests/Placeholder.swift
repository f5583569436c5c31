import XCTest

// Placeholder until the module under test lands.
final class ExoSpecTestsPlaceholder: XCTestCase {}
