//! The cluster's one source of randomness: a seeded SplitMix64. Pod name suffixes, ClusterIPs,
//! node ports, scheduling ties and round-trip times all come from here, so the same seed and the
//! same inputs give the same transcript.

/// Kubernetes' alphabet for generated names (apimachinery `pkg/util/rand`): no vowels, no 0, 1, 3.
pub const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Lemire's multiply-shift; the tiny bias is irrelevant here.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// [`Rng::below`] for indices and counts.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// `rand.String(n)`: `n` characters from [`ALPHANUMS`].
    pub fn string(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                let i = self.below(ALPHANUMS.len() as u64) as usize;
                char::from(ALPHANUMS.get(i).copied().unwrap_or(b'x'))
            })
            .collect()
    }

    /// Lower-case hex digits, e.g. for container IDs.
    pub fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8] = b"0123456789abcdef";
        (0..n).map(|_| char::from(HEX.get(self.below(16) as usize).copied().unwrap_or(b'0'))).collect()
    }

    /// A version 4 UUID, as the API server assigns `metadata.uid`.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        let v = h.get(13..16).unwrap_or("000");
        let var = ["8", "9", "a", "b"].get(self.below(4) as usize).copied().unwrap_or("8");
        format!(
            "{}-{}-4{}-{}{}-{}",
            h.get(0..8).unwrap_or(""),
            h.get(8..12).unwrap_or(""),
            v,
            var,
            h.get(17..20).unwrap_or(""),
            h.get(20..32).unwrap_or("")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn names_use_the_kubernetes_alphabet() {
        let mut r = Rng::new(1);
        let s = r.string(5000);
        assert!(s.bytes().all(|c| ALPHANUMS.contains(&c)));
        assert_eq!(r.uuid().len(), 36);
    }
}
