//! Configuration: every setting in one place, from flags or environment variables, each with a
//! default that runs Lindra on SQLite on this machine. Secrets (the database password) are never
//! printed: `Debug` redacts the URL.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Clone)]
#[command(name = "lindra", version, about = "Lindra: symptomkartlegging i lindrende behandling")]
pub struct Config {
    /// Database: sqlite://PATH (default, a file under ./data) or postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, env = "LINDRA_DATABASE_URL", default_value = "sqlite://data/lindra.db", global = true)]
    pub database_url: String,

    /// Address to listen on.
    #[arg(long, env = "LINDRA_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Folder with the built browser bundle (pkg/) and static assets.
    #[arg(long, env = "LINDRA_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,

    /// Largest number of open database connections of this process.
    #[arg(long, env = "LINDRA_DB_MAX_CONNECTIONS", default_value_t = 16, global = true)]
    pub db_max_connections: u32,

    /// Demo mode: seed a demo ward into an empty database and act as its demo nurse.
    #[arg(long, env = "LINDRA_DEMO", default_value_t = false, global = true)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Clone, Debug)]
pub enum Command {
    /// Serve Lindra over HTTP (the default).
    Serve,
    /// Seed demo data of any size into an empty database (for benchmarks).
    Seed {
        #[arg(long, default_value_t = 1)]
        units: usize,
        #[arg(long, default_value_t = 8)]
        patients_per_unit: usize,
        #[arg(long, default_value_t = 21)]
        days: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &crate::storage::redact(&self.database_url))
            .field("addr", &self.addr)
            .field("site_root", &self.site_root)
            .field("db_max_connections", &self.db_max_connections)
            .field("demo", &self.demo)
            .field("command", &self.command)
            .finish()
    }
}
