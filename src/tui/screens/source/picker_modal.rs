//! An open catalog picker as a modal: the picker component and what its choice fills in. Data; the
//! picker's behaviour is `catalog_pick`'s.

use crate::tui::catalog_msg::{Listed, Query};
use crate::tui::picker::Picker;

/// Which row the picker fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fills {
    Connection,
    Databases,
    Tables,
    /// A database first (`databaseName` is empty), then its tables.
    DatabaseThenTables,
}

/// An open picker: the component and what its choice fills in (a modal on `AppState::modals`).
#[derive(Clone, Debug, PartialEq)]
pub struct PickerModal {
    pub picker: Picker,
    pub(super) fills: Fills,
    pub(super) query: Query,
    pub(super) generation: u64,
    pub(super) data: Option<Listed>,
}
