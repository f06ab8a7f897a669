import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingDocReferences } from './doc-references';

/**
 * Comments point to documents in the repository (docs/, a folder's README) or to code, never to
 * a file that is not there: a newcomer who follows a pointer must find what it names.
 */
const root = process.cwd();

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed
    .split('\0')
    .filter((file) => /\.(ts|tsx|js|mjs|cjs|css|html|json)$/.test(file) && !file.endsWith('package-lock.json'))
    .filter((file) => existsSync(join(root, file)));
}

const exists = (fromFile: string, reference: string): boolean =>
  existsSync(join(root, normalize(reference))) || existsSync(join(root, dirname(fromFile), normalize(reference)));

describe('document references', () => {
  it('finds a reference to a file that is not there, and accepts one that is', () => {
    const elsewhere = ['SYNC', 'md'].join('.');
    const text = `// See docs/sync.md and ${elsewhere} "Client replica".\n/** server/README.md */`;
    expect(missingDocReferences('electron/core/x.ts', text, exists)).toEqual([elsewhere]);
  });

  it('every .md file a source file names exists in the repository', () => {
    const missing = sourceFiles().flatMap((file) =>
      missingDocReferences(file, readFileSync(join(root, file), 'utf8'), exists).map((ref) => `${file}: ${ref}`),
    );
    expect(missing).toEqual([]);
  });
});
