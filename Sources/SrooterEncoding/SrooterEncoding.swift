// SrooterEncoding: the encodings whose bytes srooter hashes, signs or seals, written once.
//
// Owns: lower-case hex (`Hex`: digests, keys, sealed blobs, ids) and RFC 8785 canonical JSON
// (`CanonicalJSONText`: the prompt hash and the audit chain hash text written by this code), and
// the one JSON parser (`JSONGrammar`, generic over the tree each module builds).
// Depends on nothing, so the supply-chain tools and the store alike sit on it.
// Must never: change a byte of its output; hashes in databases and exports depend on it.
