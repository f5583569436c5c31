import ExoStack

/// The words that qualify a set after `any`, and how many values each takes
/// (`owned-by d` one, `free` none, `in 0 3` two, where a range `0..3` counts
/// as two). The parser needs only this much to know where a set expression
/// ends: `any frame owned-by d rw` stops before `rw` because `rw` is not a
/// relation.
///
/// The standard vocabulary is read from the operation catalogue's set table,
/// so a new kind of set in `Catalogue.sets` needs no parser change.
public struct SetVocabulary: Sendable {
    /// Relation words with their number of values, in catalogue order.
    public var relations: [(word: String, arity: Int)]

    public init(relations: [(word: String, arity: Int)]) {
        self.relations = relations
    }

    /// The number of values `word` takes, or nil when it is not a relation.
    public func arity(of word: String) -> Int? {
        relations.first { $0.word == word }?.arity
    }

    /// The relations of `Catalogue.sets`.
    public static let standard: SetVocabulary = {
        var out: [(word: String, arity: Int)] = []
        for s in Catalogue.sets {
            guard let q = s.qualifier else { continue }
            if let i = out.firstIndex(where: { $0.word == q }) {
                out[i].arity = max(out[i].arity, s.qualifierParams.count)
            } else {
                out.append((q, s.qualifierParams.count))
            }
        }
        return SetVocabulary(relations: out)
    }()
}
