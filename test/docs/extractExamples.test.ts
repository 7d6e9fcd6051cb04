import { describe, expect, it } from 'vitest';
import { compareExpected, extractExamples, runExample } from './_extractExamples.js';

/** A source file with one doc comment holding `code` as an @example. */
function doc(...code: string[]): string {
  return ['/**', ' * Sums.', ' * @example', ' * ```ts', ...code.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' * ```', ' * @category core', ' */', 'export const x = 1;', ''].join('\n');
}

const lib = {
  add: (a: number, b: number): number => a + b,
  fail: (): never => {
    throw new RangeError('bad input');
  },
  obj: { a: 1, b: [2, 3] },
};

async function run(...code: string[]): Promise<string[]> {
  const [example] = extractExamples(doc(...code), 'src/x.ts');
  if (!example) throw new Error('no example extracted');
  return runExample(example, lib);
}

describe('extractExamples', () => {
  it('extracts the fenced block, strips " * ", drops the package import and maps //=> lines', () => {
    const source = doc("import { add } from 'loyalty-metrics';", 'const s = add(1, 2);', '', 's //=> 3', "  String(s); //=> '3'");
    const examples = extractExamples(source, 'src/x.ts');
    expect(examples).toHaveLength(1);
    const [ex] = examples;
    expect(ex?.error).toBeUndefined();
    expect(ex?.index).toBe(1);
    expect(ex?.line).toBe(4); // the opening fence
    expect(ex?.imports).toEqual(['add']);
    expect(ex?.code.split('\n')[0]).toBe("import { add } from 'loyalty-metrics';");
    expect(ex?.checks.map((c) => [c.line, c.expression, c.expected])).toEqual([
      [8, 's', '3'],
      [9, 'String(s)', "'3'"],
    ]);
    expect(ex?.body).not.toContain('loyalty-metrics');
  });

  it('numbers several examples per file and ignores fences outside @example', () => {
    const source = [
      '/**',
      ' * ```ts',
      ' * not run //=> 1',
      ' * ```',
      ' * @example',
      ' * ```ts',
      ' * 1 //=> 1',
      ' * ```',
      ' */',
      '/** @example',
      ' * ```js',
      ' * 2 //=> 2',
      ' * ```',
      ' */',
    ].join('\n');
    const examples = extractExamples(source, 'src/y.ts');
    expect(examples.map((e) => [e.index, e.line, e.error])).toEqual([
      [1, 6, undefined],
      [2, 11, undefined],
    ]);
  });

  it('reports an @example without a fence, with no check, with a misplaced //=> or with a foreign import', () => {
    const noFence = extractExamples('/**\n * @example\n * add(1, 2)\n */', 'src/z.ts');
    expect(noFence[0]?.error).toMatch(/without a fenced code block/);
    expect(extractExamples(doc('const a = 1;'), 'src/x.ts')[0]?.error).toMatch(/no `EXPR \/\/=> EXPECTED` check/);
    expect(extractExamples(doc('const a = 1; //=> 1'), 'src/x.ts')[0]?.error).toMatch(/must follow an expression/);
    expect(extractExamples(doc("import { Decimal } from 'decimal.js';", '1 //=> 1'), 'src/x.ts')[0]?.error).toMatch(/may import only from 'loyalty-metrics'/);
  });

  it('rejects TypeScript-only syntax with a message that says so', () => {
    for (const code of ['const a: number = 1;', 'const b = (1 as number);', 'const c = [1][0]!;', 'interface I { a: 1 }', 'const d = new Map<string, number>();']) {
      const [ex] = extractExamples(doc(code, '1 //=> 1'), 'src/x.ts');
      expect(ex?.error, code).toMatch(/TypeScript-only syntax/);
      expect(ex?.error, code).toMatch(/src\/x\.ts:5/);
    }
  });
});

describe('compareExpected', () => {
  it.each([
    ['abc', "'abc'", true],
    ['0.83', "'0.83'", true],
    [0.83, "'0.83'", false], // a single-quoted literal requires a string
    ["it's", "'it\\'s'", true],
    [0.83, '0.83', true],
    ['0.83', '0.83', false],
    [true, 'true', true],
    [null, 'null', true],
    [{ a: 1, b: [2, { c: 'x' }] }, '{ "b": [2, { "c": "x" }], "a": 1 }', true],
    [{ a: 1, toJSON: () => 'j' }, '"j"', true],
    [[1, 2], '[1, 2]', true],
    [[1, 2], '[2, 1]', false],
    [Number.NaN, 'NaN', true],
    [undefined, 'undefined', true],
    [83n, '83', false], // JSON cannot serialise a bigint
    [{ toString: () => '83/100' }, '83/100', true],
    [new Date(0), '1970-01-01T00:00:00.000Z', false], // String(date) is the local form, not ISO
  ])('%o vs %s -> %s', (value, expected, ok) => {
    expect(compareExpected(value, expected).ok).toBe(ok);
  });
});

describe('runExample', () => {
  it('passes when every check holds', async () => {
    expect(await run("import { add, obj } from 'loyalty-metrics';", 'add(1, 2) //=> 3', 'obj //=> {"a":1,"b":[2,3]}', 'await Promise.resolve(5) //=> 5')).toEqual([]);
  });

  it('provides every export even without an import, and allows shadowing an export', async () => {
    expect(await run('add(2, 2) //=> 4', 'const obj = 1;', 'obj //=> 1')).toEqual([]);
  });

  it('supports renamed and namespace imports', async () => {
    expect(await run("import { add as plus } from 'loyalty-metrics';", "import * as lm from 'loyalty-metrics';", 'plus(1, 1) //=> 2', 'lm.add(1, 2) //=> 3')).toEqual([]);
  });

  it('reports a failed check with its source line', async () => {
    const failures = await run('add(1, 2) //=> 4');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^src\/x\.ts:5: add\(1, 2\) \/\/=> 4/);
    expect(failures[0]).toMatch(/got number 3/);
  });

  it('checks inside try/catch run, and a failed check inside try is not swallowed', async () => {
    expect(await run('try {', '  fail();', '} catch (error) {', '  error.message //=> bad input', '  error instanceof RangeError //=> true', '}')).toEqual([]);
    const swallowed = await run('try {', '  add(1, 1) //=> 3', '} catch (error) {', '  error //=> nothing', '}');
    expect(swallowed.join('\n')).toMatch(/expected JSON 3/);
  });

  it('fails when a try block does not throw, so its catch checks never run', async () => {
    const failures = await run('try {', '  add(1, 1);', '} catch (error) {', "  error.message //=> 'bad input'", '}');
    expect(failures.join('\n')).toMatch(/src\/x\.ts:8: check `error.message \/\/=> 'bad input'` never ran/);
  });

  it('fails on an uncaught throw and on importing a name the package does not export', async () => {
    expect((await run('fail() //=> 1')).join('\n')).toMatch(/the example threw[\s\S]*bad input/);
    expect((await run("import { nope } from 'loyalty-metrics';", '1 //=> 1')).join('\n')).toMatch(/imports 'nope', which 'loyalty-metrics' does not export/);
  });

  it('runs the example in strict mode', async () => {
    expect((await run('undeclared = 1;', '1 //=> 1')).join('\n')).toMatch(/ReferenceError/);
  });
});
