//! HTTP tests of vipmp-sandbox: a real server on port 0 over a real SQLite file, driven with
//! reqwest. One binary; one module per resource.

mod helpers;

mod smoke;
