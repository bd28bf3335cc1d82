// Ambient declarations for imports the Remix compiler handles.
declare module "*.css" {
  const href: string;
  export default href;
}

declare module "govuk-frontend" {
  export function initAll(config?: Record<string, unknown>): void;
}
