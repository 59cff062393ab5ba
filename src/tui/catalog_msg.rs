//! The catalog pickers' data round the loop: what a listing asks for (`Query`), its answer
//! (`Listed`), the effect that starts or cancels one and the message that answers it. Pure data.

use std::sync::Arc;

use crate::app::catalog::Connection;
use crate::app::{Context, Report};

/// What a listing asks for. `connection` is a name or an id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Query {
    Connections {
        kind: Option<String>,
    },
    Databases {
        connection: String,
    },
    Tables {
        connection: String,
        databases: Vec<String>,
    },
}

/// A listing's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Listed {
    Connections(Vec<Connection>),
    Databases(Vec<String>),
    /// `db.table` (or `db.schema.table`) names.
    Tables(Vec<String>),
}

impl Listed {
    /// The bytes of text the listing holds (what the pickers' cache is capped by).
    pub fn bytes(&self) -> usize {
        match self {
            Listed::Connections(c) => c
                .iter()
                .map(|c| c.id.len() + c.name.len() + c.kind.len() + c.description.len())
                .sum(),
            Listed::Databases(d) | Listed::Tables(d) => d.iter().map(String::len).sum(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum CatalogEffect {
    List {
        generation: u64,
        context: Arc<Context>,
        query: Query,
    },
    Cancel {
        generation: u64,
    },
}

#[derive(Clone, Debug)]
pub enum CatalogMsg {
    Listed {
        generation: u64,
        profile: String,
        query: Query,
        result: Result<Listed, Report>,
    },
    /// The spinner's tick while a listing is in flight.
    Spin { generation: u64 },
}
