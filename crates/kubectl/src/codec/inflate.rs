//! Unpacking a share link: any zlib stream (RFC 1950) of stored, fixed or dynamic deflate blocks
//! (RFC 1951), checked from header to Adler-32 trailer and never unpacked past a size limit.
//! Huffman codes are decoded canonically, a bit at a time (as zlib's `puff`): no tables to build.

use super::deflate::adler32;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// The stream ends before its trailer.
    Truncated,
    /// The stream breaks a rule of the formats; the text says which.
    Corrupt(&'static str),
    /// Bytes follow the trailer.
    TrailingData,
    /// The unpacked data would be longer than the limit (bytes).
    TooLarge(usize),
}

impl fmt::Display for InflateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InflateError::Truncated => f.write_str("the data ends too soon"),
            InflateError::Corrupt(why) => write!(f, "the data is corrupted: {why}"),
            InflateError::TrailingData => f.write_str("there is extra data after the end"),
            InflateError::TooLarge(limit) => write!(f, "the data unpacks to over {limit} bytes"),
        }
    }
}

impl std::error::Error for InflateError {}

/// The order code length code lengths are sent in (RFC 1951 §3.2.7).
pub(super) const CODE_LENGTH_ORDER: [u8; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Base length and extra bits of length symbol `sym` (257..=285).
pub(super) fn length_base(sym: usize) -> Option<(usize, u32)> {
    match sym.checked_sub(257)? {
        i @ 0..=7 => Some((i + 3, 0)),
        i @ 8..=27 => {
            let extra = (i as u32 - 4) / 4;
            Some((((4 + i % 4) << extra) + 3, extra))
        }
        28 => Some((258, 0)),
        _ => None,
    }
}

/// Base distance and extra bits of distance symbol `sym` (0..=29).
pub(super) fn distance_base(sym: usize) -> Option<(usize, u32)> {
    match sym {
        0..=3 => Some((sym + 1, 0)),
        4..=29 => {
            let extra = (sym as u32 - 2) / 2;
            Some((((2 + sym % 2) << extra) + 1, extra))
        }
        _ => None,
    }
}

/// Code length of literal/length symbol `sym` in the fixed code (RFC 1951 §3.2.6).
pub(super) fn fixed_length(sym: usize) -> u8 {
    match sym {
        0..=143 => 8,
        144..=255 => 9,
        256..=279 => 7,
        _ => 8,
    }
}

/// Decompresses the zlib stream `data`, refusing to produce more than `limit` bytes.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let (&[cmf, flg], body) = data.split_first_chunk::<2>().ok_or(InflateError::Truncated)?;
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 {
        return Err(InflateError::Corrupt("not zlib data"));
    }
    if flg & 0x20 != 0 {
        return Err(InflateError::Corrupt("it needs a preset dictionary"));
    }
    let mut input = Input { data: body, pos: 0, bits: 0, count: 0 };
    let mut out = Vec::new();
    loop {
        let last = input.bits(1)? == 1;
        match input.bits(2)? {
            0 => stored(&mut input, &mut out, limit)?,
            1 => {
                let lit: Vec<u8> = (0..288).map(fixed_length).collect();
                let (lit, dist) = (Huffman::new(&lit, false)?, Huffman::new(&[5; 32], false)?);
                codes(&mut input, &mut out, limit, &lit, &dist)?;
            }
            2 => {
                let (lit, dist) = dynamic(&mut input)?;
                codes(&mut input, &mut out, limit, &lit, &dist)?;
            }
            _ => return Err(InflateError::Corrupt("bad block type")),
        }
        if last {
            break;
        }
    }
    input.align();
    let trailer = input.bytes(4)?;
    if input.pos != body.len() {
        return Err(InflateError::TrailingData);
    }
    if trailer != adler32(&out).to_be_bytes() {
        return Err(InflateError::Corrupt("checksum mismatch"));
    }
    Ok(out)
}

/// The compressed bits, least significant first.
struct Input<'a> {
    data: &'a [u8],
    pos: usize,
    bits: u32,
    count: u32,
}

impl<'a> Input<'a> {
    /// The next `n` (at most 16) bits.
    fn bits(&mut self, n: u32) -> Result<usize, InflateError> {
        while self.count < n {
            let byte = self.data.get(self.pos).ok_or(InflateError::Truncated)?;
            self.pos += 1;
            self.bits |= u32::from(*byte) << self.count;
            self.count += 8;
        }
        let v = self.bits & ((1 << n) - 1);
        self.bits >>= n;
        self.count -= n;
        Ok(v as usize)
    }

    /// Drops the bits left of the current byte.
    fn align(&mut self) {
        self.bits = 0;
        self.count = 0;
    }

    /// The next `n` whole bytes (after [`Input::align`]).
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], InflateError> {
        let end = self.pos.checked_add(n).ok_or(InflateError::Truncated)?;
        let bytes = self.data.get(self.pos..end).ok_or(InflateError::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    /// The code for `lengths` (0 = unused). Over-subscribed sets are refused; so are incomplete
    /// ones, except (where `lone` allows, as zlib does) no code at all or a single 1-bit code.
    fn new(lengths: &[u8], lone: bool) -> Result<Huffman, InflateError> {
        let mut counts = [0u16; 16];
        for &len in lengths.iter().filter(|&&len| len > 0) {
            let count = counts.get_mut(usize::from(len)).ok_or(InflateError::Corrupt("bad code length"))?;
            *count += 1;
        }
        let mut left = 1i32;
        for &count in counts.iter().skip(1) {
            left = left * 2 - i32::from(count);
            if left < 0 {
                return Err(InflateError::Corrupt("over-subscribed Huffman code"));
            }
        }
        let used: u16 = counts.iter().sum();
        if left > 0 && !(lone && used <= 1 && counts.iter().skip(2).all(|&c| c == 0)) {
            return Err(InflateError::Corrupt("incomplete Huffman code"));
        }
        // Where the symbols of each length start in code order.
        let mut next = [0u16; 16];
        let mut start = 0;
        for (next, &count) in next.iter_mut().zip(counts.iter()).skip(1) {
            *next = start;
            start += count;
        }
        let mut symbols = vec![0; usize::from(used)];
        for (sym, &len) in lengths.iter().enumerate().filter(|&(_, &len)| len > 0) {
            if let Some(next) = next.get_mut(usize::from(len)) {
                if let Some(slot) = symbols.get_mut(usize::from(*next)) {
                    *slot = sym as u16;
                }
                *next += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    /// The next symbol: codes of each length are consecutive integers, so read a bit at a
    /// time until the code read so far falls inside the range of its length.
    fn decode(&self, input: &mut Input) -> Result<usize, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in self.counts.iter().skip(1) {
            code |= input.bits(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                let sym = self.symbols.get((index + code - first) as usize);
                return sym.map(|&s| usize::from(s)).ok_or(InflateError::Corrupt("bad Huffman code"));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Corrupt("bad Huffman code"))
    }
}

/// Makes room for `n` more bytes of output, growing by doubling but never past `limit`.
fn room(out: &mut Vec<u8>, n: usize, limit: usize) -> Result<(), InflateError> {
    let need = out.len().checked_add(n).filter(|&need| need <= limit).ok_or(InflateError::TooLarge(limit))?;
    if need > out.capacity() {
        let target = need.max(out.capacity().saturating_mul(2)).max(64).min(limit);
        out.reserve_exact(target - out.len());
    }
    Ok(())
}

/// A stored block: LEN, its complement NLEN, then LEN bytes as they are.
fn stored(input: &mut Input, out: &mut Vec<u8>, limit: usize) -> Result<(), InflateError> {
    input.align();
    let (len, nlen) = (input.bits(16)?, input.bits(16)?);
    if len ^ nlen != 0xffff {
        return Err(InflateError::Corrupt("bad stored block length"));
    }
    let bytes = input.bytes(len)?;
    room(out, len, limit)?;
    out.extend_from_slice(bytes);
    Ok(())
}

/// The two codes of a dynamic block, sent as code lengths that are themselves Huffman coded.
fn dynamic(input: &mut Input) -> Result<(Huffman, Huffman), InflateError> {
    let (nlit, ndist, nclen) = (input.bits(5)? + 257, input.bits(5)? + 1, input.bits(4)? + 4);
    if nlit > 286 || ndist > 30 {
        return Err(InflateError::Corrupt("too many length or distance codes"));
    }
    let mut clen = [0u8; 19];
    for &i in CODE_LENGTH_ORDER.iter().take(nclen) {
        if let Some(len) = clen.get_mut(usize::from(i)) {
            *len = input.bits(3)? as u8;
        }
    }
    let clen = Huffman::new(&clen, false)?;
    let mut lengths: Vec<u8> = Vec::with_capacity(nlit + ndist);
    while lengths.len() < nlit + ndist {
        let (len, repeat) = match clen.decode(input)? {
            sym @ 0..=15 => (sym as u8, 1),
            16 => {
                (*lengths.last().ok_or(InflateError::Corrupt("repeat with no length to repeat"))?, 3 + input.bits(2)?)
            }
            17 => (0, 3 + input.bits(3)?),
            _ => (0, 11 + input.bits(7)?),
        };
        if lengths.len() + repeat > nlit + ndist {
            return Err(InflateError::Corrupt("too many code lengths"));
        }
        lengths.resize(lengths.len() + repeat, len);
    }
    let (lit, dist) = lengths.split_at_checked(nlit).ok_or(InflateError::Corrupt("too few code lengths"))?;
    if lit.get(256).copied().unwrap_or(0) == 0 {
        return Err(InflateError::Corrupt("no end-of-block code"));
    }
    Ok((Huffman::new(lit, true)?, Huffman::new(dist, true)?))
}

/// The Huffman-coded literals and matches of a fixed or dynamic block, up to end-of-block.
fn codes(
    input: &mut Input,
    out: &mut Vec<u8>,
    limit: usize,
    lit: &Huffman,
    dist: &Huffman,
) -> Result<(), InflateError> {
    loop {
        let sym = lit.decode(input)?;
        if sym < 256 {
            room(out, 1, limit)?;
            out.push(sym as u8);
            continue;
        }
        if sym == 256 {
            return Ok(());
        }
        let (base, extra) = length_base(sym).ok_or(InflateError::Corrupt("bad length symbol"))?;
        let len = base + input.bits(extra)?;
        let (base, extra) = distance_base(dist.decode(input)?).ok_or(InflateError::Corrupt("bad distance symbol"))?;
        let distance = base + input.bits(extra)?;
        let start = out.len().checked_sub(distance).ok_or(InflateError::Corrupt("distance too far back"))?;
        room(out, len, limit)?;
        for i in start..start + len {
            let byte = out.get(i).copied().unwrap_or(0);
            out.push(byte);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::deflate::compress;
    use miniz_oxide::deflate::compress_to_vec_zlib;

    /// A zlib stream of the given (value, bit count) fields, packed least significant first.
    fn stream(fields: &[(u32, u32)]) -> Vec<u8> {
        let mut out = vec![0x78, 0x01];
        let (mut acc, mut count) = (0u64, 0);
        for &(value, n) in fields {
            acc |= u64::from(value) << count;
            count += n;
            while count >= 8 {
                out.push(acc as u8);
                acc >>= 8;
                count -= 8;
            }
        }
        if count > 0 {
            out.push(acc as u8);
        }
        out
    }

    /// A Huffman code as a field: codes go most significant bit first.
    fn huff(code: u32, len: u32) -> (u32, u32) {
        (code.reverse_bits() >> (32 - len), len)
    }

    fn sample() -> Vec<u8> {
        let mut s = String::from(r#"{"v":1,"seed":2026,"j":["#);
        for i in 0..12 {
            s += &format!(
                r#"[{},"l","kubectl apply -f sleep/sleep{}.yaml -f sleep/sleep{}.yaml"],"#,
                5000 + i * 750,
                i,
                i + 1
            );
        }
        s += r#"[15000,"l","kubectl get pods -o wide"]]}"#;
        s.into_bytes()
    }

    #[test]
    fn symbol_tables_match_rfc1951() {
        assert_eq!(length_base(257), Some((3, 0)));
        assert_eq!(length_base(265), Some((11, 1)));
        assert_eq!(length_base(269), Some((19, 2)));
        assert_eq!(length_base(284), Some((227, 5)));
        assert_eq!(length_base(285), Some((258, 0)));
        assert_eq!(length_base(286), None);
        assert_eq!(length_base(256), None);
        assert_eq!(distance_base(4), Some((5, 1)));
        assert_eq!(distance_base(6), Some((9, 2)));
        assert_eq!(distance_base(29), Some((24577, 13)));
        assert_eq!(distance_base(30), None);
    }

    #[test]
    fn huffman_code_sets() {
        assert!(Huffman::new(&[1, 1], false).is_ok());
        assert!(Huffman::new(&[1, 2, 2], false).is_ok());
        assert!(Huffman::new(&[1, 1, 1], true).is_err(), "over-subscribed");
        assert!(Huffman::new(&[1, 2], false).is_err(), "incomplete");
        assert!(Huffman::new(&[1, 2], true).is_err(), "incomplete with two codes");
        assert!(Huffman::new(&[0, 1], true).is_ok(), "a lone 1-bit code");
        assert!(Huffman::new(&[0, 1], false).is_err());
        assert!(Huffman::new(&[0, 2], true).is_err(), "a lone 2-bit code");
        assert!(Huffman::new(&[0, 0], true).is_ok(), "no code at all");
    }

    #[test]
    fn miniz_streams_decode_at_every_level() {
        let mut r = sim::rng::Rng::new(11);
        let mut inputs = vec![Vec::new(), vec![b'x'], sample(), vec![0; 100_000]];
        inputs.push((0..70_000).map(|_| r.next_u64() as u8).collect());
        inputs.push((0..300_000).map(|i| (i % 251) as u8 ^ (i / 7000) as u8).collect());
        for data in &inputs {
            for level in [0, 1, 6, 9, 10] {
                let z = compress_to_vec_zlib(data, level);
                assert_eq!(&decompress(&z, usize::MAX).unwrap(), data, "level {level}, {} bytes", data.len());
            }
        }
    }

    #[test]
    fn header_is_checked() {
        let good = compress(b"hello");
        assert_eq!(decompress(&good, 100).unwrap(), b"hello");
        let with = |cmf: u8, flg: u8| {
            let mut z = good.clone();
            z[0] = cmf;
            z[1] = flg;
            decompress(&z, 100)
        };
        assert_eq!(with(0x78, 0x9c).unwrap(), b"hello");
        assert_eq!(with(0x78, 0x9d), Err(InflateError::Corrupt("not zlib data")), "FCHECK");
        assert_eq!(with(0x77, 0x85), Err(InflateError::Corrupt("not zlib data")), "CM 7");
        assert_eq!(with(0x88, 0x98), Err(InflateError::Corrupt("not zlib data")), "CINFO 8");
        assert_eq!(with(0x78, 0xbb), Err(InflateError::Corrupt("it needs a preset dictionary")));
        assert_eq!(decompress(&[], 100), Err(InflateError::Truncated));
        assert_eq!(decompress(&[0x78], 100), Err(InflateError::Truncated));
    }

    #[test]
    fn crafted_bad_streams() {
        let bad = |fields: &[(u32, u32)]| decompress(&stream(fields), 100).unwrap_err();
        // A stored block whose NLEN is not the complement of LEN.
        assert_eq!(bad(&[(1, 3), (0, 5), (5, 16), (0, 16)]), InflateError::Corrupt("bad stored block length"));
        assert_eq!(bad(&[(1, 1), (3, 2)]), InflateError::Corrupt("bad block type"));
        // Fixed block: length 3 at distance 1 with nothing before it.
        assert_eq!(bad(&[(1, 1), (1, 2), huff(1, 7), (0, 5)]), InflateError::Corrupt("distance too far back"));
        // Fixed block: 'a', then length 3 at distance 2.
        assert_eq!(
            bad(&[(1, 1), (1, 2), huff(0x30 + 97, 8), huff(1, 7), huff(1, 5)]),
            InflateError::Corrupt("distance too far back")
        );
        // Fixed block: length symbol 286, distance symbol 30.
        assert_eq!(bad(&[(1, 1), (1, 2), huff(0xc6, 8)]), InflateError::Corrupt("bad length symbol"));
        assert_eq!(bad(&[(1, 1), (1, 2), huff(1, 7), huff(30, 5)]), InflateError::Corrupt("bad distance symbol"));
        // Dynamic block whose code length code is over-subscribed, then incomplete.
        let head = [(1, 1), (2, 2), (0, 5), (0, 5), (0, 4)];
        let over: Vec<_> = head.iter().copied().chain([(1, 3); 4]).collect();
        assert_eq!(bad(&over), InflateError::Corrupt("over-subscribed Huffman code"));
        let incomplete: Vec<_> = head.iter().copied().chain([(1, 3), (0, 3), (0, 3), (0, 3)]).collect();
        assert_eq!(bad(&incomplete), InflateError::Corrupt("incomplete Huffman code"));
        // Dynamic block with 287 literal/length codes.
        assert_eq!(
            bad(&[(1, 1), (2, 2), (30, 5), (0, 5), (0, 4)]),
            InflateError::Corrupt("too many length or distance codes")
        );
        // Dynamic block starting its code lengths with a repeat (code length code: 16 and 0, 1 bit each).
        let repeat = [(1, 1), (2, 2), (0, 5), (0, 5), (0, 4), (1, 3), (0, 3), (0, 3), (1, 3), (1, 1)];
        assert_eq!(bad(&repeat), InflateError::Corrupt("repeat with no length to repeat"));
    }

    #[test]
    fn trailer_is_checked() {
        let mut z = compress(b"hello, world");
        z.push(0);
        assert_eq!(decompress(&z, 100), Err(InflateError::TrailingData));
        z.pop();
        *z.last_mut().unwrap() ^= 1;
        assert_eq!(decompress(&z, 100), Err(InflateError::Corrupt("checksum mismatch")));
    }

    #[test]
    fn every_truncation_is_an_error() {
        for z in [compress(&sample()), compress_to_vec_zlib(&sample(), 0), compress(b"")] {
            for n in 0..z.len() {
                assert!(decompress(&z[..n], 1 << 20).is_err(), "{n} of {} bytes", z.len());
            }
        }
    }

    #[test]
    fn bit_flips_never_panic() {
        let data = sample();
        for z in [compress(&data), compress_to_vec_zlib(&data, 1)] {
            for bit in 0..z.len() * 8 {
                let mut bad = z.clone();
                bad[bit / 8] ^= 1 << (bit % 8);
                // Only a flip in the padding before the trailer goes unnoticed.
                if let Ok(out) = decompress(&bad, 1 << 20) {
                    assert_eq!(out, data, "bit {bit}");
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        let mut r = sim::rng::Rng::new(3);
        for i in 0..3000 {
            let n = r.index(64);
            let mut g: Vec<u8> = (0..n).map(|_| r.next_u64() as u8).collect();
            if i % 2 == 0 && n >= 2 {
                g[0] = 0x78;
                g[1] = 0x9c;
            }
            let _ = decompress(&g, 1 << 16);
        }
    }

    #[test]
    fn zip_bomb_stops_at_the_limit() {
        let bomb = compress_to_vec_zlib(&vec![0; 10 << 20], 9);
        let limit = 1 << 20;
        let e = decompress(&bomb, limit).unwrap_err();
        assert_eq!(e, InflateError::TooLarge(limit));
        assert_eq!(e.to_string(), "the data unpacks to over 1048576 bytes");
        let exact = compress_to_vec_zlib(&vec![0; limit], 9);
        assert_eq!(decompress(&exact, limit).unwrap().len(), limit);
        assert_eq!(decompress(&exact, limit - 1), Err(InflateError::TooLarge(limit - 1)));
        let stored = compress_to_vec_zlib(&vec![7; 5000], 0);
        assert_eq!(decompress(&stored, 4999), Err(InflateError::TooLarge(4999)));
    }

    #[test]
    fn room_never_reserves_past_the_limit() {
        let mut out = Vec::new();
        for _ in 0..1000 {
            room(&mut out, 1, 1000).unwrap();
            out.push(0);
            assert!(out.capacity() <= 1000);
        }
        assert_eq!(room(&mut out, 1, 1000), Err(InflateError::TooLarge(1000)));
    }
}
