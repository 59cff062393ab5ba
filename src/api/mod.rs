//! HTTP to DataArts and IAM: signing, the client, credentials and errors. Network only: no disk,
//! no terminal.

pub mod signer;
