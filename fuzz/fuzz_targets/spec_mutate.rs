//! `cargo fuzz run spec_mutate`: see `crosscheck::fuzzing::Target::SpecMutate`.

#![no_main]

crosscheck_fuzz::target!(crosscheck_fuzz::crosscheck::fuzzing::Target::SpecMutate);
