/**
 * A package loaded on its first use instead of when the server starts (issue 13, decision 041).
 * For packages that only rare actions need (PDF and QR generation, the name detector of the
 * identifying-details check, mail providers, Markdown at write time): a process that never
 * uses them never holds them. Synchronous, so a synchronous caller stays synchronous: it is
 * Node's `require` (a package's CommonJS build where it has one, else require(esm), Node
 * 20.19+). Server code only; the module system is looked up at the first call, so importing
 * this file costs nothing anywhere.
 *
 *   const pdfLib = lazyModule<typeof import("pdf-lib")>("pdf-lib");
 *   const { PDFDocument } = pdfLib();
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const { createRequire } = process.getBuiltinModule("node:module");
      loaded = createRequire(import.meta.url)(name) as T;
    }
    return loaded;
  };
}
