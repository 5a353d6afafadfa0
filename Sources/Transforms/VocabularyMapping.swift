/// For each name of a table's vocabulary (categories or labels), its index in the transformer's
/// vocabulary. Mapping by name lets a table whose vocabulary is ordered differently, or is a subset,
/// encode correctly; a name the transformer never saw is an error naming the column.
func vocabularyMapping(from tableNames: [String], to fittedNames: [String], column: String,
                       word: String) throws(TransformError) -> [Int] {
    if tableNames == fittedNames { return Array(fittedNames.indices) }
    var position: [String: Int] = [:]
    for (i, name) in fittedNames.enumerated() { position[name] = i }
    var mapping: [Int] = []
    for name in tableNames {
        guard let i = position[name] else {
            throw TransformError(column: column, message: "\(word) \"\(name)\" was not seen when the transformer was fitted")
        }
        mapping.append(i)
    }
    return mapping
}
