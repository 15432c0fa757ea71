import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_INDEX, bundleFile } from './protocol';

const root = resolve('/app/out/renderer');

describe('bundleFile', () => {
  it('maps the bundle’s URLs to files in the renderer folder', () => {
    expect(bundleFile(BUNDLE_INDEX, root)).toBe(join(root, 'index.html'));
    expect(bundleFile('app://bundle/', root)).toBe(join(root, 'index.html'));
    expect(bundleFile('app://bundle/assets/index-abc.js?v=1#x', root)).toBe(
      join(root, 'assets/index-abc.js'),
    );
    expect(bundleFile('app://bundle/assets/a%20b.css', root)).toBe(join(root, 'assets/a b.css'));
  });

  it('refuses paths out of the folder, encoded or not, and other schemes and hosts', () => {
    // URL parsing resolves `..` and `%2e%2e` segments at the root: they stay inside.
    expect(bundleFile('app://bundle/../secret.txt', root)).toBe(join(root, 'secret.txt'));
    expect(bundleFile('app://bundle/%2e%2e/%2e%2e/etc/passwd', root)).toBe(
      join(root, 'etc/passwd'),
    );
    // An encoded slash is decoded after parsing: the folder check catches it.
    expect(bundleFile('app://bundle/assets/..%2f..%2f..%2fetc%2fpasswd', root)).toBeNull();
    expect(bundleFile('app://bundle/%2Fetc%2Fpasswd', root)).toBe(join(root, 'etc/passwd'));
    expect(bundleFile('app://bundle/a%00.html', root)).toBeNull();
    expect(bundleFile('app://bundle/%E0%A4%A', root)).toBeNull();
    expect(bundleFile('app://other/index.html', root)).toBeNull();
    expect(bundleFile('file:///app/out/renderer/index.html', root)).toBeNull();
    expect(bundleFile('not a url', root)).toBeNull();
  });
});
