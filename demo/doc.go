// Package demo owns the synthetic, deterministic member population of demo
// databases: the reference lists it draws from (data/*.tsv: names in Latin
// and Arabic script with their spelling variants, cities and postal codes,
// streets, quarters, the demo branches), the rules that make the population
// look real (ages, categories, societies, spouses and children, address
// history, identifiers), and the bulk writer that seeds a database with it.
//
// Everything derives from Options.Seed: the same seed and member count give
// the same rows, byte for byte. Accounts, the device id and the demo flag are
// not made here; the caller of Seed creates them.
package demo
