// The one protocol module: every message that crosses the WebSocket, its
// runtime schema and its static type. Server, console and player page all
// import from here, so a message kind has exactly one definition.
// Its parts live in protocol/, one file per area; importers use this path only.
export * from './protocol/limits.ts';
export * from './protocol/codes.ts';
export * from './protocol/primitives.ts';
export * from './protocol/outcomes.ts';
export * from './protocol/table-views.ts';
export * from './protocol/pf2-messages.ts';
export * from './protocol/client-messages.ts';
export * from './protocol/server-messages.ts';
