//! kubeplay's simulated cluster. A deterministic model of a small Kubernetes cluster: the
//! API server and its store, the controllers, the scheduler, the kubelets, the network with
//! Services and cluster DNS, and container images with a BusyBox-like userland.
//!
//! This crate knows nothing of kubectl's words, of terminals or of the DOM. It never reads a
//! clock: time is `Cluster::now`, moved by the host with `advance_to`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod addr;
pub mod api;
pub mod apiserver;
pub mod base64;
mod bootstrap;
pub mod cluster;
pub mod controllers;
pub mod ctx;
pub mod field;
pub mod hash;
pub mod host;
pub mod images;
pub mod interp;
pub mod kubelet;
pub mod labels;
pub mod net;
pub mod order;
pub mod process;
pub mod rng;
pub mod scheduler;
pub mod shell;
pub mod store;
pub mod testing;
pub mod time;
pub mod userland;

pub use api::{Key, Kind, Object};
pub use apiserver::{ApiError, DeleteOptions, Propagation};
pub use cluster::Cluster;
pub use time::Time;
