//! What the integration tests share. Each test file uses a part of it.
#![allow(dead_code)]

pub mod pty;
