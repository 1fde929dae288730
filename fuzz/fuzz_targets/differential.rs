//! `cargo fuzz run differential`: see `crosscheck::fuzzing::Target::Differential`.

#![no_main]

crosscheck_fuzz::target!(crosscheck_fuzz::crosscheck::fuzzing::Target::Differential);
