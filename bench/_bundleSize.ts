/**
 * What an app pays for importing some exports of the built package: esbuild bundles them alone (ESM,
 * minified, browser platform, tree-shaking on, as an app's bundler would) and the bytes are counted.
 * Shared by bench/bundle-size.mjs and test/package/dist.test.ts.
 */
import { build } from 'esbuild';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** Bytes of the minified bundle. */
  readonly minified: number;
  /** Bytes of the minified bundle gzipped at level 9. */
  readonly gzip: number;
  /** Bytes each input file contributes to the bundle, keyed by its path relative to `root`. */
  readonly inputs: ReadonlyMap<string, number>;
}

/** Bundles `export { ...names } from packageEntry` (an absolute path) and measures the result. */
export async function bundleSize(names: readonly string[], packageEntry: string, root: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(packageEntry)};\n`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = new Map(Object.entries(output?.inputs ?? {}).map(([file, { bytesInOutput }]) => [relative(root, file), bytesInOutput]));
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}
