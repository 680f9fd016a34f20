//! Base64 (RFC 4648), the two ways the simulation needs it: Go's `StdEncoding`, which the API
//! uses for `[]byte` fields (Secret data: padded, standard alphabet, and Go's error for bad
//! input), and URL-safe text without padding for share links (lenient on input: either
//! alphabet, padding optional).

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside both alphabets, at this byte offset of the text.
    Character { character: char, offset: usize },
    /// `length` characters (padding aside) leave a lone 6-bit group, which no bytes encode to.
    Length { length: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Character { character, offset } => {
                write!(f, "invalid character {character:?} at position {offset} in base64 text")
            }
            DecodeError::Length { length } => {
                write!(f, "base64 text of impossible length {length} (a character is missing or extra)")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// The URL-safe base64 text of `bytes`, without padding.
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, b'-', b'_', false)
}

/// Go's `base64.StdEncoding.EncodeToString`: standard alphabet, padded.
pub fn encode_std(bytes: &[u8]) -> String {
    encode_with(bytes, b'+', b'/', true)
}

fn encode_with(bytes: &[u8], c62: u8, c63: u8, pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().zip([16, 8, 0]).fold(0u32, |acc, (&b, shift)| acc | u32::from(b) << shift);
        for shift in [18, 12, 6, 0].into_iter().take(chunk.len() + 1) {
            out.push(char::from(symbol((group >> shift) as u8 & 63, c62, c63)));
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes of base64 `text` in either alphabet, padded or not.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let body = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (offset, character) in body.char_indices() {
        let value = u8::try_from(character).ok().and_then(value).ok_or(DecodeError::Character { character, offset })?;
        acc = (acc << 6 | u32::from(value)) & 0xFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // Every character is ASCII by now, so bytes and characters count alike.
    if body.len() % 4 == 1 {
        return Err(DecodeError::Length { length: body.len() });
    }
    Ok(out)
}

/// The character for a 6-bit value (`c62` and `c63` are the alphabet's last two).
fn symbol(v: u8, c62: u8, c63: u8) -> u8 {
    match v {
        0..=25 => b'A' + v,
        26..=51 => b'a' + (v - 26),
        52..=61 => b'0' + (v - 52),
        62 => c62,
        _ => c63,
    }
}

/// Go's `base64.StdEncoding.DecodeString`: the bytes, or the input offset Go's
/// `CorruptInputError` names (`illegal base64 data at input byte N`). Newlines are skipped.
pub fn decode_std(text: &str) -> Result<Vec<u8>, usize> {
    let src = text.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    loop {
        let mut quantum = [0u8; 4];
        let mut j = 0;
        while j < 4 {
            let Some(&c) = src.get(si) else {
                if j == 0 {
                    return Ok(out);
                }
                // Padding is required: a short final quantum is corrupt where it starts.
                return Err(si - j);
            };
            si += 1;
            if c == b'\n' || c == b'\r' {
                continue;
            }
            match value(c).filter(|_| c != b'-' && c != b'_') {
                Some(v) => {
                    if let Some(q) = quantum.get_mut(j) {
                        *q = v;
                    }
                    j += 1;
                }
                None if c != b'=' => return Err(si - 1),
                None => {
                    // Padding: only after two or three symbols, and then nothing but padding.
                    match j {
                        0 | 1 => return Err(si - 1),
                        2 => match src.get(si) {
                            None => return Err(src.len()),
                            Some(b'=') => si += 1,
                            Some(_) => return Err(si - 1),
                        },
                        _ => {}
                    }
                    if si < src.len() {
                        return Err(si);
                    }
                    let [a, b, c, _] = quantum;
                    out.push(a << 2 | b >> 4);
                    if j == 3 {
                        out.push(b << 4 | c >> 2);
                    }
                    return Ok(out);
                }
            }
        }
        let [a, b, c, d] = quantum;
        out.extend_from_slice(&[a << 2 | b >> 4, b << 4 | c >> 2, c << 6 | d]);
    }
}

/// The 6-bit value of a character of either alphabet.
fn value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' | b'+' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::encode_url as encode;
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in vectors {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
            let padded = format!("{coded}{}", "=".repeat((4 - coded.len() % 4) % 4));
            assert_eq!(decode(&padded).unwrap(), plain.as_bytes(), "{padded}");
        }
    }

    #[test]
    fn alphabets() {
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(decode("-_-_").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode("+_-/").unwrap(), decode("-_-_").unwrap());
    }

    #[test]
    fn every_byte_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        for start in 0..3 {
            for end in 253..=256 {
                let bytes = &all[start..end];
                let text = encode(bytes);
                assert!(text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
                assert_eq!(decode(&text).unwrap(), bytes);
            }
        }
        for b in 0..=255u8 {
            assert_eq!(decode(&encode(&[b])).unwrap(), [b]);
            assert_eq!(decode(&encode(&[b, b ^ 0x5a])).unwrap(), [b, b ^ 0x5a]);
        }
    }

    #[test]
    fn bad_characters_are_errors() {
        assert_eq!(decode("Zm9v!g"), Err(DecodeError::Character { character: '!', offset: 4 }));
        assert_eq!(decode("Zm 9v"), Err(DecodeError::Character { character: ' ', offset: 2 }));
        assert_eq!(decode("Zm=9v"), Err(DecodeError::Character { character: '=', offset: 2 }));
        assert_eq!(decode("Zé9v"), Err(DecodeError::Character { character: 'é', offset: 1 }));
        assert_eq!(decode("Zm9v\n"), Err(DecodeError::Character { character: '\n', offset: 4 }));
        let e = decode("ab.cd").unwrap_err();
        assert_eq!(e.to_string(), "invalid character '.' at position 2 in base64 text");
    }

    #[test]
    fn bad_lengths_are_errors() {
        for text in ["Z", "Zm9vY", "Zm9vY===", "Zm9vYmFyZ"] {
            assert!(matches!(decode(text), Err(DecodeError::Length { .. })), "{text}");
        }
        assert_eq!(
            decode("Z").unwrap_err().to_string(),
            "base64 text of impossible length 1 (a character is missing or extra)"
        );
        assert_eq!(decode("=").unwrap(), b"");
    }

    #[test]
    fn garbage_never_panics() {
        let mut r = crate::rng::Rng::new(7);
        for _ in 0..2000 {
            let n = r.index(12);
            let text: String = (0..n).map(|_| char::from_u32(r.below(0x130) as u32).unwrap_or('?')).collect();
            let _ = decode(&text);
        }
    }
}

#[cfg(test)]
mod std_tests {
    use super::*;

    #[test]
    fn go_std_encoding() {
        assert_eq!(encode_std(b""), "");
        assert_eq!(encode_std(b"f"), "Zg==");
        assert_eq!(encode_std(b"fo"), "Zm8=");
        assert_eq!(encode_std(b"foo"), "Zm9v");
        assert_eq!(encode_std(&[0xfb, 0xff]), "+/8=");
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(decode_std(&encode_std(s.as_bytes())), Ok(s.as_bytes().to_vec()));
        }
        assert_eq!(decode_std("Zm9v\nYmFy"), Ok(b"foobar".to_vec()));
    }

    #[test]
    fn go_std_errors_name_the_input_byte() {
        // What Go's CorruptInputError says for each (encoding/base64 decodeQuantum).
        assert_eq!(decode_std("abc"), Err(0));
        assert_eq!(decode_std("ab!c"), Err(2));
        assert_eq!(decode_std("Y"), Err(0));
        assert_eq!(decode_std("YWJjZ"), Err(4));
        assert_eq!(decode_std("YWJjZA"), Err(4));
        assert_eq!(decode_std("YW=I"), Err(2));
        assert_eq!(decode_std("YWI=x"), Err(4));
        assert_eq!(decode_std("Y==="), Err(1));
        assert_eq!(decode_std("YW-_"), Err(2));
    }
}
