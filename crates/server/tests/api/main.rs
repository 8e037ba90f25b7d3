//! HTTP tests of vipmp-sandbox: a real server on port 0 over a real SQLite file, driven with
//! reqwest. One binary; one module per resource.

mod helpers;

mod appendix_d;
mod customers;
mod gateway;
mod idempotency;
mod orders;
mod orders_returns;
mod orders_rules;
mod portal;
mod renewals;
mod resellers;
mod smoke;
mod subscriptions;
mod production;
