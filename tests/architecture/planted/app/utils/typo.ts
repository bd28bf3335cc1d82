// Broken: an import that resolves to nothing.
// @ts-expect-error -- deliberately missing, for the architecture check's own test
import { nothing } from "./no-such-module";
export const typo = nothing;
