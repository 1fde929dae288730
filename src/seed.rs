//! Seeding: every pseudo-random choice of a campaign (the seed of each module, which variant of an
//! engine runs it, the configuration swarm's draws) is derived from the campaign seed here, so
//! that one seed replays the whole campaign.

/// The seed of item `index` of the stream of `seed` (SplitMix64 of the pair, Steele et al.,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014): the same pair always gives the
/// same seed, neighbouring indices give unrelated ones.
pub fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::mix;

    #[test]
    fn a_pair_always_gives_the_same_seed_and_neighbours_differ() {
        assert_eq!(mix(7, 3), mix(7, 3));
        let seeds: std::collections::BTreeSet<u64> = (0..1000).map(|i| mix(7, i)).collect();
        assert_eq!(seeds.len(), 1000);
        assert_ne!(mix(7, 3), mix(8, 3));
    }
}
