// The ProfileGAN library product: one import for applications.
//
//     import ProfileGAN
//
// brings in every layer's public API (CSV I/O, schema, transforms, neural core, privacy,
// synthesizer, evaluation). Packages that need only one layer can depend on its module directly.
@_exported import ProfileGANCSV
@_exported import ProfileGANEvaluation
@_exported import ProfileGANNeural
@_exported import ProfileGANPrivacy
@_exported import ProfileGANRandom
@_exported import ProfileGANSchema
@_exported import ProfileGANSynthesizer
@_exported import ProfileGANTransforms
