// The syllables and domains below were written for ProfileGAN and are dedicated to the public
// domain (CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/): use them for anything.
// They are not taken from any list of real people's names.

/// What fresh names and e-mail addresses are built from: names are two or three syllables,
/// so they look like names without being drawn from a census list.
enum FreshValueWords {
    /// Syllables of given names.
    static let givenSyllables = [
        "a", "ba", "bel", "ca", "da", "del", "e", "fa", "fen", "ga", "ha", "i", "ja", "jo", "ka", "kel",
        "la", "len", "li", "lo", "ma", "mi", "mo", "na", "nel", "no", "o", "pa", "ra", "ri", "ro", "sa",
        "sel", "so", "ta", "te", "to", "u", "va", "vi", "wen", "ya", "yo", "za", "zel",
    ]
    /// Endings of given names.
    static let givenEndings = ["", "a", "an", "el", "en", "ia", "in", "is", "o", "on", "or", "y"]
    /// Syllables of family names.
    static let familySyllables = [
        "ash", "bar", "bren", "cal", "dorn", "el", "fal", "gar", "hal", "ivo", "jar", "kes", "lan", "mar",
        "nor", "ost", "pel", "quen", "ros", "sten", "tal", "ul", "ver", "wyn", "yar", "zen",
    ]
    /// Endings of family names.
    static let familyEndings = ["", "by", "dale", "en", "ford", "ik", "ley", "mont", "ner", "ov", "sen", "ton", "wick"]
    /// Domains reserved for examples (RFC 2606), so a fresh address can never reach a person.
    static let domains = ["example.com", "example.net", "example.org", "mail.example.com", "post.example.net"]
}
