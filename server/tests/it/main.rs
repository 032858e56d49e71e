//! The real `lindra` binary as an operator runs it, linked into one test binary (each test
//! binary links the whole server; one keeps a clean build small).

mod backup;
mod shutdown;
