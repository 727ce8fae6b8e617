// Package letter owns the documents a member receives, rendered as PDF in
// French and in Latin script only: the receipt handed over at the counter
// after an address change is recorded (RenderReceipt) and the temporary-PIN
// letter, one A4 page per letter with the recipient block in a DL
// envelope's window (RenderPINLetters); and the same PIN notice as a
// French e-mail (PINEmail). It also owns their way out of the program: Print
// pipes a PDF to the configured print command (no shell), Save writes one
// to disk with owner-only permissions and never overwrites.
//
// The PDF core fonts are cp1252, and no PDF library available here can
// shape Arabic, so every field goes through one sanitiser: accented Latin
// (Fès, Aït, Œuvres) is kept, other Latin letters lose their accent, and
// anything else (Arabic, emoji, control characters) is replaced by "?" or
// dropped. A document never prints more of the CIN than its last three
// digits, and never any health data. Output is deterministic: the same
// input gives the same bytes.
//
// The package is a leaf: it imports nothing of ours.
package letter
