// Allowed: schema files import each other.
export * from "./things";
