export * from "./auth";
export * from "./forums";
export * from "./invitations";
export * from "./outbox";
export * from "./audit";
export * from "./site";
export * from "./threads";
export * from "./notifications";
