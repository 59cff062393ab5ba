//! Runs the catalog pickers' listings (`CatalogEffect`) on the runtime through `app::catalog`, with a
//! spinner tick while each is in flight; a cancelled one is aborted. The answer is a `CatalogMsg`.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::msg::Msg;
use crate::api::{ApiError, Session};
use crate::app::{Report, catalog};
use crate::tui::screens::source::catalog_pick::{CatalogEffect, CatalogMsg, Listed, Query, msg};

const SPIN: Duration = Duration::from_millis(100);

/// The listings in flight, by generation.
#[derive(Default)]
pub struct Jobs {
    running: HashMap<u64, JoinHandle<()>>,
}

impl Jobs {
    pub fn run(&mut self, e: CatalogEffect, tx: UnboundedSender<Msg>) {
        self.running.retain(|_, h| !h.is_finished());
        match e {
            CatalogEffect::Cancel { generation } => {
                if let Some(h) = self.running.remove(&generation) {
                    h.abort();
                }
            }
            CatalogEffect::List {
                generation,
                context,
                query,
            } => {
                let handle = tokio::spawn(async move {
                    let result = {
                        let work = list(&context.session, &query);
                        tokio::pin!(work);
                        loop {
                            tokio::select! {
                                r = &mut work => break r,
                                _ = tokio::time::sleep(SPIN) => {
                                    let _ = tx.send(msg(CatalogMsg::Spin { generation }));
                                }
                            }
                        }
                    };
                    let result = result.map_err(|e| Report::of(&e, &context.error_host(true)));
                    let _ = tx.send(msg(CatalogMsg::Listed {
                        generation,
                        profile: context.profile.clone(),
                        query,
                        result,
                    }));
                });
                self.running.insert(generation, handle);
            }
        }
    }
}

async fn list(session: &Session, q: &Query) -> Result<Listed, ApiError> {
    Ok(match q {
        Query::Connections { kind } => {
            Listed::Connections(catalog::connections(session, kind.as_deref()).await?)
        }
        Query::Databases { connection } => {
            let c = catalog::find_connection(session, connection).await?;
            Listed::Databases(catalog::databases(session, &c.id).await?)
        }
        Query::Tables {
            connection,
            databases,
        } => {
            let c = catalog::find_connection(session, connection).await?;
            let mut all = Vec::new();
            for db in databases {
                let tables = catalog::tables(session, &c.id, db, None).await?;
                all.extend(tables.iter().map(catalog::Table::qualified));
            }
            Listed::Tables(all)
        }
    })
}
