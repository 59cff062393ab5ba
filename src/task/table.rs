//! `body_table!`, the one table of the request body: each row names a body field once (its Rust
//! name, its wire name when they differ, its type and its catalog entry), and the macro makes from it
//! the struct field with its serde attributes, the read and write by catalog path, the path constant
//! (`task::path`, so a misspelt path is a compile error) and the catalog entry in `FIELDS`.

/// A field's name on the wire: its Rust name, or the name given after `as`.
macro_rules! wire_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $wire:literal) => {
        $wire
    };
}

/// See the module's doc. Rows are `name [as "wire"]: Type => catalog entry,`, in the order the body
/// sends them; each struct names the module of its path constants and the prefix of its paths.
macro_rules! body_table {
    (
        $(
            $(#[$meta:meta])*
            struct $name:ident, paths $paths:ident, at $prefix:literal {
                $( $field:ident $(as $wire:literal)? : $ty:ty => $spec:expr, )*
            }
        )*
    ) => {
        $(
            $(#[$meta])*
            #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct $name {
                $(
                    #[serde(default, skip_serializing_if = "Option::is_none" $(, rename = $wire)?)]
                    pub $field: Option<Typed<$ty>>,
                )*
                /// Keys the API page does not list. Kept so nothing the user wrote is dropped;
                /// validation warns.
                #[serde(flatten)]
                pub extra: serde_json::Map<String, serde_json::Value>,
            }

            impl $name {
                /// Its fields' wire names, in the order the body sends them.
                pub const WIRE_NAMES: &[&str] = &[$( wire_name!($field $($wire)?) ),*];

                /// One of its own fields by wire name; unknown names read as absent.
                fn own_slot(&self, name: &str) -> Slot<'_> {
                    match name {
                        $( wire_name!($field $($wire)?) => <$ty as Wire>::slot(&self.$field), )*
                        _ => Slot::Absent,
                    }
                }

                /// One of its own string fields by wire name.
                #[allow(dead_code)]
                fn own_text_mut(&mut self, name: &str) -> Option<&mut Option<Typed<String>>> {
                    match name {
                        $( wire_name!($field $($wire)?) => <$ty as Wire>::text_mut(&mut self.$field), )*
                        _ => None,
                    }
                }

                /// One of its own int32 fields by wire name.
                #[allow(dead_code)]
                fn own_int_mut(&mut self, name: &str) -> Option<&mut Option<Typed<i32>>> {
                    match name {
                        $( wire_name!($field $($wire)?) => <$ty as Wire>::int_mut(&mut self.$field), )*
                        _ => None,
                    }
                }
            }
        )*

        /// The catalog path of every body field, by struct: `path::schedule::cron_expression` is
        /// `"schedule_config.cron_expression"`.
        pub mod path {
            $(
                #[allow(non_upper_case_globals)]
                pub mod $paths {
                    $( pub const $field: &str = concat!($prefix, wire_name!($field $($wire)?)); )*
                }
            )*
        }

        /// Every body field in the order the body sends them (the API page's Tables 3, 4 and 5).
        /// Forms, validation messages, help, `ctask validate` and `ctask schema` all read it.
        pub const FIELDS: &[Field] = &[
            $( $( Field { path: concat!($prefix, wire_name!($field $($wire)?)), ..$spec }, )* )*
        ];
    };
}
