//! TLS decryption with a key log: the key log file (`keylog`), the suites and the opening of
//! one record (`cipher`), and each connection's handshake and keys in the first pass
//! (`session`). The record layer's framing and Info summary are `analysis::tls`; the tree is
//! `dissect::tls`.

pub mod cipher;
pub mod keylog;
pub mod session;
pub mod store;
