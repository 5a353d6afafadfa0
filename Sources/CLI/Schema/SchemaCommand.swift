import ArgumentParser

/// `profilegan schema …`: work with dataset schemas.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Work with dataset schemas (the JSON files that describe a CSV's columns).",
        discussion: "The format is documented in schemas/dataset-schema.json (JSON Schema, draft 2020-12).",
        subcommands: [SchemaInferCommand.self])
}
