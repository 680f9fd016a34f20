//! Packing a share link: a zlib stream (RFC 1950) of deflate data (RFC 1951). LZ77 over a
//! 32 KiB window with hash chains and lazy matching, written with the fixed Huffman code (or
//! stored, when that is smaller). Links are small: for them the fixed code is as short as a
//! dynamic one, and it keeps the page's code small (the decoder reads every kind of block).

use super::inflate::fixed_length;

const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// Chain candidates tried per position by the lazy parse; a quarter once it holds a match of
/// `GOOD_MATCH`.
const LAZY_CHAIN: usize = 256;
const GOOD_MATCH: usize = 32;
/// A 3-byte match further back than this costs more than three literals.
const FAR_3: usize = 4096;

/// Adler-32 of `data` (RFC 1950 §8.2).
pub fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that cannot overflow `b` between reductions.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    b << 16 | a
}

/// The zlib stream of `data`; the same input always gives the same bytes.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let chain = if data.len() > 262_144 { LAZY_CHAIN / 2 } else { LAZY_CHAIN };
    let tokens = lazy(data, chain);
    // CMF: deflate with a 32 KiB window; FLG: "maximum compression", no dictionary, FCHECK.
    let mut w = Writer { out: vec![0x78, 0xda], acc: 0, count: 0 };
    let lit = Code::new(&(0..288).map(fixed_length).collect::<Vec<u8>>());
    let dist = Code::new(&[5; 30]);
    w.put(1 | 1 << 1, 3);
    write_tokens(&mut w, &tokens, &lit, &dist);
    w.align();
    // Stored blocks: 5 bytes of header every 65535 bytes, plus the first byte's 3 bits padded.
    let stored = 2 + data.len() + 5 * data.len().div_ceil(65_535).max(1);
    if w.out.len() > stored {
        w = Writer { out: vec![0x78, 0xda], acc: 0, count: 0 };
        let mut chunks = data.chunks(65_535).peekable();
        if chunks.peek().is_none() {
            w.out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
        }
        while let Some(chunk) = chunks.next() {
            let len = chunk.len() as u32;
            w.out.push(u8::from(chunks.peek().is_none()));
            w.out.extend_from_slice(&(len | (len ^ 0xffff) << 16).to_le_bytes());
            w.out.extend_from_slice(chunk);
        }
    }
    w.out.extend_from_slice(&adler32(data).to_be_bytes());
    w.out
}

/// A literal byte (`dist == 0`, the byte in `len`) or a copy of `len` bytes from `dist` back.
#[derive(Clone, Copy)]
struct Token {
    len: u16,
    dist: u16,
}

/// Hash chains over the window: `head` holds the latest position of each 3-byte hash, `prev`
/// (indexed by position modulo the window) the position before it with the same hash.
struct Matcher<'a> {
    data: &'a [u8],
    head: Vec<usize>,
    prev: Vec<usize>,
    /// The nearest distance of each match length found by the last [`Matcher::search`].
    dists: Vec<u16>,
}

impl Matcher<'_> {
    fn new(data: &[u8]) -> Matcher<'_> {
        Matcher {
            data,
            head: vec![usize::MAX; 1 << HASH_BITS],
            prev: vec![usize::MAX; WINDOW],
            dists: vec![0; MAX_MATCH + 1],
        }
    }

    fn insert(&mut self, pos: usize) {
        let Some(&[a, b, c]) = self.data.get(pos..pos + 3) else { return };
        let h = (u32::from_le_bytes([a, b, c, 0]).wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize;
        if let (Some(head), Some(prev)) = (self.head.get_mut(h), self.prev.get_mut(pos % WINDOW)) {
            *prev = *head;
            *head = pos;
        }
    }

    /// The longest match at `pos` (already inserted) if longer than `than`, else 0. Each
    /// length from `than + 1` up to it gets its nearest distance in `dists`.
    fn search(&mut self, pos: usize, than: usize, mut chain: usize) -> usize {
        let max = MAX_MATCH.min(self.data.len() - pos);
        let mut best = than.max(MIN_MATCH - 1);
        let mut cand = self.prev.get(pos % WINDOW).copied().unwrap_or(usize::MAX);
        let found = best;
        while best < max && cand < pos && pos - cand <= WINDOW && chain > 0 {
            chain -= 1;
            // Cheap test first: a longer match must agree at the byte past the best so far.
            if self.data.get(cand + best) == self.data.get(pos + best) {
                let len = match (self.data.get(cand..), self.data.get(pos..pos + max)) {
                    (Some(a), Some(b)) => common(a, b),
                    _ => 0,
                };
                if len > best {
                    self.dists.iter_mut().take(len + 1).skip(best + 1).for_each(|d| *d = (pos - cand) as u16);
                    best = len;
                }
            }
            let next = self.prev.get(cand % WINDOW).copied().unwrap_or(usize::MAX);
            // Slots are reused every window; an entry not older than its position is stale.
            if next >= cand {
                break;
            }
            cand = next;
        }
        if best > found {
            best
        } else {
            0
        }
    }

    fn dist(&self, len: usize) -> usize {
        usize::from(self.dists.get(len).copied().unwrap_or(0))
    }
}

/// The length of the common prefix of `a` and `b`, compared eight bytes at a time.
fn common(a: &[u8], b: &[u8]) -> usize {
    let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or([0; 8]));
    let mut n = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let diff = word(x) ^ word(y);
        if diff != 0 {
            return n + (diff.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    let (a, b) = (a.get(n..).unwrap_or_default(), b.get(n..).unwrap_or_default());
    n + a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// LZ77 with lazy matching: a match found at one position is kept only if the next position
/// does not start a longer one.
fn lazy(data: &[u8], chain: usize) -> Vec<Token> {
    let mut m = Matcher::new(data);
    let mut tokens = Vec::new();
    // The match starting at the previous position, if any, and whether that byte is pending.
    let (mut prev_len, mut prev_dist, mut pending) = (0, 0, false);
    let mut pos = 0;
    while pos < data.len() {
        m.insert(pos);
        let mut len = m.search(pos, prev_len, if prev_len >= GOOD_MATCH { chain / 4 } else { chain });
        if len == MIN_MATCH && m.dist(len) > FAR_3 {
            len = 0;
        }
        if prev_len >= MIN_MATCH && len <= prev_len {
            tokens.push(Token { len: prev_len as u16, dist: prev_dist as u16 });
            let end = pos - 1 + prev_len;
            for p in pos + 1..end {
                m.insert(p);
            }
            (pos, prev_len, pending) = (end, 0, false);
        } else {
            if pending {
                tokens.push(literal(data, pos - 1));
            }
            (prev_len, prev_dist, pending) = (len, m.dist(len), true);
            pos += 1;
        }
    }
    if pending {
        tokens.push(literal(data, data.len() - 1));
    }
    tokens
}

fn literal(data: &[u8], pos: usize) -> Token {
    Token { len: u16::from(data.get(pos).copied().unwrap_or(0)), dist: 0 }
}

/// Symbol, extra bit count and extra bits of a match length (3..=258).
fn length_symbol(len: usize) -> (usize, u32, u32) {
    let l = len.saturating_sub(3);
    match l {
        0..=7 => (257 + l, 0, 0),
        255.. => (285, 0, 0),
        _ => {
            let extra = l.ilog2() - 2;
            (257 + 4 * extra as usize + (l >> extra), extra, (l & ((1 << extra) - 1)) as u32)
        }
    }
}

/// Symbol, extra bit count and extra bits of a distance (1..=32768).
fn distance_symbol(dist: usize) -> (usize, u32, u32) {
    let d = dist.saturating_sub(1);
    if d < 4 {
        return (d, 0, 0);
    }
    let extra = d.ilog2() - 1;
    (2 * extra as usize + (d >> extra), extra, (d & ((1 << extra) - 1)) as u32)
}

/// The output bits, least significant first.
struct Writer {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Writer {
    fn put(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    fn align(&mut self) {
        if self.count > 0 {
            self.put(0, 8 - self.count);
        }
    }
}

fn write_tokens(w: &mut Writer, tokens: &[Token], lit: &Code, dist: &Code) {
    for t in tokens {
        if t.dist == 0 {
            lit.put(w, usize::from(t.len));
        } else {
            let (sym, n, bits) = length_symbol(usize::from(t.len));
            lit.put(w, sym);
            w.put(bits, n);
            let (sym, n, bits) = distance_symbol(usize::from(t.dist));
            dist.put(w, sym);
            w.put(bits, n);
        }
    }
    lit.put(w, 256);
}

/// A canonical Huffman code, each code bit-reversed for writing, with its length.
struct Code(Vec<(u32, u32)>);

impl Code {
    fn new(lens: &[u8]) -> Code {
        let mut count = [0u32; 16];
        for &len in lens.iter().filter(|&&len| len > 0) {
            if let Some(c) = count.get_mut(usize::from(len)) {
                *c += 1;
            }
        }
        let (mut next, mut code) = ([0u32; 16], 0u32);
        for (next, &c) in next.iter_mut().zip(count.iter()).skip(1) {
            *next = code;
            code = (code + c) << 1;
        }
        let codes = lens.iter().map(|&len| {
            let Some(next) = next.get_mut(usize::from(len)) else { return (0, 0) };
            let code = next.reverse_bits().checked_shr(32 - u32::from(len)).unwrap_or(0);
            *next += 1;
            (code, u32::from(len))
        });
        Code(codes.collect())
    }

    fn put(&self, w: &mut Writer, sym: usize) {
        if let Some(&(code, len)) = self.0.get(sym) {
            w.put(code, len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::inflate::{decompress, distance_base, length_base};
    use miniz_oxide::deflate::compress_to_vec_zlib;
    use miniz_oxide::inflate::decompress_to_vec_zlib;
    use sim::rng::Rng;

    /// A share link's JSON: timed console lines.
    fn json(r: &mut Rng, entries: usize) -> Vec<u8> {
        let commands = [
            "kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml",
            "kubectl get pods -o wide",
            "kubectl describe deployment web",
            "kubectl scale deployment web --replicas=3",
            "kubectl exec -it sleep-7d9f8b6c5d-x2x4q -- curl http://web.default.svc:8080/",
            "kubectl delete pod web-5b7c9d8f6-abcde",
            "kubectl get svc,ep -n kube-system",
            "kubectl logs deploy/web --tail=20",
        ];
        let mut s = String::from(r#"{"v":1,"seed":2026,"j":["#);
        let mut t = 5000;
        for i in 0..entries {
            t += 250 * r.range(1, 40);
            let c = commands[r.index(commands.len())];
            s += &format!(r#"{}[{t},"l","{c}"]"#, if i == 0 { "" } else { "," });
        }
        s += "]}";
        s.into_bytes()
    }

    /// Text runs, repeats of earlier data, random bytes and runs of one byte, mixed.
    fn mixed(r: &mut Rng, n: usize) -> Vec<u8> {
        let words = ["kubectl ", "apply", " -f ", "\"name\":", "sleep", "pods", "{\"v\":1,", "],[", "2026", "e", "\n"];
        let mut v = Vec::with_capacity(n + 300);
        while v.len() < n {
            match r.below(4) {
                0 => (0..r.below(20)).for_each(|_| v.extend_from_slice(words[r.index(words.len())].as_bytes())),
                1 if !v.is_empty() => {
                    let dist = 1 + r.index(v.len().min(40_000));
                    for _ in 0..3 + r.index(300) {
                        v.push(v[v.len() - dist]);
                    }
                }
                2 => (0..r.below(50)).for_each(|_| v.push(r.next_u64() as u8)),
                _ => v.extend(std::iter::repeat_n(r.next_u64() as u8, r.index(300))),
            }
        }
        v.truncate(n);
        v
    }

    fn round_trip(data: &[u8]) -> Vec<u8> {
        let z = compress(data);
        assert_eq!(decompress(&z, data.len()).unwrap(), data, "ours, {} bytes", data.len());
        assert_eq!(decompress_to_vec_zlib(&z).unwrap(), data, "miniz, {} bytes", data.len());
        z
    }

    #[test]
    fn adler32_vectors() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        let big = vec![0xffu8; 100_000];
        let (a, b) =
            big.iter().fold((1u64, 0u64), |(a, b), &x| ((a + u64::from(x)) % 65521, (b + a + u64::from(x)) % 65521));
        assert_eq!(adler32(&big), (b << 16 | a) as u32);
    }

    #[test]
    fn symbols_match_the_decoder_tables() {
        for len in MIN_MATCH..=MAX_MATCH {
            let (sym, n, bits) = length_symbol(len);
            let (base, extra) = length_base(sym).unwrap();
            assert_eq!((base + bits as usize, extra), (len, n), "length {len}");
            assert!(bits < 1 << n || n == 0 && bits == 0);
        }
        for dist in 1..=WINDOW {
            let (sym, n, bits) = distance_symbol(dist);
            let (base, extra) = distance_base(sym).unwrap();
            assert_eq!((base + bits as usize, extra), (dist, n), "distance {dist}");
        }
    }

    #[test]
    fn round_trips() {
        let mut r = Rng::new(1);
        assert_eq!(round_trip(b""), [0x78, 0xda, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        round_trip(b"x");
        round_trip(b"The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog!");
        round_trip(&json(&mut r, 12));
        let ones = round_trip(&vec![b'a'; 1 << 20]);
        assert!(ones.len() < 7000, "{}", ones.len());
        let noise: Vec<u8> = (0..60_000).map(|_| r.next_u64() as u8).collect();
        let z = round_trip(&noise);
        assert!(z.len() <= noise.len() + noise.len() / 1000, "{}", z.len());
        for n in [1, 2, 3, 4, 257, 258, 259, 65535, 65536] {
            round_trip(&mixed(&mut r, n));
        }
        // Stored blocks, several of them.
        let noise: Vec<u8> = (0..140_000).map(|_| r.next_u64() as u8).collect();
        let z = round_trip(&noise);
        assert_eq!(z.len(), 2 + noise.len() + 5 * 3 + 4);
    }

    #[test]
    fn matches_reach_the_whole_window() {
        let mut r = Rng::new(2);
        let mut data: Vec<u8> = (0..WINDOW).map(|_| r.next_u64() as u8).collect();
        data.extend_from_within(..2000);
        let tokens = lazy(&data, LAZY_CHAIN);
        assert!(tokens.iter().any(|t| (t.len, t.dist) == (258, 32768)));
        round_trip(&data);
        // One byte further and the repeat is out of reach.
        data.insert(WINDOW, 0);
        assert!(lazy(&data, LAZY_CHAIN).iter().all(|t| t.dist == 0 || t.len < 20));
        round_trip(&data);
    }

    #[test]
    fn differential_with_miniz() {
        let mut r = Rng::new(2026);
        for i in 0..300 {
            let n = if i % 100 == 0 { 20_000 + r.index(20_000) } else { r.index(2000) };
            let data = mixed(&mut r, n);
            let z = compress(&data);
            assert_eq!(decompress_to_vec_zlib(&z).unwrap(), data, "input {i}");
            for level in [0, 1, 6, 9] {
                let theirs = compress_to_vec_zlib(&data, level);
                assert_eq!(decompress(&theirs, data.len()).unwrap(), data, "input {i}, level {level}");
            }
        }
    }

    #[test]
    fn deterministic() {
        let data = mixed(&mut Rng::new(5), 20_000);
        assert_eq!(compress(&data), compress(&data));
    }

    #[test]
    fn sizes_against_miniz() {
        let mut r = Rng::new(2026);
        let mut ours_total = 0;
        let mut miniz_total = 0;
        for (name, data) in [("share link JSON", json(&mut r, 12)), ("10 KiB JSON", json(&mut r, 185))] {
            let (ours, miniz) = (compress(&data).len(), compress_to_vec_zlib(&data, 9).len());
            println!("{name}: {} bytes -> ours {ours}, miniz level 9 {miniz}", data.len());
            ours_total += ours;
            miniz_total += miniz;
        }
        // The fixed Huffman code costs a little on larger inputs; links are small.
        assert!(ours_total * 100 <= miniz_total * 125, "ours {ours_total}, miniz {miniz_total}");
    }

    /// `cargo test --release -p kubectl --lib codec -- --ignored --nocapture`
    #[test]
    #[ignore = "timing: run in release"]
    fn one_mebibyte_is_fast() {
        let mut r = Rng::new(9);
        let n = 1 << 20;
        let inputs = [
            ("JSON", json(&mut r, 18_500)),
            ("mixed", mixed(&mut r, n)),
            ("random", (0..n).map(|_| r.next_u64() as u8).collect()),
            ("two letters", (0..n).map(|_| b'a' + (r.next_u64() & 1) as u8).collect()),
            ("zeros", vec![0; n]),
        ];
        for (name, data) in inputs {
            for len in [64 << 10, 256 << 10, n] {
                let data = &data[..len.min(data.len())];
                let t = std::time::Instant::now();
                let ours = compress(data);
                let took = t.elapsed();
                let miniz = compress_to_vec_zlib(data, 9).len();
                println!("{name}, {} bytes: ours {} in {took:?}, miniz level 9 {miniz}", data.len(), ours.len());
                assert_eq!(decompress(&ours, data.len()).unwrap(), data);
                assert!(took.as_secs_f64() < 1.0);
            }
        }
    }
}
