//! HTTP tests of vipmp-sandbox: a real server on port 0 over a real SQLite file (or, with
//! `VIPMP_TEST_BACKEND=postgres`, a PostgreSQL database of its own), driven with
//! reqwest. One binary; one module per resource.

mod helpers;

mod appendix_d;
mod caps;
mod clock_bounds;
mod contacts;
mod customers;
mod deployments;
mod determinism;
mod faults;
mod flex_discounts;
mod forecast;
mod gateway;
mod global_orders;
mod hardening_gateway;
mod hgo;
mod hvd;
mod idempotency;
mod isolation;
mod journal;
mod lga;
mod lifecycle;
mod limits;
mod linked_memberships;
mod marketplace_flow;
mod memberships;
mod observability;
mod openapi;
mod orders;
mod orders_returns;
mod orders_rules;
mod portal;
mod portal_controls;
mod portal_dates;
mod portal_forms;
mod portal_html;
mod portal_resources;
mod pricelist;
mod production;
mod purchase_authorizations;
mod recommendations;
mod renewals;
mod reseller_change;
mod resellers;
mod routes;
mod scheduled;
mod sessions;
mod smoke;
mod snapshots;
mod subscription_edit;
mod subscriptions;
mod switch;
mod time_travel;
