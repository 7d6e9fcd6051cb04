/**
 * Finds the places where a repository file names something outside the repository: the data and tools
 * folder that sits beside the checkout on the maintainers' machines only, a relative path that climbs above
 * the repository root, or an absolute path of one machine. A user's clone, a fork, a tarball and a CI
 * runner have none of those, so a test, example, bench or doc that reads one fails there.
 *
 * The climb rule is a heuristic: each path-like token with a `..` segment (and each run of `'..'` arguments,
 * as in `path.join(dir, '..', '..')`) is resolved from the file's own folder, which is what
 * `new URL(…, import.meta.url)`, `resolve(__dirname, …)`, markdown links and `$(dirname "$0")/..` mean.
 */
import path from 'node:path';

/** One finding: where, which rule, and the line (trimmed and shortened). */
export interface OutsidePath {
  readonly file: string;
  readonly line: number;
  readonly rule: 'shared-folder' | 'climbs-out' | 'absolute-path';
  readonly text: string;
}

/** The folder beside the checkout (named with or without its `..`), and its two subfolders. */
const SHARED_FOLDER = /\.\.\/shared\b|\bshared\/(?:datasets|bench)\b/;

/**
 * Absolute paths of one machine: home folders, temporary folders, mounts. `/usr/bin/env` in a shebang is
 * not one of them. Not preceded by a word character, so `https://host.example/home/` is not matched.
 */
const ABSOLUTE_PATH = /(?<![\w.~%-])\/(?:work|tmp|root|home|Users|mnt|private\/(?:tmp|var)|var\/folders)(?=\/|['"`\s),;]|$)|\b[A-Za-z]:[\\/](?:Users|Temp|tmp|work)\b/i;

/** Path-like tokens: runs of the characters a relative path is written with. */
const TOKEN = /[\w.\-/@+~%]+/g;

/** Runs of `'..'` arguments (`path.join(HERE, '..', '..')`): each one climbs one folder. */
const DOTDOT_ARGS = /(?:(['"`])\.\.\1\s*,\s*)*(['"`])\.\.\2(?![\w./])/g;

/**
 * A sibling folder or tarball of the package itself, as in the install instructions
 * (`npm install ../loyalty-metrics`, `file:../loyalty-metrics-0.1.0.tgz`): a path the user has, not a file
 * this repository reads.
 */
const OWN_PACKAGE = /^loyalty-metrics(?:-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz)?(?:\.git)?\/?$/;

/** Whether `target`, resolved from the repository-relative folder `dir`, lands above the repository root. */
function climbsOut(dir: string, target: string): boolean {
  const resolved = path.posix.normalize(path.posix.join(dir, target));
  if (resolved !== '..' && !resolved.startsWith('../')) return false;
  const outside = resolved.replace(/^(?:\.\.\/)*(?:\.\.$)?/, '');
  return !OWN_PACKAGE.test(outside);
}

function shorten(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}

/**
 * The findings of one file. `file` is the repository-relative path with `/` separators; `text` its content.
 */
export function findOutsidePaths(file: string, text: string): OutsidePath[] {
  const dir = path.posix.dirname(file);
  const found: OutsidePath[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const add = (rule: OutsidePath['rule']) => found.push({ file, line: i + 1, rule, text: shorten(line) });
    if (SHARED_FOLDER.test(line)) add('shared-folder');
    if (ABSOLUTE_PATH.test(line)) add('absolute-path');
    if (!line.includes('..')) continue;
    let climbs = false;
    for (const match of line.matchAll(TOKEN)) {
      let token = match[0];
      if (!/(?:^|\/)\.\.(?:\/|$)/.test(token) || !token.includes('/')) continue;
      if (token.startsWith('/')) {
        // `${HERE}/../x` and `$(dirname "$0")/..` continue a folder computed from the file's own folder.
        const before = line[(match.index ?? 0) - 1];
        if (before !== '}' && before !== ')') continue;
        token = token.slice(1);
      }
      if (climbsOut(dir, token)) climbs = true;
    }
    for (const match of line.matchAll(DOTDOT_ARGS)) {
      const count = match[0].split('..').length - 1;
      if (climbsOut(dir, Array(count).fill('..').join('/'))) climbs = true;
    }
    if (climbs) add('climbs-out');
  }
  return found;
}

/** `file:line: rule: text`, the form the test prints. */
export function formatFinding(finding: OutsidePath): string {
  return `${finding.file}:${finding.line}: ${finding.rule}: ${finding.text}`;
}
