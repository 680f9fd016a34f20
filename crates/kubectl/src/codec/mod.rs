//! The bytes of a share link: zlib (RFC 1950 around RFC 1951 deflate) and URL-safe base64
//! (RFC 4648 §5, no padding). Small on purpose: the page ships this code, so it is written
//! here instead of pulling in a general-purpose compression crate.

pub mod base64;
pub mod deflate;
pub mod inflate;
