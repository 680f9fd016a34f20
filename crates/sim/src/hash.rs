//! FNV-1a, the one hash of the simulation: the pod-template-hash (32-bit, as Kubernetes'
//! `ComputeHash` does it), image digests and the kubelet's status signatures (64-bit).

/// 32-bit FNV-1a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv32(pub u32);

impl Default for Fnv32 {
    fn default() -> Fnv32 {
        Fnv32(0x811c_9dc5)
    }
}

impl Fnv32 {
    pub fn bytes(&mut self, b: &[u8]) -> &mut Fnv32 {
        for &x in b {
            self.0 ^= u32::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
        self
    }
}

/// 64-bit FNV-1a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv64(pub u64);

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    pub fn bytes(&mut self, b: &[u8]) -> &mut Fnv64 {
        for &x in b {
            self.word(u64::from(x));
        }
        self
    }

    /// Mixes one whole word in (FNV-1a's step applied to a 64-bit value, not its bytes).
    pub fn word(&mut self, x: u64) -> &mut Fnv64 {
        self.0 ^= x;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        self
    }
}

/// A deterministic 64-hex-digit digest of a string (image IDs and machine IDs are functions
/// of a name): eight FNV-64 rounds, the high half of each.
pub fn digest(s: &str) -> String {
    let mut out = String::with_capacity(64);
    let mut h = Fnv64::default();
    for round in 0u8..8 {
        h.bytes(s.as_bytes()).bytes(&[round]);
        out.push_str(&format!("{:08x}", (h.0 >> 32) as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_vectors() {
        // From the FNV reference test vectors.
        assert_eq!(Fnv32::default().bytes(b"").0, 0x811c_9dc5);
        assert_eq!(Fnv32::default().bytes(b"a").0, 0xe40c_292c);
        assert_eq!(Fnv32::default().bytes(b"foobar").0, 0xbf9c_f968);
        assert_eq!(Fnv64::default().bytes(b"a").0, 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv64::default().bytes(b"foobar").0, 0x8594_4171_f739_67e8);
    }
}
