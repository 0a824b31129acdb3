import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL } from '../../src/tool.js';

describe('TOOL', () => {
  it("has package.json's version, the one place it is written", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TOOL).toEqual({ name: 'gdpr-scan', version: pkg.version });
  });
});
