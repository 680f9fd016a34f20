//! Base64 text for share links: the simulation's URL-safe encoding (no padding on output; the
//! standard alphabet and trailing `=` accepted on input), used by `session::link`.

pub use sim::base64::{decode, encode_url as encode, DecodeError};
