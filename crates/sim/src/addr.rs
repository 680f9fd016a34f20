//! IPv4 addresses and prefixes: the value type every flow, Service, node and pod status uses.

use std::fmt;
use std::str::FromStr;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ip(pub u32);

impl Ip {
    pub const fn new(a: u8, b: u8, c: u8, d: u8) -> Ip {
        Ip(((a as u32) << 24) | ((b as u32) << 16) | ((c as u32) << 8) | d as u32)
    }
    pub fn octets(self) -> [u8; 4] {
        self.0.to_be_bytes()
    }
    pub fn is_loopback(self) -> bool {
        self.octets()[0] == 127
    }
    /// `4.3.2.1.in-addr.arpa`
    pub fn reverse_name(self) -> String {
        let [a, b, c, d] = self.octets();
        format!("{d}.{c}.{b}.{a}.in-addr.arpa")
    }
}

impl fmt::Display for Ip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.octets();
        write!(f, "{a}.{b}.{c}.{d}")
    }
}

impl FromStr for Ip {
    type Err = ();
    /// Dotted quad only, each part 0-255 without leading `+`/`-` (what Go's `net.ParseIP` takes).
    fn from_str(s: &str) -> Result<Ip, ()> {
        let mut n: u32 = 0;
        let mut parts = 0;
        for part in s.split('.') {
            if part.is_empty() || part.len() > 3 || !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(());
            }
            let v: u32 = part.parse().map_err(|_| ())?;
            if v > 255 {
                return Err(());
            }
            n = (n << 8) | v;
            parts += 1;
        }
        if parts == 4 {
            Ok(Ip(n))
        } else {
            Err(())
        }
    }
}

/// An IPv4 prefix such as `10.244.1.0/24`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cidr {
    pub base: Ip,
    pub len: u8,
}

impl Cidr {
    pub const fn new(base: Ip, len: u8) -> Cidr {
        Cidr { base, len }
    }
    fn mask(self) -> u32 {
        if self.len == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.len.min(32)))
        }
    }
    pub fn contains(self, ip: Ip) -> bool {
        ip.0 & self.mask() == self.base.0 & self.mask()
    }
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.len.min(32)))
    }
    /// The `i`th address of the prefix.
    pub fn nth(self, i: u64) -> Ip {
        Ip((self.base.0 & self.mask()).wrapping_add(i as u32))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        assert_eq!("10.244.1.2".parse::<Ip>(), Ok(Ip::new(10, 244, 1, 2)));
        assert_eq!(Ip::new(10, 96, 0, 10).to_string(), "10.96.0.10");
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1..2.3", "-1.2.3.4"] {
            assert!(bad.parse::<Ip>().is_err(), "{bad}");
        }
    }

    #[test]
    fn prefixes() {
        let c = Cidr::new(Ip::new(10, 96, 0, 0), 12);
        assert!(c.contains(Ip::new(10, 111, 255, 255)));
        assert!(!c.contains(Ip::new(10, 112, 0, 0)));
        assert_eq!(c.size(), 1 << 20);
        assert_eq!(c.nth(10), Ip::new(10, 96, 0, 10));
        assert_eq!(Ip::new(10, 96, 0, 10).reverse_name(), "10.0.96.10.in-addr.arpa");
    }
}
