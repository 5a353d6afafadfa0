/// The library's version, recorded in every model file and privacy record.
public enum ProfileGANVersion {
    public static let string = "0.1.0"
}
