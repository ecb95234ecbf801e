// The core's records and the commands' arguments, results and error as the UI receives them.
// Generated from the Rust types into ./bindings (`make bindings`); never write one here by hand.
// Enum values are the core's stable codes; their Chinese labels come from the `vocab` command.
export type * from './bindings';
