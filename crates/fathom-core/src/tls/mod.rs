//! TLS decryption with a key log: the key log file (`keylog`), the suites and the opening of
//! one record (`cipher`), and each connection's handshake and keys in the first pass
//! (`session`): cryptography only, below the analysis. The record layer's framing and Info
//! summary are `analysis::tls`, what the first pass decrypted is kept in
//! `analysis::tls_store`; the tree is `dissect::tls`.

pub mod cipher;
pub mod keylog;
pub mod session;
