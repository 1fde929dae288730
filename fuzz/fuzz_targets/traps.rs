//! `cargo fuzz run traps`: see `crosscheck::fuzzing::Target::Traps`.

#![no_main]

crosscheck_fuzz::target!(crosscheck_fuzz::crosscheck::fuzzing::Target::Traps);
