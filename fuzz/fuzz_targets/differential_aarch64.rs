//! `cargo fuzz run differential_aarch64`: see `crosscheck::fuzzing::Target::DifferentialAarch64`.

#![no_main]

crosscheck_fuzz::target!(crosscheck_fuzz::crosscheck::fuzzing::Target::DifferentialAarch64);
